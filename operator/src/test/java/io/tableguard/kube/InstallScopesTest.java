package io.tableguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.tableguard.aws.TableTarget;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import io.tableguard.model.protection.ProtectedTableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class InstallScopesTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final TableTarget TARGET = new TableTarget("111111111111", "eu-west-1", "orders", Optional.empty());
  private final InstallScopes mine = new InstallScopes("ops/tableguard", Clock.fixed(NOW, ZoneOffset.UTC));

  private static ProtectedTable managed(String name, String created, String account, String region, String by,
      Duration checkedAgo) {
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableName(name);
    spec.setCheckInterval("5m");
    ProtectedTableStatus status = new ProtectedTableStatus();
    status.setTableName(name);
    status.setRegion(region);
    status.setTableArn("arn:aws:dynamodb:" + region + ":" + account + ":table/" + name);
    status.setManagedBy(by);
    status.setLastCheckTime(NOW.minus(checkedAgo).toString());
    ProtectedTable pt = new ProtectedTable();
    pt.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName(name).withCreationTimestamp(created).build());
    pt.setSpec(spec);
    pt.setStatus(status);
    return pt;
  }

  @Test
  void anotherInstallWithAFreshStampInTheSameAccountAndRegionServesIt() {
    ProtectedTable theirs = managed("a", "2026-01-01T00:00:00Z", "111111111111", "eu-west-1", "other/tg",
        Duration.ofMinutes(14));

    assertThat(mine.servingElsewhere(TARGET, Stream.of(theirs))).contains("other/tg");
    assertThat(mine.managerElsewhere(theirs)).contains("other/tg");
  }

  @Test
  void aStampOlderThanTwoIntervalsAndFiveMinutesIsAnInstallThatIsGone() {
    ProtectedTable theirs = managed("a", "2026-01-01T00:00:00Z", "111111111111", "eu-west-1", "other/tg",
        Duration.ofMinutes(15).plusSeconds(1));

    assertThat(mine.servingElsewhere(TARGET, Stream.of(theirs))).isEmpty();
    assertThat(mine.managerElsewhere(theirs)).isEmpty();
  }

  @Test
  void otherAccountsAndRegionsDoNotCount() {
    assertThat(mine.servingElsewhere(TARGET, Stream.of(
        managed("a", "2026-01-01T00:00:00Z", "222222222222", "eu-west-1", "other/tg", Duration.ZERO),
        managed("b", "2026-01-01T00:00:00Z", "111111111111", "us-east-1", "other/tg", Duration.ZERO)))).isEmpty();
  }

  @Test
  void whenBothStampedTheInstallOfTheOldestResourceKeepsTheAccountOnBothSides() {
    ProtectedTable older = managed("old", "2026-01-01T00:00:00Z", "111111111111", "eu-west-1", "other/tg",
        Duration.ZERO);
    ProtectedTable newer = managed("new", "2026-02-01T00:00:00Z", "111111111111", "eu-west-1", "ops/tableguard",
        Duration.ZERO);
    InstallScopes theirs = new InstallScopes("other/tg", Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(mine.servingElsewhere(TARGET, Stream.of(newer, older))).contains("other/tg");
    assertThat(theirs.servingElsewhere(TARGET, Stream.of(newer, older))).isEmpty();
  }

  @Test
  void unstampedResourcesAndOwnStampsLeaveTheAccountToThisInstall() {
    ProtectedTable unstamped = managed("a", "2026-01-01T00:00:00Z", "111111111111", "eu-west-1", null, Duration.ZERO);
    ProtectedTable own = managed("b", "2026-01-02T00:00:00Z", "111111111111", "eu-west-1", "ops/tableguard",
        Duration.ZERO);

    assertThat(mine.servingElsewhere(TARGET, Stream.of(unstamped, own))).isEmpty();
    assertThat(mine.managerElsewhere(own)).isEmpty();
  }

  @Test
  void aFreshStampOfAnInstallThatNoLongerRunsDoesNotCount() {
    ProtectedTable theirs = managed("a", "2026-01-01T00:00:00Z", "111111111111", "eu-west-1", "other/tg",
        Duration.ZERO);
    theirs.getSpec().setCheckInterval("2562047h");
    InstallScopes seeingOthersStopped = new InstallScopes("ops/tableguard", Clock.fixed(NOW, ZoneOffset.UTC),
        install -> !install.equals("other/tg"));

    assertThat(seeingOthersStopped.servingElsewhere(TARGET, Stream.of(theirs))).isEmpty();
    assertThat(seeingOthersStopped.managerElsewhere(theirs)).isEmpty();
    assertThat(mine.servingElsewhere(TARGET, Stream.of(theirs))).as("presence unknown").contains("other/tg");
  }

  @Test
  void aLeaseCountsUntilItsRenewTimeAndDurationAtMostTenMinutes() {
    Lease lease = new LeaseBuilder().withNewSpec().withRenewTime(NOW.atZone(ZoneOffset.UTC))
        .withLeaseDurationSeconds(15).endSpec().build();
    assertThat(InstallPresence.heldUntil(lease)).contains(NOW.plusSeconds(15));
    lease.getSpec().setLeaseDurationSeconds(Integer.MAX_VALUE);
    assertThat(InstallPresence.heldUntil(lease)).contains(NOW.plus(InstallPresence.LONGEST_PRESENCE));
    lease.getSpec().setRenewTime(null);
    assertThat(InstallPresence.heldUntil(lease)).isEmpty();
  }
}
