package io.tableguard.schedule;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.BudgetNotDue;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.EventRecorder.Type;
import io.tableguard.kube.StatusChange;
import io.tableguard.kube.Timestamps;
import io.tableguard.metrics.BackupMetrics;
import io.tableguard.model.Reason;
import io.tableguard.model.SharedReason;
import io.tableguard.model.backup.BackupPhase;
import io.tableguard.model.backup.TableBackup;
import io.tableguard.model.schedule.ScheduleReason;
import io.tableguard.model.schedule.TableBackupSchedule;
import io.tableguard.model.schedule.TableBackupScheduleStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a TableBackup at each scheduled instant of a cron schedule in a time zone, never two at once, catching up
 * at most the latest run missed while the operator was away, and prunes what its retention drops. It composes the
 * TableBackup kind through child resources (deterministic names, its label), never through its code: each backup
 * is made exactly once by the TableBackup controller. Status holds when it last ran and succeeded and when it runs
 * next; the only memory besides is the children themselves.
 */
@ControllerConfiguration(name = TableBackupScheduleReconciler.NAME)
public class TableBackupScheduleReconciler implements Reconciler<TableBackupSchedule>, Cleaner<TableBackupSchedule> {
  public static final String NAME = "tablebackupschedule";
  static final String CATCH_UP_POLICY = "at most one missed run is made up after downtime: the latest, when the "
      + "operator is back";
  private static final Logger log = LoggerFactory.getLogger(TableBackupScheduleReconciler.class);
  /** A failed AWS call while pruning is tried again this soon. */
  private static final Duration PRUNE_RETRY = Duration.ofSeconds(30);

  private final Clock clock;
  private final Duration recheck;
  private final Pruning pruning;
  private final EventRecorder events;
  private final BackupMetrics metrics;
  private InformerEventSource<TableBackup, TableBackupSchedule> children;

  TableBackupScheduleReconciler(Clock clock, Duration recheck, Pruning pruning, EventRecorder events,
      BackupMetrics metrics) {
    this.clock = clock;
    this.recheck = recheck;
    this.pruning = pruning;
    this.events = events;
    this.metrics = metrics;
  }

