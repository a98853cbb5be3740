package io.tableguard.aws;

import java.util.Map;

/**
 * The tags that mark a table as made by one TableRestore. Only a table whose tag names the TableRestore's
 * UID is ever adopted after a restart or deleted by the operator.
 */
public final class OwnershipTags {
  public static final String PREFIX = "tableguard.io/";
  public static final String RESTORE_UID = PREFIX + "restore-uid";
  public static final String RESTORE = PREFIX + "restore";

  private OwnershipTags() {}

  public static Map<String, String> of(String namespace, String name, String uid) {
    return Map.of(RESTORE_UID, uid, RESTORE, namespace + "/" + name);
  }

  public static boolean ownedBy(Map<String, String> tags, String uid) {
    return uid.equals(tags.get(RESTORE_UID));
  }
}
