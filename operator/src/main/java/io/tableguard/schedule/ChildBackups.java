package io.tableguard.schedule;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.backup.TableBackupSpec;
import io.tableguard.model.schedule.BackupOwnerReference;
import io.tableguard.model.schedule.TableBackupSchedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

/**
 * The TableBackups a schedule makes, built in one place: named deterministically from the scheduled UTC instant
 * (so a retry or a restart never makes a second one), labelled with the schedule, and carrying nothing of the
 * schedule's own labels or annotations (Argo CD's tracking would otherwise claim them as its own, and prune them).
 */
final class ChildBackups {
  /** Kubernetes allows 253; 63 keeps the name usable as a label value too. */
  static final int MAX_NAME = 63;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private ChildBackups() {}

  /** {@code <schedule>-<yyyyMMdd-HHmm UTC>}; a long schedule name is shortened and made unique by a hash. */
  static String name(TableBackupSchedule schedule, Instant scheduledAt) {
    String suffix = "-" + STAMP.format(scheduledAt);
    String base = schedule.getMetadata().getName();
    if (base.length() + suffix.length() > MAX_NAME) {
      String hash = sha256(base).substring(0, 8);
      base = base.substring(0, MAX_NAME - suffix.length() - hash.length() - 1).replaceAll("[-.]+$", "") + "-" + hash;
    }
    return base + suffix;
  }

  static TableBackup build(TableBackupSchedule schedule, Instant scheduledAt) {
    TableBackup backup = new TableBackup();
    backup.getMetadata().setName(name(schedule, scheduledAt));
    backup.getMetadata().setNamespace(schedule.getMetadata().getNamespace());
    backup.getMetadata().setLabels(Map.of(TableBackup.SCHEDULE_LABEL, schedule.getMetadata().getName(),
        "app.kubernetes.io/managed-by", "tableguard"));
    backup.getMetadata().setAnnotations(Map.of(TableBackup.SCHEDULED_AT_ANNOTATION, scheduledAt.toString()));
    if (schedule.getSpec().getBackupOwnerReference() == BackupOwnerReference.schedule) {
      backup.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder()
          .withApiVersion(schedule.getApiVersion()).withKind(schedule.getKind())
          .withName(schedule.getMetadata().getName()).withUid(schedule.getMetadata().getUid())
          .withBlockOwnerDeletion(false).withController(true).build()));
    }
    TableBackupSpec spec = new TableBackupSpec();
    spec.setProtectedTableRef(schedule.getSpec().getProtectedTableRef());
    spec.setDeletionPolicy(schedule.getSpec().getDeletionPolicy());
    backup.setSpec(spec);
    return backup;
  }

  /** The scheduled instant a child was made for. */
  static Instant scheduledAt(TableBackup child) {
    return Instant.parse(child.getMetadata().getAnnotations().get(TableBackup.SCHEDULED_AT_ANNOTATION));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
