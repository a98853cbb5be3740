package io.tableguard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tableguard.aws.AwsBudgets;
import io.tableguard.aws.AwsCalls;
import io.tableguard.aws.AwsClients;
import io.tableguard.aws.CallerAccount;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.backup.BackupKind;
import io.tableguard.config.ChangeEventSettings;
import io.tableguard.config.OperatorSettings;
import io.tableguard.events.ChangeEventPoller;
import io.tableguard.events.ChangeEventQueue;
import io.tableguard.events.OwnCallers;
import io.tableguard.events.TableChanges;
import io.tableguard.kind.Floors;
import io.tableguard.kind.Kind;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.InstallPresence;
import io.tableguard.kube.InstallScopes;
import io.tableguard.metrics.AwsCallMetrics;
import io.tableguard.metrics.AwsClientMetrics;
import io.tableguard.metrics.BuildInfo;
import io.tableguard.metrics.ChangeEventMetrics;
import io.tableguard.metrics.HttpEndpoints;
import io.tableguard.protection.ProtectionKind;
import io.tableguard.restore.RestoreKind;
import io.tableguard.schedule.ScheduleKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole operator, wired from settings and a Kubernetes client; Main and the tests both start it. */
public class TableguardOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableguardOperator.class);
  /** Every kind the operator serves: the one place that names them all. */
  private static final List<Kind> KINDS = List.of(new ProtectionKind(), new RestoreKind(), new BackupKind(),
      new ScheduleKind());
  private final Operator operator;
  private final AwsClients awsClients;
  private final PrometheusMeterRegistry registry;
  private final HttpEndpoints endpoints;
  private final ClusterView cluster;
  private final InstallPresence presence;
  private final OperatorSettings settings;
  /** Reads the change-event queues on the leader; null when TABLEGUARD_EVENT_QUEUE_URLS names none. */
  private final ChangeEventPoller changeEvents;
  private volatile boolean closing;

  public TableguardOperator(OperatorSettings settings, KubernetesClient client) {
    this(settings, ChangeEventSettings.off(), client);
  }

  public TableguardOperator(OperatorSettings settings, ChangeEventSettings changeEventSettings,
      KubernetesClient client) {
    this(settings, changeEventSettings, client, Clock.systemUTC());
  }

  /**
   * @param clock the time every kind reads (schedules, waits, timestamps on status); only tests pass another, to
   *     run a schedule across days or a daylight-saving change without waiting for it
   */
  public TableguardOperator(OperatorSettings settings, ChangeEventSettings changeEventSettings,
      KubernetesClient client, Clock clock) {
    this.settings = settings;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BuildInfo.register(registry);
    awsClients = new AwsClients(settings, List.of(new AwsCallMetrics(registry)),
        new AwsBudgets(settings.awsBudget()));
    AwsClientMetrics.register(registry, awsClients::live);
    var callerAccount = new CallerAccount(awsClients, settings.defaultRegion());
    var resolver = new TableTargetResolver(settings.defaultRegion(), callerAccount, settings.accessPolicy());
    var events = new EventRecorder(client, clock);
    cluster = settings.watchesAllNamespaces() ? ClusterView.ofControllerCaches() : ClusterView.ofAllNamespaces(client);
    presence = new InstallPresence(client, settings.installId(), settings.installLeaseIsLeaderElections(),
        settings.installPresence(), clock);
    var installs = new InstallScopes(settings.installId(), clock, presence::running);
    // Opt-in change events: each kind's controller gets an event source that the poller's events trigger.
    Optional<TableChanges> tableChanges = changeEventSettings.enabled() ? Optional.of(new TableChanges())
        : Optional.empty();
    changeEvents = tableChanges.map(changes -> new ChangeEventPoller(changeEventSettings.queueUrls().stream()
        .map(url -> new ChangeEventQueue(url, awsClients, settings.defaultRegion())).toList(), changes,
        new ChangeEventMetrics(registry), new OwnCallers(callerAccount, awsClients))).orElse(null);
    var calls = new AwsCalls();
    Floors floors = new Floors(settings, clock, client, registry, awsClients, calls, resolver,
        new PitrGateway(awsClients, calls), events, cluster, installs, tableChanges);

    operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(settings.reconcileThreads())
        .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource().build())
        .withLeaderElectionConfiguration(leaderElection(settings.leaderElection()).orElse(null)));
    for (Kind kind : KINDS) {
      kind.register(floors, new Kind.Controllers() {
        @Override
        public <R extends HasMetadata> void register(Reconciler<R> reconciler) {
          operator.register(reconciler, watched(settings));
        }
      });
    }
    try {
      endpoints = new HttpEndpoints(settings.httpBindAddress(), settings.httpPort(), settings.probePort(), registry,
          () -> true,
          () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + settings.httpPort() + " and probes on port "
          + settings.probePort(), e);
    }
  }

  /** The namespaces a controller acts on: all (JOSDK's default), or the configured list. */
  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> watched(
      OperatorSettings settings) {
    return overrider -> {
      if (!settings.watchesAllNamespaces()) {
        overrider.settingNamespaces(settings.watchNamespaces());
      }
    };
  }

  /**
   * Each process is a distinct candidate, even two on one host (the Pod's name alone is kept by a restarted
   * container), and the Lease's holder names the Pod. A leader that loses its lease while running exits, so the
   * Deployment restarts it as a standby; one that gives the lease up because it is shutting down just finishes
   * closing (JOSDK's own exit would call System.exit inside the shutdown hook, which blocks forever).
   */
  private Optional<LeaderElectionConfiguration> leaderElection(OperatorSettings.LeaderElection election) {
    if (!election.enabled()) {
      return Optional.empty();
    }
    // POD_NAME (downward API): in a hostNetwork Pod HOSTNAME is the node's name, shared by every replica.
    String pod = Optional.ofNullable(System.getenv("POD_NAME"))
        .orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "tableguard"));
    String identity = pod + "-" + UUID.randomUUID();
    return Optional.of(new LeaderElectionConfiguration(election.leaseName(), election.namespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identity,
        new LeaderCallbacks(this::startChangeEvents, this::exitUnlessClosing, leader -> { }), false));
  }

  /**
   * JOSDK starts event sources on standby replicas too (only event processing waits for the lease), so the queues
   * are read from here: on the leader, or at start without leader election. A standby must not take messages off.
   */
  private void startChangeEvents() {
    if (changeEvents != null && !closing) {
      changeEvents.start();
    }
  }

  private void exitUnlessClosing() {
    if (!closing) {
      log.error("Lost the leader lease while running; exiting so that a fresh process waits as standby");
      new Thread(() -> System.exit(1), "tableguard-lost-lease").start();
    }
  }

  public TableguardOperator start() {
    presence.start();
    cluster.start();
    log.info("watching {}; this install is {}", settings.watchesAllNamespaces() ? "every namespace"
        : "namespaces " + String.join(", ", settings.watchNamespaces()), settings.installId());
    operator.start();
    if (!settings.leaderElection().enabled()) {
      startChangeEvents();
    }
    return this;
  }

  /** The port /metrics is served on (useful when settings asked for port 0). */
  public int httpPort() {
    return endpoints.metricsPort();
  }

  /** The port /healthz and /readyz are served on. */
  public int probePort() {
    return endpoints.probePort();
  }

  @Override
  public void close() {
    closing = true;
    // First, so that no message is taken off a queue that no controller would act on.
    if (changeEvents != null) {
      changeEvents.close();
    }
    operator.stop();
    presence.close();
    cluster.close();
    endpoints.close();
    awsClients.close();
    registry.close();
  }
}
