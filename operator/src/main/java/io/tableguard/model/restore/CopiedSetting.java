package io.tableguard.model.restore;

import java.util.List;

/** What a DynamoDB restore does not carry over, and the operator can copy from the source table. */
public enum CopiedSetting {
  TimeToLive, Streams, Tags, DeletionProtection, AutoScaling, PointInTimeRecovery;

  public static List<CopiedSetting> all() {
    return List.of(values());
  }
}