  /** The TableBackups it made, by its label: a schedule is woken when one of them changes. */
  @Override
  public List<EventSource<?, TableBackupSchedule>> prepareEventSources(
      EventSourceContext<TableBackupSchedule> context) {
    children = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(TableBackup.class, TableBackupSchedule.class)
        .withName("tablebackups-of-schedules")
        .withLabelSelector(TableBackup.SCHEDULE_LABEL)
        .withSecondaryToPrimaryMapper(backup -> Set.of(new ResourceID(
            backup.getMetadata().getLabels().get(TableBackup.SCHEDULE_LABEL), backup.getMetadata().getNamespace())))
        .build(), context);
    return List.of(children);
  }

  @Override
  public UpdateControl<TableBackupSchedule> reconcile(TableBackupSchedule schedule,
      Context<TableBackupSchedule> context) {
    try {
      return AwsBudgets.onBehalfOf(schedule.getMetadata().getUid(), () -> check(schedule, context));
    } catch (BudgetNotDue notDue) {
      // Nothing lost: a child made before this is found again by its name next time.
      return UpdateControl.<TableBackupSchedule>noUpdate().rescheduleAfter(notDue.retryIn());
    }
  }

  private UpdateControl<TableBackupSchedule> check(TableBackupSchedule schedule,
      Context<TableBackupSchedule> context) {
    TableBackupScheduleStatus before = schedule.getStatus();
    TableBackupScheduleStatus status = before == null ? new TableBackupScheduleStatus() : before.copy();
    status.setObservedGeneration(schedule.getMetadata().getGeneration());
    status.setCatchUpPolicy(CATCH_UP_POLICY);
    schedule.setStatus(status);
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(schedule.getSpec().getSchedule(), schedule.getSpec().getTimeZone());
    } catch (CronSchedule.InvalidSchedule invalid) {
      if (!invalid.getMessage().equals(status.getMessage())) {
        events.record(schedule, Type.Warning, SharedReason.InvalidSpec, "Schedule", invalid.getMessage());
      }
      status.setNextScheduleTime(null);
      metrics.nextSchedule(namespace(schedule), schedule.getMetadata().getName(), Optional.empty());
      ready(schedule, false, SharedReason.InvalidSpec, invalid.getMessage());
      return StatusChange.patchIfChanged(schedule, before, context);
    }
    Instant now = clock.instant();
    List<TableBackup> mine = children.list(namespace(schedule), b -> schedule.getMetadata().getName()
        .equals(b.getMetadata().getLabels().get(TableBackup.SCHEDULE_LABEL))).toList();
    boolean suspended = Boolean.TRUE.equals(schedule.getSpec().getSuspend());
    Optional<Waiting> waiting = suspended ? Optional.empty() : runIfDue(schedule, cron, mine, now, context);
    Pruning.Result pruned = pruning.prune(schedule, mine, cron, now, context.getClient());
    status.setKept(pruned.kept());
    status.setPruned((status.getPruned() == null ? 0 : status.getPruned()) + pruned.pruned());
    mine.stream().filter(c -> c.getStatus() != null && c.getStatus().getPhase() == BackupPhase.Available)
        .map(c -> c.getStatus().getCreationTime()).filter(t -> t != null).max(Comparator.naturalOrder())
        .ifPresent(status::setLastSuccessfulTime);
    // A run that waits for the previous backup is still the next one: the metric stays put, and the alert sees it.
    Optional<Instant> next = suspended ? Optional.empty()
        : waiting.map(Waiting::due).or(() -> cron.nextAfter(now));
    status.setNextScheduleTime(next.map(Timestamps::format).orElse(null));
    metrics.nextSchedule(namespace(schedule), schedule.getMetadata().getName(), next);
    record(schedule, mine, suspended, waiting, next);
    Duration wake = next.map(at -> Duration.between(now, at)).filter(d -> d.compareTo(recheck) < 0).orElse(recheck);
    if (pruned.failed() > 0 && wake.compareTo(PRUNE_RETRY) > 0) {
      wake = PRUNE_RETRY;
    }
    return StatusChange.patchIfChanged(schedule, before, context).rescheduleAfter(wake.isNegative() ? Duration.ZERO
        : wake);
  }

  /** A due run that waits for the TableBackup still running. */
  private record Waiting(Instant due, String running) {
    String message() {
      return "the backup due at " + due + " waits for TableBackup " + running + ", still running (never two at once)";
    }
  }

  /**
   * Makes the TableBackup of the latest scheduled instant when none was made for it yet and none is running;
   * returns the run that waits, when one does.
   */
  private Optional<Waiting> runIfDue(TableBackupSchedule schedule, CronSchedule cron, List<TableBackup> mine,
      Instant now, Context<TableBackupSchedule> context) {
    TableBackupScheduleStatus status = schedule.getStatus();
    Optional<Instant> due = cron.latestAtOrBefore(now);
    Instant created = Instant.parse(schedule.getMetadata().getCreationTimestamp());
    Instant last = status.getLastScheduleTime() == null ? null : Instant.parse(status.getLastScheduleTime());
    if (due.isEmpty() || due.get().isBefore(created) || last != null && !due.get().isAfter(last)) {
      return Optional.empty();
    }
    String name = ChildBackups.name(schedule, due.get());
    if (mine.stream().anyMatch(c -> c.getMetadata().getName().equals(name))) {
      status.setLastScheduleTime(Timestamps.format(due.get()));
      status.setLastBackup(name);
      return Optional.empty();
    }
    Optional<TableBackup> running = mine.stream().filter(c -> c.getStatus() == null
        || c.getStatus().getPhase() == null || !c.getStatus().getPhase().terminal()).findFirst();
    if (running.isPresent()) {
      return Optional.of(new Waiting(due.get(), running.get().getMetadata().getName()));
    }
    int missed = missedBefore(cron, last == null ? created : last, due.get());
    try {
      context.getClient().resource(ChildBackups.build(schedule, due.get())).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    log.info("{}/{} made TableBackup {} for {}", namespace(schedule), schedule.getMetadata().getName(), name,
        due.get());
    status.setLastScheduleTime(Timestamps.format(due.get()));
    status.setLastBackup(name);
    events.record(schedule, Type.Normal, ScheduleReason.BackupScheduled, "Schedule", "made TableBackup " + name
        + " for " + due.get());
    if (missed > 0) {
      events.record(schedule, Type.Warning, ScheduleReason.RunsMissed, "Schedule", missed + " scheduled run(s) "
          + "before " + due.get() + " were missed (the operator was not running); only this latest one was made up");
    }
    return Optional.empty();
  }

  /** Scheduled instants after {@code from} and before {@code due} (counted up to 1,000). */
  private static int missedBefore(CronSchedule cron, Instant from, Instant due) {
    int missed = 0;
    Optional<Instant> at = cron.nextAfter(from);
    while (at.isPresent() && at.get().isBefore(due) && missed < 1000) {
      missed++;
      at = cron.nextAfter(at.get());
    }
    return missed;
  }

  private void record(TableBackupSchedule schedule, List<TableBackup> mine, boolean suspended,
      Optional<Waiting> waiting, Optional<Instant> next) {
    Optional<TableBackup> newest = mine.stream().max(Comparator.comparing(ChildBackups::scheduledAt));
    if (suspended) {
      ready(schedule, true, ScheduleReason.Suspended, "suspended: no new backups; retention still prunes");
    } else if (newest.isPresent() && newest.get().getStatus() != null
        && newest.get().getStatus().getPhase() == BackupPhase.Failed) {
      ready(schedule, false, ScheduleReason.BackupFailed, "TableBackup " + newest.get().getMetadata().getName()
          + " failed: " + newest.get().getStatus().getMessage() + "; the next run is at "
          + next.map(Instant::toString).orElse("none"));
    } else {
      ready(schedule, true, ScheduleReason.Scheduled, waiting.map(Waiting::message).orElse("next backup at "
          + next.map(Instant::toString).orElse("none (the schedule has no further run)")));
    }
  }

  private void ready(TableBackupSchedule schedule, boolean ready, Reason reason, String message) {
    TableBackupScheduleStatus status = schedule.getStatus();
    status.setMessage(message);
    long generation = schedule.getMetadata().getGeneration() == null ? 1 : schedule.getMetadata().getGeneration();
    Conditions.set(status.getConditions(), generation, Conditions.READY, ready, reason, message, clock.instant());
  }

  /** Its children stay (with their backups); only its metric series goes. */
  @Override
  public DeleteControl cleanup(TableBackupSchedule schedule, Context<TableBackupSchedule> context) {
    metrics.forgetSchedule(namespace(schedule), schedule.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private static String namespace(TableBackupSchedule schedule) {
    return schedule.getMetadata().getNamespace();
  }
}
