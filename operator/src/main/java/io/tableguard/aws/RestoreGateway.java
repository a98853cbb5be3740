package io.tableguard.aws;

import io.tableguard.model.restore.RestoreOverrides;
import io.tableguard.model.restore.SourceSettings.ScalingPolicy;
import io.tableguard.model.restore.SourceSettings.ScalingTarget;
import io.tableguard.model.restore.SourceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The DynamoDB and Application Auto Scaling calls a restore makes, rate-limited like every AWS call. */
public class RestoreGateway {
  private final AwsClients clients;
  private final AwsCalls calls;

  public RestoreGateway(AwsClients clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** The table's description, or empty when it does not exist. */
  public Optional<TableDescription> describe(TableTarget table) {
    try {
      return Optional.of(calls.call(table, "DescribeTable",
          () -> clients.dynamoDb(table).describeTable(r -> r.tableName(table.tableName())).table()));
    } catch (AwsFailure failure) {
      if (failure.kind() == AwsFailure.Kind.TABLE_NOT_FOUND) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  public Map<String, String> tags(TableTarget table, String tableArn) {
    DynamoDbClient ddb = clients.dynamoDb(table);
    Map<String, String> tags = new LinkedHashMap<>();
    String next = null;
    do {
      String token = next;
      var page = calls.call(table, "ListTagsOfResource",
          () -> ddb.listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(token)));
      page.tags().forEach(t -> tags.put(t.key(), t.value()));
      next = page.nextToken();
    } while (next != null);
    return tags;
  }

  public void tag(TableTarget table, String tableArn, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    List<Tag> list = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
    calls.run(table, "TagResource",
        () -> clients.dynamoDbSingleAttempt(table).tagResource(r -> r.resourceArn(tableArn).tags(list)));
  }

  /** What a restore will drop, read from the source now. */
  public SourceSettings capture(TableTarget source, TableDescription description, Optional<Integer> pitrDays) {
    DynamoDbClient ddb = clients.dynamoDb(source);
    SourceSettings settings = new SourceSettings();
    var ttl = calls.call(source, "DescribeTimeToLive",
        () -> ddb.describeTimeToLive(r -> r.tableName(source.tableName())).timeToLiveDescription());
    if (ttl != null && "ENABLED".equals(ttl.timeToLiveStatusAsString())) {
      settings.setTimeToLiveAttribute(ttl.attributeName());
    }
    StreamSpecification stream = description.streamSpecification();
    if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
      settings.setStreamViewType(stream.streamViewTypeAsString());
    }
    Map<String, String> tags = new LinkedHashMap<>(tags(source, description.tableArn()));
    tags.keySet().removeIf(k -> k.startsWith("aws:") || k.startsWith(OwnershipTags.PREFIX));
    settings.setTags(tags);
    settings.setDeletionProtection(Boolean.TRUE.equals(description.deletionProtectionEnabled()));
    settings.setPointInTimeRecoveryDays(pitrDays.orElse(null));
    settings.setAutoScaling(captureAutoScaling(source, description));
    return settings;
  }

  private List<ScalingTarget> captureAutoScaling(TableTarget source, TableDescription description) {
    ApplicationAutoScalingClient scaling = clients.autoScaling(source);
    List<String> resourceIds = new ArrayList<>();
    resourceIds.add("table/" + source.tableName());
    if (description.hasGlobalSecondaryIndexes()) {
      description.globalSecondaryIndexes()
          .forEach(i -> resourceIds.add("table/" + source.tableName() + "/index/" + i.indexName()));
    }
    List<ScalableTarget> found = calls.call(source, "DescribeScalableTargets",
        () -> scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
            .resourceIds(resourceIds)).scalableTargets());
    List<ScalingTarget> targets = new ArrayList<>();
    for (ScalableTarget t : found) {
      ScalingTarget copy = new ScalingTarget();
      copy.setResourceSuffix(t.resourceId().substring(("table/" + source.tableName()).length()));
      copy.setScalableDimension(t.scalableDimensionAsString());
      copy.setMinCapacity(t.minCapacity());
      copy.setMaxCapacity(t.maxCapacity());
      var policies = calls.call(source, "DescribeScalingPolicies",
          () -> scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
              .resourceId(t.resourceId()).scalableDimension(t.scalableDimension())).scalingPolicies());
      copy.setPolicies(policies.stream()
          // Filter again: some implementations of the API return other resources' policies too.
          .filter(p -> t.resourceId().equals(p.resourceId()))
          .filter(p -> p.targetTrackingScalingPolicyConfiguration() != null)
          .map(p -> {
            TargetTrackingScalingPolicyConfiguration c = p.targetTrackingScalingPolicyConfiguration();
            ScalingPolicy policy = new ScalingPolicy();
            policy.setName(p.policyName());
            policy.setTargetValue(c.targetValue());
            policy.setPredefinedMetricType(c.predefinedMetricSpecification() == null ? null
                : c.predefinedMetricSpecification().predefinedMetricTypeAsString());
            policy.setScaleInCooldown(c.scaleInCooldown());
            policy.setScaleOutCooldown(c.scaleOutCooldown());
            policy.setDisableScaleIn(c.disableScaleIn());
            return policy;
          }).toList());
      targets.add(copy);
    }
    return targets;
  }

  public TableDescription restore(TableTarget source, TableDescription sourceDescription, String targetTable,
      Instant restoreTime, RestoreOverrides overrides) {
    RestoreTableToPointInTimeRequest.Builder request = RestoreTableToPointInTimeRequest.builder()
        .sourceTableName(source.tableName())
        .targetTableName(targetTable)
        .restoreDateTime(restoreTime);
    if (overrides != null) {
      applyOverrides(request, sourceDescription, overrides);
    }
    return calls.call(source, "RestoreTableToPointInTime",
        () -> clients.dynamoDb(source).restoreTableToPointInTime(request.build()).tableDescription());
  }

  /**
   * RestoreTableFromBackup into a new table in the backup's account and Region, with the table-level overrides
   * (index overrides need the source's index definitions, which a backup restore does not take from a live table:
   * refused before this call).
   */
  public TableDescription restoreFromBackup(TableTarget account, String backupArn, String targetTable,
      RestoreOverrides overrides) {
    RestoreTableFromBackupRequest.Builder request = RestoreTableFromBackupRequest.builder()
        .backupArn(backupArn).targetTableName(targetTable);
    if (overrides != null) {
      tableOverrides(overrides, request::billingModeOverride, request::provisionedThroughputOverride,
          request::sseSpecificationOverride);
    }
    return calls.call(account, "RestoreTableFromBackup",
        () -> clients.dynamoDb(account).restoreTableFromBackup(request.build()).tableDescription());
  }

  /**
   * The table-level overrides, for both restore requests (their builders share the setters, not a type): billing
   * mode, provisioned throughput, encryption.
   */
  private static void tableOverrides(RestoreOverrides overrides, Consumer<String> billingMode,
      Consumer<ProvisionedThroughput> throughput, Consumer<SSESpecification> sse) {
    if (overrides.getBillingMode() != null) {
      billingMode.accept(overrides.getBillingMode().name());
    }
    if (overrides.getProvisionedThroughput() != null) {
      throughput.accept(ProvisionedThroughput.builder()
          .readCapacityUnits(overrides.getProvisionedThroughput().getReadCapacityUnits())
          .writeCapacityUnits(overrides.getProvisionedThroughput().getWriteCapacityUnits()).build());
    }
    if (overrides.getSse() != null) {
      sse.accept(SSESpecification.builder().enabled(overrides.getSse().getEnabled())
          .sseType(overrides.getSse().getSseType() == null ? null : overrides.getSse().getSseType().name())
          .kmsMasterKeyId(overrides.getSse().getKmsMasterKeyId()).build());
    }
  }

  private static void applyOverrides(RestoreTableToPointInTimeRequest.Builder request, TableDescription source,
      RestoreOverrides overrides) {
    tableOverrides(overrides, request::billingModeOverride, request::provisionedThroughputOverride,
        request::sseSpecificationOverride);
    if (overrides.getGlobalSecondaryIndexes() != null && source.hasGlobalSecondaryIndexes()) {
      boolean provisioned = overrides.getBillingMode() != null
          ? overrides.getBillingMode() == RestoreOverrides.BillingMode.PROVISIONED
          : source.billingModeSummary() == null || !"PAY_PER_REQUEST".equals(
              source.billingModeSummary().billingModeAsString());
      request.globalSecondaryIndexOverride(source.globalSecondaryIndexes().stream()
          .filter(i -> overrides.getGlobalSecondaryIndexes().contains(i.indexName()))
          .map(i -> GlobalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
              .projection(i.projection())
              .provisionedThroughput(provisioned ? indexThroughput(i.provisionedThroughput(), overrides) : null)
              .build())
          .toList());
    }
    if (overrides.getLocalSecondaryIndexes() != null && source.hasLocalSecondaryIndexes()) {
      request.localSecondaryIndexOverride(source.localSecondaryIndexes().stream()
          .filter(i -> overrides.getLocalSecondaryIndexes().contains(i.indexName()))
          .map(i -> LocalSecondaryIndex.builder().indexName(i.indexName()).keySchema(i.keySchema())
              .projection(i.projection()).build())
          .toList());
    }
  }

  /**
   * An index of a provisioned table needs capacity: the source index's, or, when the source was on demand
   * (it reports 0), the table's override.
   */
  private static ProvisionedThroughput indexThroughput(ProvisionedThroughputDescription source,
      RestoreOverrides overrides) {
    if (source != null && source.readCapacityUnits() != null && source.readCapacityUnits() > 0) {
      return ProvisionedThroughput.builder().readCapacityUnits(source.readCapacityUnits())
          .writeCapacityUnits(source.writeCapacityUnits()).build();
    }
    RestoreOverrides.Throughput table = overrides.getProvisionedThroughput();
    return table == null ? null : ProvisionedThroughput.builder().readCapacityUnits(table.getReadCapacityUnits())
        .writeCapacityUnits(table.getWriteCapacityUnits()).build();
  }

  public void enableTimeToLive(TableTarget table, String attribute) {
    DynamoDbClient ddb = clients.dynamoDb(table);
    var current = calls.call(table, "DescribeTimeToLive",
        () -> ddb.describeTimeToLive(r -> r.tableName(table.tableName())).timeToLiveDescription());
    if (current != null && "ENABLED".equals(current.timeToLiveStatusAsString())
        && attribute.equals(current.attributeName())) {
      return;
    }
    calls.run(table, "UpdateTimeToLive", () -> clients.dynamoDbSingleAttempt(table).updateTimeToLive(r -> r
        .tableName(table.tableName())
        .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute))));
  }

  public void enableStream(TableTarget table, TableDescription current, String viewType) {
    StreamSpecification stream = current.streamSpecification();
    if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
      return;
    }
    calls.run(table, "UpdateTable", () -> clients.dynamoDbSingleAttempt(table).updateTable(r -> r
        .tableName(table.tableName()).streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType))));
  }

  public void setDeletionProtection(TableTarget table, boolean enabled) {
    calls.run(table, "UpdateTable", () -> clients.dynamoDbSingleAttempt(table).updateTable(r -> r
        .tableName(table.tableName()).deletionProtectionEnabled(enabled)));
  }

  public void copyAutoScaling(TableTarget table, List<ScalingTarget> targets) {
    ApplicationAutoScalingClient scaling = clients.autoScaling(table);
    for (ScalingTarget t : targets) {
      String resourceId = "table/" + table.tableName() + t.getResourceSuffix();
      calls.run(table, "RegisterScalableTarget", () -> scaling.registerScalableTarget(r -> r
          .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
          .scalableDimension(t.getScalableDimension())
          .minCapacity(t.getMinCapacity()).maxCapacity(t.getMaxCapacity())));
      for (ScalingPolicy p : t.getPolicies() == null ? List.<ScalingPolicy>of() : t.getPolicies()) {
        calls.run(table, "PutScalingPolicy", () -> scaling.putScalingPolicy(r -> r
            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
            .scalableDimension(t.getScalableDimension())
            .policyName(p.getName())
            .policyType(PolicyType.TARGET_TRACKING_SCALING)
            .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(p.getTargetValue())
                .predefinedMetricSpecification(m -> m.predefinedMetricType(p.getPredefinedMetricType()))
                .scaleInCooldown(p.getScaleInCooldown())
                .scaleOutCooldown(p.getScaleOutCooldown())
                .disableScaleIn(p.getDisableScaleIn()))));
      }
    }
  }

  public void delete(TableTarget table) {
    calls.run(table, "DeleteTable", () -> clients.dynamoDb(table).deleteTable(r -> r.tableName(table.tableName())));
  }
}
