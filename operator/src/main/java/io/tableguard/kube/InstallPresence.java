package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a tableguard install is running, told by the Lease its id names ({@code <namespace>/<name>}): held while
 * its renewTime plus leaseDurationSeconds is ahead. With leader election the leader renews that Lease anyway; an
 * install without it renews the Lease itself, every quarter of {@code presence}. So a stamp in {@code
 * status.managedBy} stops counting within minutes of its install stopping, whatever the resources' checkInterval
 * (which may be years). A Lease that claims more than {@link #LONGEST_PRESENCE} counts for that long only.
 */
public final class InstallPresence implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InstallPresence.class);
  /** However long a Lease says it lasts, an install that stopped renewing it is gone after this. */
  static final Duration LONGEST_PRESENCE = Duration.ofMinutes(10);
  /** Another install's Lease is read at most this often. */
  private static final Duration RECHECK = Duration.ofSeconds(5);
  private static final int MAX_REMEMBERED = 100;

  private record Seen(boolean alive, Instant at) {}

  private final KubernetesClient client;
  private final String installId;
  private final Duration presence;
  private final boolean renewsItself;
  private final Clock clock;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private ScheduledExecutorService heartbeat;

  /**
   * @param leaseRenewedByLeaderElection the install's Lease is leader election's, which the leader renews
   * @param presence how long this install counts as running after its last heartbeat
   */
  public InstallPresence(KubernetesClient client, String installId, boolean leaseRenewedByLeaderElection,
      Duration presence, Clock clock) {
    this.client = client;
    this.installId = installId;
    this.presence = presence;
    this.renewsItself = !leaseRenewedByLeaderElection;
    this.clock = clock;
  }

  /** Renews this install's Lease from now on, unless leader election does. */
  public void start() {
    if (leaseName(installId).isEmpty()) {
      log.warn("this install's id {} names no Lease (<namespace>/<name>): other installs cannot tell whether it "
          + "runs, and count its stamps as fresh", installId);
      return;
    }
    if (renewsItself && heartbeat == null) {
      heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tableguard-install-presence");
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(1000, presence.toMillis() / 4);
      heartbeat.scheduleWithFixedDelay(this::renew, 0, every, TimeUnit.MILLISECONDS);
    }
  }

  /** The install runs: this one always; another one while its Lease is held. */
  public boolean running(String install) {
    if (install.equals(installId)) {
      return true;
    }
    Instant now = clock.instant();
    Seen last = seen.get(install);
    if (last != null && last.at().plus(RECHECK).isAfter(now)) {
      return last.alive();
    }
    boolean alive = lookUp(install, now);
    if (seen.size() >= MAX_REMEMBERED) {
      seen.clear();
    }
    seen.put(install, new Seen(alive, now));
    return alive;
  }

  /** The namespace and name of the Lease an install id names, if it names one. */
  private static Optional<LeaseName> leaseName(String install) {
    int slash = install.indexOf('/');
    return slash <= 0 || slash == install.length() - 1 ? Optional.empty()
        : Optional.of(new LeaseName(install.substring(0, slash), install.substring(slash + 1)));
  }

  private record LeaseName(String namespace, String name) {}

  private boolean lookUp(String install, Instant now) {
    Optional<LeaseName> lease = leaseName(install);
    if (lease.isEmpty()) {
      // Not a Lease's name (a custom TABLEGUARD_INSTALL_ID): its presence cannot be told, so its stamps count.
      return true;
    }
    try {
      return heldUntil(client.leases().inNamespace(lease.get().namespace()).withName(lease.get().name()).get())
          .filter(now::isBefore).isPresent();
    } catch (KubernetesClientException e) {
      log.warn("cannot read the Lease of tableguard install {} ({}); its stamps count as if it ran", install,
          e.getMessage());
      return true;
    }
  }

  static Optional<Instant> heldUntil(Lease lease) {
    if (lease == null || lease.getSpec() == null) {
      return Optional.empty();
    }
    ZonedDateTime time = Optional.ofNullable(lease.getSpec().getRenewTime())
        .orElse(lease.getSpec().getAcquireTime());
    if (time == null) {
      return Optional.empty();
    }
    Duration lasts = Duration.ofSeconds(Optional.ofNullable(lease.getSpec().getLeaseDurationSeconds()).orElse(0));
    return Optional.of(time.toInstant().plus(lasts.compareTo(LONGEST_PRESENCE) > 0 ? LONGEST_PRESENCE : lasts));
  }

  private void renew() {
    LeaseName own = leaseName(installId).orElseThrow();
    try {
      Lease lease = new LeaseBuilder().withNewMetadata().withNamespace(own.namespace()).withName(own.name())
          .endMetadata()
          .withNewSpec().withHolderIdentity(installId)
          .withLeaseDurationSeconds((int) Math.max(1, presence.toSeconds()))
          .withRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).endSpec().build();
      client.resource(lease).fieldManager("tableguard-install-presence").forceConflicts().serverSideApply();
    } catch (RuntimeException e) {
      log.warn("could not renew this install's Lease {} ({}); other installs take its accounts over once it is "
          + "{} old", installId, e.getMessage(), presence);
    }
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
  }
}
