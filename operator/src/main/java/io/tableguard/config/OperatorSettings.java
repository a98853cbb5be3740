package io.tableguard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Operator-wide settings. They come from the environment (TABLEGUARD_*) so that the Helm chart and a
 * laptop run configure the operator the same way; nothing here is part of a resource's spec.
 */
public record OperatorSettings(
    Optional<URI> awsEndpointOverride,
    Optional<String> defaultRegion,
    String httpBindAddress,
    int httpPort,
    AwsBudget awsBudget,
    Duration awsCallTimeout,
    int reconcileThreads,
    int maxConcurrentRestores,
    AccessPolicy accessPolicy,
    LeaderElection leaderElection,
    Set<String> watchNamespaces,
    String installId,
    Duration awsClientIdleTimeout,
    Duration restoreSourceWait,
    Duration installPresence,
    int probePort,
    CopyJobSettings copyJobs,
    Duration backupListingWindow,
    Duration scheduleRecheck) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  /** /healthz and /readyz, apart from /metrics: no scraper (or anyone who reaches the metrics port) delays them. */
  public static final int DEFAULT_PROBE_PORT = 8081;
  /** How long after this install's last heartbeat (its Lease) other installs still leave its accounts to it. */
  public static final Duration DEFAULT_INSTALL_PRESENCE = Duration.ofMinutes(2);
  /** AWS runs up to 50 restores at once per account; more are refused. */
  public static final int DEFAULT_MAX_CONCURRENT_RESTORES = 50;
  /** Longer than the default checkInterval (5m) times two, so routine checks keep their clients and sessions. */
  public static final Duration DEFAULT_AWS_CLIENT_IDLE_TIMEOUT = Duration.ofMinutes(15);
  /** How long a TableRestore waits for its ProtectedTable to become Ready before it fails. */
  public static final Duration DEFAULT_RESTORE_SOURCE_WAIT = Duration.ofMinutes(10);
  /**
   * How long after asking for a backup whose answer was lost (a crash, a time-out) the operator keeps looking for
   * it by name before it asks again: ListBackups is eventually consistent, so a backup made a moment ago may not be
   * listed yet. Longer costs only time after such a failure; shorter risks a second backup.
   */
  public static final Duration DEFAULT_BACKUP_LISTING_WINDOW = Duration.ofMinutes(5);
  /** A TableBackupSchedule looks at the clock at least this often, besides waking at its next scheduled time. */
  public static final Duration DEFAULT_SCHEDULE_RECHECK = Duration.ofMinutes(1);

  /**
   * One active operator among its replicas, chosen by a Kubernetes Lease. The lease only avoids doubled work
   * in a rolling update: exactly-once restores rest on status and tags, which also hold for a stale leader.
   */
  public record LeaderElection(boolean enabled, String namespace, String leaseName) {
    public static LeaderElection off() {
      return new LeaderElection(false, "default", "tableguard-operator");
    }
  }

  /** Every namespace is watched when the list is empty. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    LeaderElection election = new LeaderElection(
        Boolean.parseBoolean(env.getOrDefault("TABLEGUARD_LEADER_ELECTION", "true")),
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_LEADER_ELECTION_NAMESPACE")))
            .or(() -> Optional.ofNullable(blankToNull(env.get("POD_NAMESPACE"))))
            .orElse("default"),
        env.getOrDefault("TABLEGUARD_LEADER_ELECTION_LEASE_NAME", "tableguard-operator"));
    return new OperatorSettings(
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_AWS_ENDPOINT"))).map(URI::create),
        Optional.ofNullable(blankToNull(env.getOrDefault("TABLEGUARD_DEFAULT_REGION", env.get("AWS_REGION")))),
        env.getOrDefault("TABLEGUARD_HTTP_BIND_ADDRESS", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_HTTP_PORT", String.valueOf(DEFAULT_HTTP_PORT))),
        new AwsBudget(
            rate(env, "TABLEGUARD_AWS_DESCRIBE_CONTINUOUS_BACKUPS_PER_SECOND",
                AwsBudget.DEFAULT_DESCRIBE_CONTINUOUS_BACKUPS),
            rate(env, "TABLEGUARD_AWS_TAGGING_PER_SECOND", AwsBudget.DEFAULT_TAGGING),
            rate(env, "TABLEGUARD_AWS_CONTROL_PLANE_PER_SECOND", AwsBudget.DEFAULT_CONTROL_PLANE),
            rate(env, "TABLEGUARD_AWS_LIST_BACKUPS_PER_SECOND", AwsBudget.DEFAULT_LIST_BACKUPS),
            rate(env, "TABLEGUARD_AWS_DELETE_BACKUP_PER_SECOND", AwsBudget.DEFAULT_DELETE_BACKUP),
            rate(env, "TABLEGUARD_AWS_RESTORE_FROM_BACKUP_PER_SECOND", AwsBudget.DEFAULT_RESTORE_FROM_BACKUP)),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_AWS_CALL_TIMEOUT_SECONDS", "30"))),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_RECONCILE_THREADS", "10")),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_MAX_CONCURRENT_RESTORES",
            String.valueOf(DEFAULT_MAX_CONCURRENT_RESTORES))),
        accessPolicy(env),
        election,
        namespaceList(env.get("TABLEGUARD_WATCH_NAMESPACES")),
        Optional.ofNullable(blankToNull(env.get("TABLEGUARD_INSTALL_ID"))).orElseGet(() -> defaultInstallId(election)),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_AWS_CLIENT_IDLE_TIMEOUT_SECONDS",
            String.valueOf(DEFAULT_AWS_CLIENT_IDLE_TIMEOUT.toSeconds())))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_RESTORE_SOURCE_WAIT_SECONDS",
            String.valueOf(DEFAULT_RESTORE_SOURCE_WAIT.toSeconds())))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_INSTALL_PRESENCE_SECONDS",
            String.valueOf(DEFAULT_INSTALL_PRESENCE.toSeconds())))),
        Integer.parseInt(env.getOrDefault("TABLEGUARD_PROBE_PORT", String.valueOf(DEFAULT_PROBE_PORT))),
        CopyJobSettings.fromEnvironment(env, election.namespace()),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_BACKUP_LISTING_WINDOW_SECONDS",
            String.valueOf(DEFAULT_BACKUP_LISTING_WINDOW.toSeconds())))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("TABLEGUARD_SCHEDULE_RECHECK_SECONDS",
            String.valueOf(DEFAULT_SCHEDULE_RECHECK.toSeconds())))));
  }

  /**
   * The administrator's access policy: TABLEGUARD_ACCESS_POLICY_FILE; else the role policy file of earlier
   * versions (TABLEGUARD_ROLE_POLICY_FILE, whose installs used the operator's own credentials everywhere); else
   * nothing is allowed, and every resource says so.
   */
  private static AccessPolicy accessPolicy(Map<String, String> env) {
    Optional<Path> file = Optional.ofNullable(blankToNull(env.get("TABLEGUARD_ACCESS_POLICY_FILE"))).map(Path::of);
    if (file.isPresent()) {
      return AccessPolicy.load(file.get());
    }
    return Optional.ofNullable(blankToNull(env.get("TABLEGUARD_ROLE_POLICY_FILE"))).map(Path::of)
        .map(AccessPolicy::loadRolePolicy).orElseGet(AccessPolicy::denyAll);
  }

  /**
   * Settings for an operator pointed at an AWS emulator, as tests and the sandbox use: no leader election, and
   * the single-team access policy (every namespace, every table, the operator's own credentials).
   */
  public static OperatorSettings forEndpoint(URI endpoint, String region, int httpPort) {
    return new OperatorSettings(Optional.of(endpoint), Optional.of(region), "127.0.0.1", httpPort,
        AwsBudget.defaults(), Duration.ofSeconds(30), 10, DEFAULT_MAX_CONCURRENT_RESTORES,
        AccessPolicy.singleTeam(), LeaderElection.off(), Set.of(), defaultInstallId(LeaderElection.off()),
        DEFAULT_AWS_CLIENT_IDLE_TIMEOUT,
        DEFAULT_RESTORE_SOURCE_WAIT,
        DEFAULT_INSTALL_PRESENCE,
        0,
        CopyJobSettings.of("default", null),
        DEFAULT_BACKUP_LISTING_WINDOW,
        DEFAULT_SCHEDULE_RECHECK);
  }

  public OperatorSettings withMaxConcurrentRestores(int restores) {
    return copy(b -> b.maxConcurrentRestores = restores);
  }

  public OperatorSettings withAccessPolicy(AccessPolicy policy) {
    return copy(b -> b.accessPolicy = policy);
  }

  /** /healthz and /readyz on this port (0: any free one). */
  public OperatorSettings withProbePort(int port) {
    return copy(b -> b.probePort = port);
  }

  public OperatorSettings withLeaderElection(LeaderElection election) {
    return copy(b -> b.leaderElection = election);
  }

  public OperatorSettings withAwsBudget(AwsBudget budget) {
    return copy(b -> b.awsBudget = budget);
  }

  /** AWS clients and role sessions nobody used for this long are closed. */
  public OperatorSettings withAwsClientIdleTimeout(Duration idle) {
    return copy(b -> b.awsClientIdleTimeout = idle);
  }

  /** A TableRestore whose ProtectedTable is not Ready fails after this long (tests use seconds). */
  public OperatorSettings withRestoreSourceWait(Duration wait) {
    return copy(b -> b.restoreSourceWait = wait);
  }

  /** Only these namespaces' resources are acted on (claims are still read in every namespace). */
  public OperatorSettings withWatchNamespaces(Set<String> namespaces, String install) {
    return copy(b -> {
      b.watchNamespaces = Set.copyOf(namespaces);
      b.installId = install;
    });
  }

  /** Other installs take this one's accounts over this long after it stopped. */
  public OperatorSettings withInstallPresence(Duration presence) {
    return copy(b -> b.installPresence = presence);
  }

  /** Item-level restores' copy Jobs run like this. */
  public OperatorSettings withCopyJobs(CopyJobSettings copy) {
    return copy(b -> b.copyJobs = copy);
  }

  /** A backup whose CreateBackup answer was lost is looked for by name this long before it is asked again. */
  public OperatorSettings withBackupListingWindow(Duration window) {
    return copy(b -> b.backupListingWindow = window);
  }

  /** Schedules look at the clock at least this often (tests that move a clock by hand use a second). */
  public OperatorSettings withScheduleRecheck(Duration recheck) {
    return copy(b -> b.scheduleRecheck = recheck);
  }

  /** With leader election on, the install's Lease is the leader's, renewed by leader election itself. */
  public boolean installLeaseIsLeaderElections() {
    return leaderElection.enabled() && installId.equals(defaultInstallId(leaderElection));
  }

  /** These settings with some changed: the one place that lists every component. */
  private OperatorSettings copy(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return new OperatorSettings(b.awsEndpointOverride, b.defaultRegion, b.httpBindAddress, b.httpPort, b.awsBudget,
        b.awsCallTimeout, b.reconcileThreads, b.maxConcurrentRestores, b.accessPolicy, b.leaderElection,
        b.watchNamespaces, b.installId, b.awsClientIdleTimeout, b.restoreSourceWait, b.installPresence,
        b.probePort, b.copyJobs, b.backupListingWindow, b.scheduleRecheck);
  }

  private static final class Builder {
    Optional<URI> awsEndpointOverride;
    Optional<String> defaultRegion;
    String httpBindAddress;
    int httpPort;
    AwsBudget awsBudget;
    Duration awsCallTimeout;
    int reconcileThreads;
    int maxConcurrentRestores;
    AccessPolicy accessPolicy;
    LeaderElection leaderElection;
    Set<String> watchNamespaces;
    String installId;
    Duration awsClientIdleTimeout;
    Duration restoreSourceWait;
    Duration installPresence;
    int probePort;
    CopyJobSettings copyJobs;
    Duration backupListingWindow;
    Duration scheduleRecheck;

    Builder(OperatorSettings s) {
      awsEndpointOverride = s.awsEndpointOverride;
      defaultRegion = s.defaultRegion;
      httpBindAddress = s.httpBindAddress;
      httpPort = s.httpPort;
      awsBudget = s.awsBudget;
      awsCallTimeout = s.awsCallTimeout;
      reconcileThreads = s.reconcileThreads;
      maxConcurrentRestores = s.maxConcurrentRestores;
      accessPolicy = s.accessPolicy;
      leaderElection = s.leaderElection;
      watchNamespaces = s.watchNamespaces;
      installId = s.installId;
      awsClientIdleTimeout = s.awsClientIdleTimeout;
      restoreSourceWait = s.restoreSourceWait;
      installPresence = s.installPresence;
      probePort = s.probePort;
      copyJobs = s.copyJobs;
      backupListingWindow = s.backupListingWindow;
      scheduleRecheck = s.scheduleRecheck;
    }
  }

  /**
   * Names this install in the status of what it manages, so that another install sharing the cluster and the AWS
   * account can tell that it is there. The Lease's namespace and name are unique per install.
   */
  private static String defaultInstallId(LeaderElection election) {
    return election.namespace() + "/" + election.leaseName();
  }

  private static double rate(Map<String, String> env, String name, double fallback) {
    return Double.parseDouble(env.getOrDefault(name, String.valueOf(fallback)));
  }

  private static Set<String> namespaceList(String text) {
    Set<String> names = new TreeSet<>();
    if (text != null) {
      for (String name : text.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return Set.copyOf(names);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
