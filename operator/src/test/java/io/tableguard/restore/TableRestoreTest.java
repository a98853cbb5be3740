package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.AppliedSetting;
import io.tableguard.model.restore.CopiedSetting;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TargetOwnership;
import io.tableguard.testsupport.OperatorTestBase;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Restores through the public surface: a TableRestore applied, its status and the new table read back. */
class TableRestoreTest extends OperatorTestBase {

  @Override
  protected boolean timeFaithfulAws() {
    return true;
  }

  @Test
  void restoresToAChosenSecondAndCopiesEverySettingTheRestoreDrops() throws Exception {
    String source = protectTable("orders");
    ProtectedTable pt = client.resources(ProtectedTable.class).inNamespace(namespace).withName("orders")
        .edit(p -> {
          p.getSpec().setRecoveryPeriodDays(14);
          return p;
        });
    awaitStatus("orders", p -> Integer.valueOf(14).equals(p.getStatus().getPointInTimeRecovery().getRecoveryPeriodDays()));
    putItems(source, 3);
    dynamo.updateTimeToLive(r -> r.tableName(source).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("expiresAt")));
    dynamo.updateTable(r -> r.tableName(source).streamSpecification(s -> s.streamEnabled(true)
        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    String sourceArn = get("orders").getStatus().getTableArn();
    dynamo.tagResource(r -> r.resourceArn(sourceArn).tags(Tag.builder().key("team").value("payments").build()));
    dynamo.updateTable(r -> r.tableName(source).deletionProtectionEnabled(true));
    try (ApplicationAutoScalingClient scaling = autoScaling()) {
      scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId("table/" + source).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
          .minCapacity(5).maxCapacity(50));
      scaling.putScalingPolicy(r -> r.policyName("reads").serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId("table/" + source).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
          .policyType(PolicyType.TARGET_TRACKING_SCALING)
          .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)
              .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
      String restorePoint = lastGoodSecond().toString();
      // What happens after the restore point must not be in the restored table.
      dynamo.deleteItem(r -> r.tableName(source).key(Map.of("pk", AttributeValue.fromS("order-0"))));
      putItem(source, "late-order");
      String target = tableName("orders-restored");
      TableRestore request = tableRestore("orders-at-914", "orders", target);
      request.getSpec().getRestorePoint().setLatest(null);
      request.getSpec().getRestorePoint().setTime(restorePoint);

      create(request);

      TableRestore done = awaitPhase("orders-at-914", RestorePhase.Completed);
      var status = done.getStatus();
      assertThat(status.getRestoreDateTime()).isEqualTo(restorePoint);
      assertThat(status.getSourceTableArn()).isEqualTo(sourceArn);
      assertThat(status.getTargetTableArn()).endsWith(":table/" + target);
      assertThat(Instant.parse(status.getStartTime())).isBeforeOrEqualTo(Instant.parse(status.getTableActiveTime()));
      assertThat(Instant.parse(status.getTableActiveTime())).isBeforeOrEqualTo(Instant.parse(status.getCompletionTime()));
      assertThat(status.getDurationSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
      assertThat(status.getItemCount()).isEqualTo(3);
      assertThat(status.getAppliedSettings()).extracting(AppliedSetting::getResult).containsOnly("Applied");
      assertThat(status.getAppliedSettings()).extracting(AppliedSetting::getName)
          .containsExactlyInAnyOrder(CopiedSetting.values());
      assertThat(Conditions.reason(status.getConditions(), Conditions.READY)).hasValue("Completed");
      assertThat(dynamo.scan(r -> r.tableName(target)).items()).extracting(i -> i.get("pk").s())
          .as("the items as they were at the restore point").containsExactlyInAnyOrder("order-0", "order-1", "order-2");
      assertThat(dynamo.scan(r -> r.tableName(source)).count()).isEqualTo(3);
      assertThat(dynamo.describeTimeToLive(r -> r.tableName(target)).timeToLiveDescription().attributeName())
          .isEqualTo("expiresAt");
      var table = dynamo.describeTable(r -> r.tableName(target)).table();
      assertThat(table.streamSpecification().streamEnabled()).isTrue();
      assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
      assertThat(table.deletionProtectionEnabled()).isTrue();
      assertThat(RestoredTables.tags(dynamo, target)).containsEntry("team", "payments")
          .containsEntry("tableguard.io/restore-uid", done.getMetadata().getUid())
          .containsEntry("tableguard.io/namespace", namespace)
          .containsEntry("tableguard.io/name", "orders-at-914");
      assertThat(status.getTargetOwnership()).isEqualTo(TargetOwnership.Proven);
      assertThat(status.getTargetTableId()).isNotBlank();
      var targets = scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceIds("table/" + target)).scalableTargets();
      assertThat(targets).singleElement().satisfies(t -> {
        assertThat(t.minCapacity()).isEqualTo(5);
        assertThat(t.maxCapacity()).isEqualTo(50);
      });
      assertThat(scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
          .resourceId("table/" + target)).scalingPolicies().stream()
          .filter(p -> p.resourceId().equals("table/" + target)).toList()).singleElement()
          .satisfies(p -> assertThat(p.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(70.0));
      var pitr = pitrOf(target);
      assertThat(pitr.pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
      assertThat(pitr.recoveryPeriodInDays()).isEqualTo(14);
      awaitEvent("orders-at-914", "RestoreStarted");
      assertThat(awaitEvent("orders-at-914", "RestoreCompleted").getType()).isEqualTo("Normal");
      var metrics = scrapeMetrics();
      assertThat(metrics.value("tableguard_restores_total", Map.of("outcome", "completed"))).hasValue(1.0);
      assertThat(metrics.value("tableguard_restore_duration_seconds_count", Map.of())).hasValue(1.0);
      assertThat(aws.count("RestoreTableToPointInTime")).isEqualTo(1);
      assertThat(pt).isNotNull();
    }
  }

  @Test
  void restoresToTheLatestRestorableSecondAndSaysWhatTheSourceDidNotHave() {
    String source = protectTable("ledger");
    putItems(source, 2);
    Instant after = lastGoodSecond();

    create(tableRestore("ledger-latest", "ledger", tableName("ledger-copy")));

    TableRestore done = awaitPhase("ledger-latest", RestorePhase.Completed);
    assertThat(Instant.parse(done.getStatus().getRestoreDateTime())).as("the latest restorable second")
        .isAfterOrEqualTo(after).isBefore(Instant.parse(done.getStatus().getStartTime()).plusSeconds(1));
    Map<CopiedSetting, String> results = done.getStatus().getAppliedSettings().stream()
        .collect(Collectors.toMap(AppliedSetting::getName, AppliedSetting::getResult));
    assertThat(results).containsEntry(CopiedSetting.PointInTimeRecovery, "Applied")
        .containsEntry(CopiedSetting.TimeToLive, "NotSetOnSource")
        .containsEntry(CopiedSetting.Streams, "NotSetOnSource")
        .containsEntry(CopiedSetting.AutoScaling, "NotSetOnSource");
    assertThat(dynamo.scan(r -> r.tableName(tableName("ledger-copy"))).count()).isEqualTo(2);
  }

  @Test
  void aSettingThatFailsLeavesTheRestoreCompletedAndSaysWhatIsMissing() {
    String source = protectTable("events");
    dynamo.updateTimeToLive(r -> r.tableName(source).timeToLiveSpecification(s -> s.enabled(true)
        .attributeName("ttl")));
    aws.failAlways("UpdateTimeToLive", io.tableguard.testsupport.AwsFaultProxy.Fault.accessDenied("UpdateTimeToLive"));

    create(tableRestore("events-copy", "events", tableName("events-copy")));

    TableRestore done = awaitPhase("events-copy", RestorePhase.Completed);
    AppliedSetting ttl = done.getStatus().getAppliedSettings().stream()
        .filter(a -> a.getName() == CopiedSetting.TimeToLive).findFirst().orElseThrow();
    assertThat(ttl.getResult()).isEqualTo("Failed");
    assertThat(ttl.getMessage()).contains("UpdateTimeToLive").contains("not authorized");
    assertThat(Conditions.reason(done.getStatus().getConditions(), Conditions.READY)).hasValue("CompletedWithWarnings");
    assertThat(done.getStatus().getMessage()).contains("could not be copied: TimeToLive");
    assertThat(awaitEvent("events-copy", "SettingNotCopied").getType()).isEqualTo("Warning");
    assertThat(dynamo.scan(r -> r.tableName(tableName("events-copy"))).count()).as("the data is there").isZero();
    assertThat(dynamo.describeTable(r -> r.tableName(tableName("events-copy"))).table().tableStatusAsString())
        .isEqualTo("ACTIVE");
  }

  @Test
  void aTableRestoreWithTheLongestNameKubernetesAllowsCompletesTagsItsTableAndRecordsEvents() {
    protectTable("orders");
    String name = "long-" + "a".repeat(248);
    String target = tableName("long");

    create(tableRestore(name, "orders", target));

    TableRestore done = awaitPhase(name, RestorePhase.Completed);
    assertThat(name).hasSize(253);
    assertThat(RestoredTables.tags(dynamo, target)).containsEntry("tableguard.io/restore-uid", done.getMetadata().getUid())
        .containsEntry("tableguard.io/name", name).containsEntry("tableguard.io/namespace", namespace);
    awaitEvent(name, "RestoreStarted");
    assertThat(awaitEvent(name, "RestoreCompleted").getMetadata().getName()).hasSizeLessThanOrEqualTo(253);
  }

  private void putItems(String table, int count) {
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("order-" + i),
          "amount", AttributeValue.fromN(String.valueOf(10 + i)));
      dynamo.putItem(r -> r.tableName(table).item(item));
    }
  }

  private void putItem(String table, String id) {
    dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(id))));
  }

  private ApplicationAutoScalingClient autoScaling() {
    return ApplicationAutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }
}
