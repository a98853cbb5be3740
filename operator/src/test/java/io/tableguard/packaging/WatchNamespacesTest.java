package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.TableguardOperator;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.kube.Timestamps;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableStatus;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An install with `watchNamespaces` acts only in its namespaces, with exactly the RBAC the chart renders for that
 * (the operator authenticates as the chart's ServiceAccount), yet decides claims on every namespace; and a second
 * install reaching the same AWS account and region finds the first in status.managedBy and refuses to act.
 */
class WatchNamespacesTest extends OperatorTestBase {
  private final List<String> otherNamespaces = new ArrayList<>();
  private TableguardOperator secondInstall;

  private String installId() {
    return namespace + "/tableguard-operator";
  }

  /** A test-sized bound: another install takes this one's accounts over this long after it stopped. */
  private static final Duration PRESENCE = Duration.ofSeconds(3);

  @Override
  protected OperatorSettings settings() {
    // The operator's own namespace (its records of completed restores) is the release namespace, as in a Pod.
    return super.settings().withLeaderElection(new OperatorSettings.LeaderElection(false, namespace,
        "tableguard-operator")).withWatchNamespaces(Set.of(namespace), installId())
        .withInstallPresence(PRESENCE);
  }

  @Override
  protected KubernetesClient operatorClient() {
    return new ChartServiceAccount(kube, namespace, List.of("--set", "watchNamespaces={" + namespace + "}"))
        .client();
  }

  @AfterEach
  void removeOthers() {
    if (secondInstall != null) {
      secondInstall.close();
    }
    otherNamespaces.forEach(kube::deleteTableguardResources);
  }

  @Test
  void actsOnlyInItsNamespacesButDecidesClaimsOnAll() {
    String outside = otherNamespace("outside");
    String unwatchedTable = tableName("unwatched");
    createTable(unwatchedTable);
    ProtectedTable unwatched = protectedTable("unwatched", unwatchedTable);
    unwatched.getMetadata().setNamespace(outside);
    client.resource(unwatched).create();
    // Another namespace's resource that protects the table already (as this install's status shows it).
    String shared = tableName("shared");
    createTable(shared);
    ProtectedTable holder = protectedTable("holder", shared);
    holder.getMetadata().setNamespace(outside);
    holder = client.resource(holder).create();
    holder.setStatus(protectedStatus(shared, installId()));
    client.resource(holder).updateStatus();

    String table = protectTable("watched");
    assertThat(get("watched").getStatus().getManagedBy()).isEqualTo(installId());
    create(protectedTable("late", shared));
    ProtectedTable late = awaitReady("late", "Conflict");

    assertThat(late.getStatus().getMessage()).contains(outside + "/holder");
    assertThat(client.resources(ProtectedTable.class).inNamespace(outside).withName("unwatched").get().getStatus())
        .as("a namespace outside watchNamespaces is not acted on").isNull();
    assertThat(pitrOf(unwatchedTable).pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
    assertThat(pitrOf(shared).pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
    assertThat(pitrOf(table).pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
  }

  @Test
  void aSecondInstallInTheSameAccountRefusesAndLeavesSharedNamespacesToTheFirst() {
    protectTable("first");
    String teamB = otherNamespace("team-b");
    String secondId = teamB + "/tableguard-operator";
    secondInstall = new TableguardOperator(super.settings().withWatchNamespaces(Set.of(teamB, namespace), secondId),
        kube.newRecordedClient()).start();
    String table = tableName("second");
    createTable(table);
    ProtectedTable second = protectedTable("second", table);
    second.getMetadata().setNamespace(teamB);
    client.resource(second).create();

    await().atMost(STATUS_TIMEOUT).until(() -> readyReason(teamB, "second").equals(SharedReason.ManagedByAnotherInstall.name()));
    ProtectedTable refused = client.resources(ProtectedTable.class).inNamespace(teamB).withName("second").get();
    assertThat(refused.getStatus().getMessage()).contains(installId()).contains("watchNamespaces");
    assertThat(refused.getStatus().getManagedBy()).as("a refused resource holds no account").isNull();
    assertThat(pitrOf(table).pointInTimeRecoveryStatusAsString()).isEqualTo("DISABLED");
    // Both installs watch the first namespace: over several checks only the first one writes there.
    Instant until = Instant.now().plusSeconds(8);
    while (Instant.now().isBefore(until)) {
      ProtectedTable first = get("first");
      assertThat(first.getStatus().getManagedBy()).isEqualTo(installId());
      assertThat(readyReason(namespace, "first")).isEqualTo("Protected");
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }
    assertThat(events("first")).noneMatch(e -> e.getReason().equals(SharedReason.ManagedByAnotherInstall.name()));
  }

  /**
   * A resource this install checked, then left to another install that serves its account, and deleted: its
   * checks no longer count in the budget gauge (they did, for good, before).
   */
  @Test
  void aResourceLeftToAnotherInstallNoLongerCountsInTheBudgetOnceDeleted() throws Exception {
    String outside = otherNamespace("outside");
    String elderTable = tableName("elder");
    ProtectedTable elder = protectedTable("elder", elderTable);
    elder.getMetadata().setNamespace(outside);
    elder = client.resource(elder).create();
    protectTable("orders");
    Map<String, String> accountRegion = Map.of("account_region", "123456789012/" + REGION);
    assertThat(scrapeMetrics().value("tableguard_check_budget_utilization", accountRegion))
        .as("one resource every 10 s of the default 8 a second").hasValueCloseTo(0.1 / 8, Offset.offset(1e-6));

    // The older resource, stamped by another running install: that install serves the account from now on.
    client.resource(new LeaseBuilder().withNewMetadata().withNamespace(outside).withName("tableguard-operator")
        .endMetadata().withNewSpec().withHolderIdentity("other").withLeaseDurationSeconds(600)
        .withRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).endSpec().build()).create();
    elder.setStatus(protectedStatus(elderTable, outside + "/tableguard-operator"));
    client.resource(elder).updateStatus();
    awaitReady("orders", SharedReason.ManagedByAnotherInstall.name());
    client.resource(get("orders")).delete();
    await().atMost(STATUS_TIMEOUT).until(() -> get("orders") == null);

    // No demand is left: the series reads 0, or is gone with the last resource of its account and region.
    assertThat(scrapeMetrics().value("tableguard_check_budget_utilization", accountRegion).orElse(0.0))
        .as("demand left of a deleted resource").isCloseTo(0.0, Offset.offset(1e-9));
  }

  /**
   * An install that stopped hands its account over within its presence bound, though the one resource it stamped
   * there is checked only every 10,000 hours (its stamp alone would count for 20,000).
   */
  @Test
  void aStoppedInstallsAccountIsTakenOverWithinItsPresenceWhateverTheCheckInterval() {
    String yearlyTable = tableName("yearly");
    createTable(yearlyTable);
    ProtectedTable yearly = protectedTable("yearly", yearlyTable);
    yearly.getSpec().setCheckInterval("10000h");
    create(yearly);
    awaitReady("yearly", "Protected");
    assertThat(get("yearly").getStatus().getManagedBy()).isEqualTo(installId());
    stopOperator();
    Instant stopped = Instant.now();

    String teamB = otherNamespace("team-b");
    secondInstall = new TableguardOperator(super.settings().withWatchNamespaces(Set.of(teamB),
        teamB + "/tableguard-operator").withInstallPresence(PRESENCE), kube.newRecordedClient()).start();
    String table = tableName("second");
    createTable(table);
    ProtectedTable second = protectedTable("second", table);
    second.getMetadata().setNamespace(teamB);
    client.resource(second).create();

    await().atMost(Duration.ofSeconds(45)).until(() -> readyReason(teamB, "second").equals("Protected"));
    System.out.printf("install presence: the stopped install's account was taken over %d ms after it stopped "
        + "(presence %d s, its resource's checkInterval 10000h)%n", Duration.between(stopped, Instant.now())
        .toMillis(), PRESENCE.toSeconds());
    assertThat(pitrOf(table).pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
  }

  private String otherNamespace(String prefix) {
    String ns = kube.createNamespace(prefix);
    otherNamespaces.add(ns);
    return ns;
  }

  private String readyReason(String ns, String name) {
    ProtectedTable pt = client.resources(ProtectedTable.class).inNamespace(ns).withName(name).get();
    return pt == null || pt.getStatus() == null ? ""
        : Conditions.reason(pt.getStatus().getConditions(), Conditions.READY).orElse("");
  }

  private static ProtectedTableStatus protectedStatus(String table, String managedBy) {
    ProtectedTableStatus status = new ProtectedTableStatus();
    status.setTableName(table);
    status.setRegion(REGION);
    status.setTableArn("arn:aws:dynamodb:" + REGION + ":123456789012:table/" + table);
    status.setLastCheckTime(Timestamps.format(Instant.now()));
    status.setManagedBy(managedBy);
    return status;
  }
}
