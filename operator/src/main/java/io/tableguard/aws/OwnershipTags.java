package io.tableguard.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark a table as made by one TableRestore. The UID tag is the proof of ownership and is set on
 * its own, first; the namespace and name tags only tell people which resource it was, each within AWS's
 * 256-character limit on a tag value (a namespace has at most 63, a name at most 253).
 */
public final class OwnershipTags {
  public static final String PREFIX = "tableguard.io/";
  public static final String RESTORE_UID = PREFIX + "restore-uid";
  public static final String NAMESPACE = PREFIX + "namespace";
  public static final String NAME = PREFIX + "name";

  private OwnershipTags() {}

  public static Map<String, String> uid(String uid) {
    return Map.of(RESTORE_UID, uid);
  }

  /** The namespace and name tags the table does not carry yet. */
  public static Map<String, String> missingNames(Map<String, String> tags, String namespace, String name) {
    Map<String, String> missing = new LinkedHashMap<>();
    if (!namespace.equals(tags.get(NAMESPACE))) {
      missing.put(NAMESPACE, namespace);
    }
    if (!name.equals(tags.get(NAME))) {
      missing.put(NAME, name);
    }
    return missing;
  }

  public static boolean ownedBy(Map<String, String> tags, String uid) {
    return uid.equals(tags.get(RESTORE_UID));
  }

  /** Another TableRestore's UID is on it. */
  public static boolean ownedByAnother(Map<String, String> tags, String uid) {
    return tags.containsKey(RESTORE_UID) && !ownedBy(tags, uid);
  }
}
