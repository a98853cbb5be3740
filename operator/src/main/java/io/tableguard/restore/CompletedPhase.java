package io.tableguard.restore;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.CheckInterval;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TargetOwnership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completed and Failed never change. A Completed restore with ttlAfterCompletion is deleted that long after it
 * completed, once a record stops a GitOps tool's re-creation of it from restoring again.
 */
class CompletedPhase {
  private static final Logger log = LoggerFactory.getLogger(CompletedPhase.class);
  /** The CRD bounds ttlAfterCompletion to a year; a resource stored before that rule is held to it as well. */
  static final Duration MAX_TTL = Duration.ofHours(8760);

  private final CompletedRestoreRecords records;
  private final RestoreStatusRecorder recorder;
  private final Clock clock;

  CompletedPhase(CompletedRestoreRecords records, RestoreStatusRecorder recorder, Clock clock) {
    this.records = records;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** When to look again, if ever; deletes the resource once its TTL has passed. */
  Optional<Duration> check(TableRestore restore, Context<TableRestore> context) {
    if (restore.getStatus().getPhase() == RestorePhase.Completed
        && restore.getStatus().getTargetOwnership() == TargetOwnership.Unproven) {
      // After a restart the gauge is published again, for as long as the resource exists.
      recorder.unownedTable(restore);
    }
    Optional<Duration> remaining = untilExpiry(restore);
    if (remaining.isEmpty() || !remaining.get().isNegative() && !remaining.get().isZero()) {
      return remaining;
    }
    log.info("{}/{} ttlAfterCompletion {} has passed; deleting it", restore.getMetadata().getNamespace(),
        restore.getMetadata().getName(), restore.getSpec().getTtlAfterCompletion());
    records.remember(restore, ttl(restore), context.getClient());
    context.getClient().resource(restore).delete();
    return Optional.empty();
  }

  /**
   * Counted from when this resource became Completed (its Ready transition): a TableRestore that reports an
   * earlier one's result carries that one's completionTime, and must not be deleted the moment it appears.
   */
  Optional<Duration> untilExpiry(TableRestore restore) {
    if (restore.getSpec().getTtlAfterCompletion() == null || restore.getStatus().getPhase() != RestorePhase.Completed) {
      return Optional.empty();
    }
    Optional<String> completed = Conditions.find(restore.getStatus().getConditions(), Conditions.READY)
        .map(Condition::getLastTransitionTime)
        .or(() -> Optional.ofNullable(restore.getStatus().getCompletionTime()));
    return completed.map(at -> ttl(restore).minus(Duration.between(Instant.parse(at), clock.instant())));
  }

  private static Duration ttl(TableRestore restore) {
    Duration ttl = CheckInterval.parse(restore.getSpec().getTtlAfterCompletion());
    return ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
  }
}
