package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.CheckInterval;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One install per AWS account and region. Two installs reaching one account would each spend AWS's whole request
 * budget there (together exceeding its limits) and, watching overlapping namespaces, reconcile the same resources.
 * Each install stamps {@code status.managedBy} on what it manages; the stamps of every namespace (read cluster-wide)
 * tell an install who serves an account. A stamp counts while it is fresh: its resource was checked within two
 * intervals and five minutes, so an install that is gone hands its account over by itself. When two installs
 * both stamped resources in one account (they started together), the one managing the oldest resource keeps it;
 * the other stops stamping, so both decide the same. And a stamp counts only while its install runs (its Lease is
 * renewed, see {@link InstallPresence}): a stopped install's claim ends within minutes even when its resources are
 * checked once a year.
 */
public class InstallScopes {
  private static final Logger log = LoggerFactory.getLogger(InstallScopes.class);
  private static final Duration GRACE = Duration.ofMinutes(5);
  private static final Comparator<ProtectedTable> OLDEST_FIRST = Comparator
      .comparing((ProtectedTable p) -> p.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(p -> p.getMetadata().getNamespace())
      .thenComparing(p -> p.getMetadata().getName());

  private final String installId;
  private final Clock clock;
  private final Predicate<String> running;

  /** For an install that trusts every fresh stamp (its peers' presence unknown). */
  public InstallScopes(String installId, Clock clock) {
    this(installId, clock, install -> true);
  }

  /** @param running whether the install a stamp names still runs */
  public InstallScopes(String installId, Clock clock, Predicate<String> running) {
    this.installId = installId;
    this.clock = clock;
    this.running = running;
  }

  /**
   * The guard every kind runs first, in its reconcile and its cleanup: when another live install manages the
   * ProtectedTable this resource acts through (a ProtectedTable itself, or a TableRestore's source), the resource
   * is that install's, and this one writes nothing, not even status. Returns that install.
   */
  public Optional<String> leftToOtherInstall(HasMetadata resource, Optional<ProtectedTable> actsThrough) {
    Optional<String> manager = actsThrough.flatMap(this::managerElsewhere);
    manager.ifPresent(other -> log.debug("{}/{} {} is managed by install {}; left to it",
        resource.getMetadata().getNamespace(), resource.getMetadata().getName(), resource.getKind(), other));
    return manager;
  }

  /** Another live install manages this very resource (both watch its namespace): it is that install's to act on. */
  public Optional<String> managerElsewhere(ProtectedTable pt) {
    return managedBy(pt).filter(manager -> !manager.equals(installId));
  }

  /** The live install that serves the target's account and region, when it is not this one. */
  public Optional<String> servingElsewhere(TableTarget target, Stream<ProtectedTable> all) {
    return all.filter(p -> managedBy(p).isPresent())
        .filter(p -> accountRegion(p.getStatus()).filter(target.accountRegion()::equals).isPresent())
        .min(OLDEST_FIRST)
        .flatMap(this::managedBy)
        .filter(manager -> !manager.equals(installId));
  }

  public String refusal(TableTarget target, String otherInstall) {
    return "account " + target.accountId() + " in " + target.region() + " is served by the tableguard install "
        + otherInstall + " (its namespace/lease); two installs in one AWS account and region would together exceed "
        + "AWS's request limits. Nothing was done here: let that install watch this namespace (its watchNamespaces), "
        + "or uninstall one of the two";
  }

  /** The install that stamped the resource, while its stamp is fresh. */
  private Optional<String> managedBy(ProtectedTable p) {
    ProtectedTableStatus s = p.getStatus();
    if (s == null || s.getManagedBy() == null || s.getLastCheckTime() == null || p.getSpec() == null) {
      return Optional.empty();
    }
    try {
      Duration interval = CheckInterval.parse(p.getSpec().getCheckInterval());
      Instant freshUntil = Instant.parse(s.getLastCheckTime()).plus(interval.multipliedBy(2)).plus(GRACE);
      return clock.instant().isBefore(freshUntil) && running.test(s.getManagedBy()) ? Optional.of(s.getManagedBy())
          : Optional.empty();
    } catch (IllegalArgumentException | DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }

  private static Optional<String> accountRegion(ProtectedTableStatus s) {
    if (s.getTableArn() == null || s.getRegion() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(TableTargetResolver.fromTableArn(s.getTableArn()).accountId() + "/" + s.getRegion());
    } catch (RuntimeException unparsable) {
      return Optional.empty();
    }
  }
}
