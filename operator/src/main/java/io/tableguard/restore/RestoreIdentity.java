package io.tableguard.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tableguard.model.restore.TableRestoreSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Which restore a TableRestore spec asks for, in a form that outlives upgrades: the ProtectedTable it restores,
 * the restore point (an instant, however its offset is written), the target table's name and the overrides that
 * shape it. What only decides what happens around the restore (the settings copied, deletionPolicy,
 * ttlAfterCompletion) and every field a later release adds with a default are left out, so a TableRestore that a
 * GitOps tool re-creates after an upgrade is still recognised, and never restored (and paid for) twice.
 */
final class RestoreIdentity {
  /** Changes only if the fields below change meaning; records of another version are then not matched. */
  private static final String VERSION = "v1";
  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private RestoreIdentity() {}

  static String of(TableRestoreSpec spec) {
    StringBuilder canonical = new StringBuilder(VERSION);
    canonical.append("\nsource=").append(spec.getSource() == null ? "" : spec.getSource().getProtectedTableRef());
    if (spec.getSource() != null && spec.getSource().fromBackup()) {
      // Only for restores from a backup, so that the identity of every PITR restore stays what it was.
      canonical.append("\nbackupRef=").append(Objects.toString(spec.getSource().getBackupRef(), ""))
          .append("\nbackupArn=").append(Objects.toString(spec.getSource().getBackupArn(), ""));
    }
    var point = spec.getRestorePoint();
    canonical.append("\ntime=").append(point == null ? "" : instant(point.getTime()));
    canonical.append("\nlatest=").append(point != null && Boolean.TRUE.equals(point.getLatest()));
    canonical.append("\ntarget=").append(spec.getTarget() == null ? "" : spec.getTarget().getTableName());
    try {
      canonical.append("\noverrides=").append(spec.getOverrides() == null ? ""
          : CANONICAL.writeValueAsString(spec.getOverrides()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the overrides of a TableRestore always serialise", e);
    }
    return VERSION + ":" + sha256(canonical.toString());
  }

  /** The same instant written with another offset is the same restore point. */
  private static String instant(String time) {
    return Optional.ofNullable(time).map(t -> {
      try {
        return OffsetDateTime.parse(t).toInstant().toString();
      } catch (DateTimeParseException notAnInstant) {
        return t;
      }
    }).orElse("");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
