package io.tableguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.model.AwsAccess;
import io.tableguard.model.Reason;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import io.tableguard.model.protection.ProtectedTableStatus;
import io.tableguard.model.protection.ProtectionReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TableClaimsTest {
  private static final String ACCOUNT = "111111111111";
  private static final String REGION = "eu-west-1";

  private final TableTargetResolver resolver = new TableTargetResolver(Optional.of(REGION), () -> ACCOUNT,
      io.tableguard.config.AccessPolicy.singleTeam());
  private final TableClaims claims = new TableClaims(resolver);

  private static ProtectedTable resource(String namespace, String name, String created, String tableName) {
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableName(tableName);
    ProtectedTable pt = new ProtectedTable();
    pt.setMetadata(new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withName(name)
        .withUid(namespace + "-" + name + "-uid")
        .withCreationTimestamp(created)
        .build());
    pt.setSpec(spec);
    pt.setStatus(new ProtectedTableStatus());
    return pt;
  }

  /** Marks the resource as one that has reconciled the table, with the given Ready reason. */
  private static ProtectedTable reconciled(ProtectedTable pt, boolean ready, Reason readyReason) {
    ProtectedTableStatus status = new ProtectedTableStatus();
    status.setTableName(pt.getSpec().getTableName());
    status.setRegion(REGION);
    Conditions.set(status.getConditions(), 1, Conditions.READY, ready, readyReason, "", Instant.EPOCH);
    pt.setStatus(status);
    return pt;
  }

  private Optional<ProtectedTable> otherOwner(ProtectedTable self, ProtectedTable... all) {
    TableTarget target = resolver.resolve(self);
    return claims.otherOwner(self, target, Stream.of(all));
  }

  @Test
  void letsTheOlderResourceOwnTheTable() {
    ProtectedTable older = resource("team-b", "orders", "2024-05-01T10:00:00Z", "orders");
    ProtectedTable newer = resource("team-a", "orders", "2024-05-01T10:00:05Z", "orders");

    assertThat(otherOwner(newer, newer, older)).containsSame(older);
    assertThat(otherOwner(older, newer, older)).isEmpty();
  }

  @Test
  void letsAResourceThatHoldsTheClaimBeatAnOlderOne() {
    ProtectedTable older = resource("team-a", "orders", "2024-05-01T09:00:00Z", "orders");
    ProtectedTable holder = reconciled(resource("team-b", "orders", "2024-05-01T10:00:00Z", "orders"), true, ProtectionReason.Protected);

    assertThat(otherOwner(older, older, holder)).containsSame(holder);
    assertThat(otherOwner(holder, older, holder)).isEmpty();
  }

  @Test
  void countsAFailingButNotConflictingResourceAsHoldingTheClaim() {
    ProtectedTable older = resource("team-a", "orders", "2024-05-01T09:00:00Z", "orders");
    ProtectedTable holder =
        reconciled(resource("team-b", "orders", "2024-05-01T10:00:00Z", "orders"), false, SharedReason.AccessDenied);

    assertThat(otherOwner(older, older, holder)).containsSame(holder);
  }

  @Test
  void doesNotCountTheLoserOfAConflictAsHoldingTheClaim() {
    ProtectedTable older = resource("team-a", "orders", "2024-05-01T09:00:00Z", "orders");
    ProtectedTable loser = reconciled(resource("team-b", "orders", "2024-05-01T10:00:00Z", "orders"), false, ProtectionReason.Conflict);

    assertThat(otherOwner(loser, older, loser)).containsSame(older);
    assertThat(otherOwner(older, older, loser)).isEmpty();
  }

  @Test
  void breaksSameSecondTiesByNamespaceThenNameWhateverTheOrder() {
    String sameSecond = "2024-05-01T10:00:00Z";
    ProtectedTable a = resource("alpha", "orders", sameSecond, "orders");
    ProtectedTable b = resource("beta", "orders", sameSecond, "orders");
    ProtectedTable a2 = resource("alpha", "orders-2", sameSecond, "orders");

    assertThat(otherOwner(b, a, b, a2)).containsSame(a);
    assertThat(otherOwner(b, a2, b, a)).containsSame(a);
    assertThat(otherOwner(a2, b, a2, a)).containsSame(a);
    assertThat(otherOwner(a, a2, b, a)).isEmpty();
  }

  @Test
  void ignoresResourcesThatNameOtherTables() {
    ProtectedTable self = resource("team-a", "orders", "2024-05-01T10:00:00Z", "orders");
    ProtectedTable otherName = resource("team-b", "payments", "2024-05-01T09:00:00Z", "payments");
    ProtectedTable otherRegion = resource("team-c", "orders", "2024-05-01T09:00:00Z", "orders");
    otherRegion.getSpec().setRegion("us-east-1");
    ProtectedTable otherAccount = resource("team-d", "orders", "2024-05-01T09:00:00Z", "orders");
    otherAccount.getSpec().setTableArn("arn:aws:dynamodb:eu-west-1:999999999999:table/orders");
    otherAccount.getSpec().setTableName(null);

    assertThat(otherOwner(self, otherName, otherRegion, otherAccount, self)).isEmpty();
  }

  @Test
  void seesTheSameTableNamedByArn() {
    ProtectedTable self = resource("team-a", "orders", "2024-05-01T10:00:00Z", "orders");
    ProtectedTable byArn = resource("team-b", "orders-arn", "2024-05-01T09:00:00Z", null);
    byArn.getSpec().setTableArn("arn:aws:dynamodb:eu-west-1:111111111111:table/orders");

    assertThat(otherOwner(self, self, byArn)).containsSame(byArn);
  }

  @Test
  void ignoresResourcesWithAnInvalidOrMissingSpec() {
    ProtectedTable self = resource("team-a", "orders", "2024-05-01T10:00:00Z", "orders");
    ProtectedTable badArn = resource("team-b", "bad", "2024-05-01T09:00:00Z", null);
    badArn.getSpec().setTableArn("not-an-arn");
    ProtectedTable badRole = resource("team-c", "bad-role", "2024-05-01T09:00:00Z", "orders");
    badRole.getSpec().setAws(new AwsAccess());
    badRole.getSpec().getAws().setRoleArn("not-a-role");
    ProtectedTable noSpec = resource("team-d", "empty", "2024-05-01T09:00:00Z", "orders");
    noSpec.setSpec(null);

    assertThat(otherOwner(self, badArn, badRole, noSpec, self)).isEmpty();
  }

  @Test
  void hasNoOtherOwnerWhenAlone() {
    ProtectedTable self = reconciled(resource("team-a", "orders", "2024-05-01T10:00:00Z", "orders"), true, ProtectionReason.Protected);

    assertThat(otherOwner(self, self)).isEmpty();
  }

  /**
   * 1,500 resources naming one table, each checked once (one round of their intervals): every check looks for
   * the table's owner among all of them. Each resource's table is resolved once, not once per check of another.
   */
  @Test
  void oneRoundOfChecksOfManyResourcesNamingOneTableResolvesEachResourceOnce() {
    AtomicLong resolves = new AtomicLong();
    TableTargetResolver counting = new TableTargetResolver(Optional.of(REGION), () -> {
      resolves.incrementAndGet();
      return ACCOUNT;
    }, io.tableguard.config.AccessPolicy.singleTeam());
    TableClaims counted = new TableClaims(counting);
    int n = 1_500;
    List<ProtectedTable> all = IntStream.range(0, n).mapToObj(i -> reconciled(resource("team-" + i, "orders",
        "2024-05-01T10:00:00Z", "orders"), i == 0, i == 0 ? ProtectionReason.Protected : ProtectionReason.Conflict)).toList();

    long others = 0;
    long firstRound = 0;
    for (int round = 1; round <= 3; round++) {
      long before = resolves.get();
      long started = System.nanoTime();
      others = all.stream().filter(pt -> counted.otherOwner(pt, counting.resolve(pt), all.stream()).isPresent())
          .count();
      System.out.printf("table claims: round %d of checks of %d ProtectedTables naming one table: %d ms, %d "
          + "resolutions%n", round, n, (System.nanoTime() - started) / 1_000_000, resolves.get() - before);
      firstRound = round == 1 ? resolves.get() : firstRound;
    }

    assertThat(others).isEqualTo(n - 1);
    assertThat(firstRound).as("resolutions in the first round: each resource once, plus each check's own")
        .isLessThanOrEqualTo(2L * n);
  }
}
