package io.tableguard.restore;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tableguard.aws.CopySessions;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.aws.RoleSession;
import io.tableguard.aws.TableTarget;
import io.tableguard.config.CopyJobSettings;
import io.tableguard.dataplane.ConfigMapCheckpoints;
import io.tableguard.dataplane.CopyPlan;
import io.tableguard.dataplane.Difference;
import io.tableguard.dataplane.Outcome;
import io.tableguard.dataplane.ShardWriteBack;
import io.tableguard.dataplane.Tally;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.restore.ItemRestoreStatus;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.RestoreReason;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * WritingBack (spec.items): the intermediate table is ACTIVE; the live table is checked to be the very table the
 * restore started from (same TableId, same key schema, not global), the copy Job is started with credentials for
 * the two tables only, its progress is read back into status, and when it ends the intermediate table is deleted
 * (unless kept) and the restore completes, or fails with the Job.
 */
class WritingBackPhase implements PhaseHandler {
  private static final Logger log = LoggerFactory.getLogger(WritingBackPhase.class);
  private static final Duration POLL = Duration.ofSeconds(5);
  /** A new session well before the old one's hour is up: the pods re-read the mounted file when it changes. */
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(25);
  private static final int WRITE_THREADS = 16;

  private final RestoreGateway restores;
  private final RestoreTables tables;
  private final TableOwnership ownership;
  private final CopyJobs jobs;
  private final CopySessions sessions;
  private final CopyJobSettings settings;
  private final Optional<URI> awsEndpoint;
  private final RestoreStatusRecorder recorder;
  private final Clock clock;

