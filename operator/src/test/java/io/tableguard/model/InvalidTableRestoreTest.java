package io.tableguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.testsupport.KubeApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad TableRestores are refused by the real API server with the field and the rule; a created one is final. */
class InvalidTableRestoreTest {
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void server() {
    client = KubeApi.shared().client();
    namespace = KubeApi.shared().createNamespace("invalid-tr");
  }

  @AfterAll
  static void removeTheValidOnes() {
    KubeApi.shared().deleteTableguardResources(namespace);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("no source", edit(s -> s.remove("source")), "spec.source: Required value"),
        Arguments.of("source not a resource name", edit(s -> s.put("source", Map.of("protectedTableRef", "Orders!"))),
            "spec.source.protectedTableRef"),
        Arguments.of("no restore point", edit(s -> s.remove("restorePoint")),
            "exactly one of spec.restorePoint, spec.source.backupRef and spec.source.backupArn must be set"),
        Arguments.of("a restore point and a backup", edit(s -> s.put("source", Map.of("backupRef", "orders-q4"))),
            "exactly one of spec.restorePoint, spec.source.backupRef and spec.source.backupArn must be set"),
        Arguments.of("a backup by a bad ARN", edit(s -> {
          s.remove("restorePoint");
          s.put("source", Map.of("backupArn", "arn:aws:dynamodb:us-east-1:000000000000:table/orders"));
        }), "spec.source.backupArn"),
        Arguments.of("items from a backup", edit(s -> {
          s.remove("restorePoint");
          s.put("source", Map.of("backupRef", "orders-q4"));
          s.put("items", Map.of("writeBack", Map.of("mode", "DiffOnly")));
        }), "spec.items works with spec.restorePoint (PITR) only"),
        Arguments.of("time and latest", edit(s -> s.put("restorePoint",
            Map.of("time", "2025-03-01T12:30:00Z", "latest", true))),
            "exactly one of spec.restorePoint.time or spec.restorePoint.latest must be set"),
        Arguments.of("neither time nor latest", edit(s -> s.put("restorePoint", Map.of())),
            "exactly one of spec.restorePoint.time or spec.restorePoint.latest must be set"),
        Arguments.of("time without offset", edit(s -> s.put("restorePoint", Map.of("time", "2025-03-01T12:30:00"))),
            "spec.restorePoint.time"),
        Arguments.of("time as a date", edit(s -> s.put("restorePoint", Map.of("time", "2025-03-01"))),
            "spec.restorePoint.time"),
        Arguments.of("a day the calendar does not have", edit(s -> s.put("restorePoint",
            Map.of("time", "2026-02-30T10:00:00Z"))),
            "spec.restorePoint.time is not a real instant"),
        Arguments.of("an hour the clock does not have", edit(s -> s.put("restorePoint",
            Map.of("time", "2026-03-01T25:00:00Z"))),
            "spec.restorePoint.time is not a real instant"),
        Arguments.of("time finer than a millisecond", edit(s -> s.put("restorePoint",
            Map.of("time", "2025-03-01T12:30:00.1234Z"))),
            "spec.restorePoint.time may have at most 3 fraction digits: AWS restores to the millisecond"),
        Arguments.of("latest false", edit(s -> s.put("restorePoint", Map.of("latest", false))),
            "spec.restorePoint.latest can only be true"),
        Arguments.of("no target", edit(s -> s.remove("target")), "spec.target: Required value"),
        Arguments.of("bad target name", edit(s -> s.put("target", Map.of("tableName", "a b"))), "spec.target.tableName"),
        Arguments.of("unknown setting", edit(s -> s.put("copySettings", List.of("Alarms"))), "spec.copySettings[0]"),
        Arguments.of("unknown deletion policy", edit(s -> s.put("deletionPolicy", "Archive")), "spec.deletionPolicy"),
        Arguments.of("bad ttl", edit(s -> s.put("ttlAfterCompletion", "3 days")), "spec.ttlAfterCompletion"),
        Arguments.of("ttl over a year", edit(s -> s.put("ttlAfterCompletion", "8761h")),
            "spec.ttlAfterCompletion must be at most 8760h"),
        Arguments.of("ttl beyond what a duration holds", edit(s -> s.put("ttlAfterCompletion", "3000000000000h")),
            "spec.ttlAfterCompletion must be at most 8760h"),
        Arguments.of("throughput without PROVISIONED", edit(s -> s.put("overrides", Map.of("provisionedThroughput",
            Map.of("readCapacityUnits", 5, "writeCapacityUnits", 5)))),
            "spec.overrides.provisionedThroughput needs spec.overrides.billingMode: PROVISIONED"),
        Arguments.of("PROVISIONED without throughput", edit(s -> s.put("overrides", Map.of("billingMode", "PROVISIONED"))),
            "spec.overrides.billingMode: PROVISIONED needs spec.overrides.provisionedThroughput"),
        Arguments.of("zero capacity", edit(s -> s.put("overrides", Map.of("billingMode", "PROVISIONED",
            "provisionedThroughput", Map.of("readCapacityUnits", 0, "writeCapacityUnits", 5)))),
            "spec.overrides.provisionedThroughput.readCapacityUnits"),
        Arguments.of("KMS key without KMS", edit(s -> s.put("overrides", Map.of("sse",
            Map.of("enabled", true, "sseType", "AES256", "kmsMasterKeyId", "alias/x")))),
            "spec.overrides.sse.kmsMasterKeyId needs spec.overrides.sse.sseType: KMS"),
        Arguments.of("items without writeBack", items(Map.of()), "spec.items.writeBack: Required value"),
        Arguments.of("items: empty keys", items(Map.of("keys", List.of(), "writeBack", missingOnly())),
            "spec.items.keys"),
        Arguments.of("items: over 1,000 keys", items(Map.of("keys", java.util.stream.IntStream.range(0, 1001)
            .mapToObj(i -> Map.of("pk", Map.of("S", "k" + i))).toList(), "writeBack", missingOnly())),
            "spec.items.keys: Too many"),
        Arguments.of("items: a partition key that is no key type", items(Map.of("partitionKeys",
            List.of(Map.of("BOOL", true)), "writeBack", missingOnly())),
            "spec.items.partitionKeys: a partition key value has exactly one of S, N or B"),
        Arguments.of("items: empty partitionKeys", items(Map.of("partitionKeys", List.of(), "writeBack", missingOnly())),
            "spec.items.partitionKeys"),
        Arguments.of("items: two selections", items(Map.of("partitionKeys", List.of(Map.of("S", "t1")),
            "filter", Map.of("expression", "a = :a"), "writeBack", missingOnly())),
            "spec.items takes one selection at most"),
        Arguments.of("items: empty filter", items(Map.of("filter", Map.of("expression", ""),
            "writeBack", missingOnly())), "spec.items.filter.expression"),
        Arguments.of("items: blank condition", items(Map.of("writeBack", Map.of("mode", "Revert",
            "condition", Map.of("expression", "   ")))), "an expression must not be blank"),
        Arguments.of("items: a value with two types", items(Map.of("filter", Map.of("expression", "a = :a",
            "values", Map.of(":a", Map.of("S", "x", "N", "1"))), "writeBack", missingOnly())),
            "a value has exactly one of S, N, B or BOOL"),
        Arguments.of("items: unknown mode", items(Map.of("writeBack", Map.of("mode", "Merge"))),
            "spec.items.writeBack.mode"),
        Arguments.of("items: condition with DiffOnly", items(Map.of("writeBack", Map.of("mode", "DiffOnly",
            "condition", Map.of("expression", "a = :a")))),
            "spec.items.writeBack.condition and versionAttribute guard writes, and DiffOnly writes nothing"),
        Arguments.of("items: versionAttribute with DiffOnly", items(Map.of("writeBack", Map.of("mode", "DiffOnly",
            "versionAttribute", "version"))),
            "spec.items.writeBack.condition and versionAttribute guard writes, and DiffOnly writes nothing"),
        Arguments.of("items: zero writes per second", items(Map.of("writeBack", Map.of("mode", "Revert",
            "maxWritesPerSecond", 0))), "spec.items.writeBack.maxWritesPerSecond"),
        Arguments.of("items: zero reads per second", items(Map.of("writeBack", Map.of("mode", "Revert",
            "maxReadsPerSecond", 0))), "spec.items.writeBack.maxReadsPerSecond"),
        Arguments.of("items: zero pods", items(Map.of("writeBack", Map.of("mode", "Revert", "parallelism", 0))),
            "spec.items.writeBack.parallelism"),
        Arguments.of("items: zero shards", items(Map.of("writeBack", Map.of("mode", "Revert", "shards", 0))),
            "spec.items.writeBack.shards"),
        Arguments.of("items: more pods than shards", items(Map.of("writeBack", Map.of("mode", "Revert",
            "parallelism", 8, "shards", 4))), "spec.items.writeBack.parallelism (pods) must be at most shards"),
        Arguments.of("items: a placeholder tableguard uses", items(Map.of("writeBack", Map.of("mode", "Revert",
            "condition", Map.of("expression", "#tg0 = :a", "names", Map.of("#tg0", "a"))))),
            "name placeholders start with # (and not #tg"),
        Arguments.of("no spec at all", null, "spec is required"));
  }

  private static Map<String, Object> missingOnly() {
    return Map.of("mode", "MissingOnly");
  }

  private static Map<String, Object> items(Map<String, Object> items) {
    return edit(s -> s.put("items", items));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void isRejectedNamingTheField(String why, Map<String, Object> spec, String expectedInMessage) {
    GenericKubernetesResource restore = resource("bad-" + Math.abs(why.hashCode()), spec);
    assertThatThrownBy(() -> client.resource(restore).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expectedInMessage);
  }

  @Test
  void aCreatedRestoreCannotBeEdited() {
    client.resource(resource("final", valid())).create();
    Map<String, Object> otherTime = valid();
    otherTime.put("restorePoint", Map.of("time", "2025-03-01T09:14:00Z"));
    GenericKubernetesResource edited = resource("final", otherTime);

    assertThatThrownBy(() -> client.resource(edited).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec is immutable: a TableRestore is a one-time request");
  }

  @Test
  void defaultsCopyEverySettingAndKeepTheTable() {
    GenericKubernetesResource created = client.resource(resource("defaults", valid())).create();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("deletionPolicy", "Retain")
        .containsEntry("copySettings", List.of("TimeToLive", "Streams", "Tags", "DeletionProtection", "AutoScaling",
            "PointInTimeRecovery"));
  }

  private static Map<String, Object> valid() {
    Map<String, Object> spec = new HashMap<>();
    spec.put("source", Map.of("protectedTableRef", "orders"));
    spec.put("restorePoint", Map.of("time", "2025-03-01T09:14:59Z"));
    spec.put("target", Map.of("tableName", "orders-restored"));
    return spec;
  }

  private static Map<String, Object> edit(Consumer<Map<String, Object>> change) {
    Map<String, Object> spec = valid();
    change.accept(spec);
    return spec;
  }

  private static GenericKubernetesResource resource(String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(ProtectedTable.GROUP + "/" + ProtectedTable.VERSION);
    r.setKind("TableRestore");
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(namespace);
    if (spec != null) {
      r.setAdditionalProperty("spec", spec);
    }
    return r;
  }
}