  WritingBackPhase(RestoreGateway restores, RestoreTables tables, TableOwnership ownership, CopyJobs jobs,
      CopySessions sessions, CopyJobSettings settings, Optional<URI> awsEndpoint, RestoreStatusRecorder recorder,
      Clock clock) {
    this.restores = restores;
    this.tables = tables;
    this.ownership = ownership;
    this.jobs = jobs;
    this.sessions = sessions;
    this.settings = settings;
    this.awsEndpoint = awsEndpoint;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public Set<RestorePhase> phases() {
    return EnumSet.of(RestorePhase.WritingBack);
  }

  @Override
  public Step run(RestoreContext run) {
    TableRestore restore = run.restore();
    TableRestoreStatus status = restore.getStatus();
    ItemRestoreStatus items = copy(status.getItems());
    TableTarget live = tables.source(restore);
    TableTarget intermediate = tables.target(restore);
    if (items.getJobName() == null) {
      TableDescription liveTable = restores.describe(live).orElseThrow(() -> new RestoreFailure(
          RestoreReason.SourceTableNotFound, "the live table " + live + " is gone: nothing to write back into"));
      TableDescription restored = restores.describe(intermediate).orElseThrow(() -> new RestoreFailure(
          RestoreReason.TargetTableDeleted, "the intermediate table " + intermediate.tableName() + " was deleted "
              + "before the write-back"));
      ownership.requireSameTable(restore, intermediate, restored);
      requireSameLiveTable(status, live, liveTable, restored);
      items.setJobName(CopyJobs.name(restore));
      items.setShards(restore.getSpec().getItems().getWriteBack().getShards());
      items.setShardsDone(0);
      status.setItems(items);
      // On record before the Job exists: a restart finds the name and looks for the Job instead of guessing.
      run.checkpoint();
      recorder.event(restore, EventRecorder.Type.Normal, RestoreReason.WriteBackStarted,
          "writing back " + restore.getSpec().getItems().getWriteBack().getMode() + " from "
              + intermediate.tableName() + " into " + live.tableName() + " with Job " + jobs.namespace() + "/"
              + items.getJobName() + " (" + items.getShards() + " shards)");
      log.info("{}/{} write-back Job {}/{} starting", restore.getMetadata().getNamespace(),
          restore.getMetadata().getName(), jobs.namespace(), items.getJobName());
    }
    Optional<Job> job = jobs.job(restore);
    if (job.isEmpty() || items.getCredentialsExpireAt() == null || Instant.parse(items.getCredentialsExpireAt())
        .isBefore(clock.instant().plus(REFRESH_BEFORE_EXPIRY))) {
      // First, after a restart between the checkpoint and the Job, or near the session's end: a new session, and
      // whatever of the Job's parts is missing (the Secret, if it exists, gets the new session).
      Credentials credentials = issue(restore, status, live);
      String file = credentialsFile(credentials);
      String expires = Timestamps.format(credentials.expiration());
      jobs.ensure(restore, plan(restore, status, live, intermediate), file, expires);
      jobs.refreshCredentials(restore, file, expires);
      items.setCredentialsExpireAt(expires);
      job = jobs.job(restore);
    }
    List<ConfigMap> progress = jobs.progress(restore);
    report(items, progress);
    status.setItems(items);
    if (job.isEmpty()) {
      return Step.after(POLL);
    }
    if (condition(job.get(), "Failed")) {
      // The Job, its pods and their logs stay for whoever looks into it (the session in its Secret expires within
      // the hour, never refreshed again); the TableRestore's finalizer deletes them with it.
      throw new RestoreFailure(RestoreReason.WriteBackFailed, "copy Job " + jobs.namespace() + "/"
          + items.getJobName() + " failed (" + conditionMessage(job.get(), "Failed") + "); " + items.getShardsDone()
          + " of " + items.getShards() + " shards done, " + items.getWritten() + " written, " + items.getDeleted()
          + " deleted. Its pods' logs say why; a new TableRestore starts over (already restored items count as "
          + "unchanged)");
    }
    if (!condition(job.get(), "Complete")) {
      recorder.progress(restore, RestorePhase.WritingBack, "writing back: " + items.getShardsDone() + " of "
          + items.getShards() + " shards done; " + items.getScanned() + " examined, " + items.getWritten()
          + " written, " + items.getDeleted() + " deleted, " + items.getSkippedChanged() + " skipped (changed)");
      return Step.after(POLL);
    }
    finish(run, restore, items, intermediate, progress);
    return Step.of(Optional.empty());
  }

  /**
   * The intermediate table goes first (again, harmlessly, after a restart), then the status says Completed and is
   * written, and only then do the Job and its parts go: a restart before that finds the Job complete and ends the
   * same way; one after it finds the restore Completed, and the TableRestore's finalizer removes what was left.
   */
  private void finish(RestoreContext run, TableRestore restore, ItemRestoreStatus items, TableTarget intermediate,
      List<ConfigMap> progress) {
    if (!Boolean.TRUE.equals(restore.getSpec().getItems().getKeepIntermediateTable())) {
      Optional<TableDescription> table = restores.describe(intermediate);
      Optional<String> notOurs = table.flatMap(t -> ownership.whyNotOurs(restore, intermediate, t));
      if (notOurs.isPresent()) {
        items.setIntermediateTableDeleted(false);
        recorder.event(restore, EventRecorder.Type.Warning, RestoreReason.TableNotDeleted, "intermediate table "
            + intermediate.tableName() + " was left alone: " + notOurs.get());
      } else {
        if (table.isPresent()) {
          restores.delete(intermediate);
          recorder.event(restore, EventRecorder.Type.Normal, RestoreReason.IntermediateTableDeleted,
              "deleted intermediate table " + intermediate.tableName() + " after the write-back");
        }
        items.setIntermediateTableDeleted(true);
      }
    }
    restore.getStatus().setItems(items);
    recorder.completeWriteBack(restore, "wrote back " + restore.getSpec().getItems().getWriteBack().getMode() + " into "
        + restore.getStatus().getSourceTableName() + " as at " + restore.getStatus().getRestoreDateTime() + ": "
        + items.getScanned() + " examined, " + items.getWritten() + " written, " + items.getDeleted() + " deleted, "
        + items.getSkippedChanged() + " skipped as changed by the application, " + items.getSkippedExisting()
        + " left as they are, " + items.getUnchanged() + " unchanged; differences: " + items.getMissingNow()
        + " missing now, " + items.getChanged() + " changed, " + items.getAddedSince() + " added since",
        outcomes(progress));
    run.checkpoint();
    jobs.delete(restore);
  }

  /** The live table must be the one the restore point belongs to, with the intermediate's keys, and not global. */
  private static void requireSameLiveTable(TableRestoreStatus status, TableTarget live, TableDescription liveTable,
      TableDescription restored) {
    // Checked when the restore started too: a table can become global while it restores.
    ItemRestoreChecks.requireNotGlobal(live, liveTable);
    if (status.getSourceTableId() != null && !status.getSourceTableId().equals(liveTable.tableId())) {
      throw new RestoreFailure(RestoreReason.LiveTableReplaced, live + " was deleted and created again since the "
          + "restore started (TableId " + status.getSourceTableId() + ", now " + liveTable.tableId() + "): its "
          + "items are not the ones the restore point holds; nothing was written");
    }
    List<KeySchemaElement> keys = liveTable.keySchema();
    if (!keys.equals(restored.keySchema())) {
      throw new RestoreFailure(RestoreReason.KeySchemaChanged, live + " has key schema " + keys + ", the restore "
          + "point " + restored.keySchema() + ": items cannot be matched; nothing was written");
    }
  }

  private Credentials issue(TableRestore restore, TableRestoreStatus status, TableTarget live) {
    String role = live.roleArn().or(settings::roleArn)
        .orElseThrow(ItemRestoreChecks::noCopyRole);
    return sessions.issue(role, live.region(), new RoleSession(role, restore.getMetadata().getNamespace(),
        restore.getMetadata().getName()), status.getTargetTableArn(), status.getSourceTableArn());
  }

  private static String credentialsFile(Credentials credentials) {
    return "[default]\naws_access_key_id = " + credentials.accessKeyId() + "\naws_secret_access_key = "
        + credentials.secretAccessKey() + "\naws_session_token = " + credentials.sessionToken() + "\n";
  }

  private CopyPlan plan(TableRestore restore, TableRestoreStatus status, TableTarget live, TableTarget intermediate) {
    List<String> keyAttributes = restores.describe(live).map(t -> t.keySchema().stream()
        .sorted((a, b) -> a.keyTypeAsString().compareTo(b.keyTypeAsString()))
        .map(KeySchemaElement::attributeName).toList()).orElse(List.of());
    String ttl = status.getSourceSettings() == null ? null : status.getSourceSettings().getTimeToLiveAttribute();
    return new CopyPlan(intermediate.tableName(), live.tableName(), live.region(),
        awsEndpoint.map(URI::toString).orElse(null), keyAttributes, ttl,
        status.getTableActiveTime() == null ? clock.instant().toString() : status.getTableActiveTime(),
        restore.getSpec().getItems(), CopyJobs.name(restore), WRITE_THREADS);
  }

  private static Tally.Counts total(List<ConfigMap> progress) {
    Tally.Counts total = Tally.Counts.none();
    for (ConfigMap map : progress) {
      Optional<ShardWriteBack.Checkpoint> checkpoint = ConfigMapCheckpoints.read(map);
      if (checkpoint.isPresent()) {
        total = total.plus(checkpoint.get().counts());
      }
    }
    return total;
  }

  private static Map<String, Long> outcomes(List<ConfigMap> progress) {
    Map<String, Long> byName = new TreeMap<>();
    total(progress).outcomes().forEach((outcome, count) -> byName.put(outcome.name(), count));
    return byName;
  }

  /** The shards' checkpoints, summed into status. */
  private static void report(ItemRestoreStatus items, List<ConfigMap> progress) {
    Tally.Counts total = total(progress);
    items.setShardsDone((int) progress.stream().map(ConfigMapCheckpoints::read)
        .filter(c -> c.isPresent() && c.get().done()).count());
    items.setScanned(total.examined());
    items.setMatched(total.of(Difference.MissingNow) + total.of(Difference.Changed) + total.of(Difference.AddedSince));
    items.setWritten(total.of(Outcome.Written));
    items.setDeleted(total.of(Outcome.Deleted));
    items.setSkippedExisting(total.of(Outcome.SkippedExisting));
    items.setSkippedChanged(total.of(Outcome.SkippedChanged));
    items.setSkippedByCondition(total.of(Outcome.SkippedByCondition));
    items.setSkippedTooLarge(total.of(Outcome.SkippedTooLarge));
    items.setSkippedExpired(total.of(Outcome.SkippedExpired));
    items.setUnchanged(total.of(Outcome.Unchanged));
    items.setAlreadyRestored(total.of(Outcome.AlreadyRestored));
    items.setReported(total.of(Outcome.Reported));
    items.setFailed(total.of(Outcome.Failed));
    items.setMissingNow(total.of(Difference.MissingNow));
    items.setChanged(total.of(Difference.Changed));
    items.setAddedSince(total.of(Difference.AddedSince));
    if (!total.samples().isEmpty()) {
      Map<String, List<String>> samples = new TreeMap<>();
      total.samples().forEach((difference, keys) -> samples.put(lowerFirst(difference.name()), keys));
      items.setSampleKeys(samples);
    }
  }

  private static String lowerFirst(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static boolean condition(Job job, String type) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
        .stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String conditionMessage(Job job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .map(c -> c.getReason() + ": " + c.getMessage()).orElse("");
  }

  /** A new object: status copies share the old one (TableRestoreStatus#copy). */
  private static ItemRestoreStatus copy(ItemRestoreStatus items) {
    return items == null ? new ItemRestoreStatus()
        : Serialization.jsonMapper().convertValue(Serialization.jsonMapper().valueToTree(items),
            ItemRestoreStatus.class);
  }
}
