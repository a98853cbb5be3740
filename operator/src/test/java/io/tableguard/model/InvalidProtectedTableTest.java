package io.tableguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.testsupport.KubeApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad ProtectedTables are refused by the real API server, with a message that names the field and the rule. */
class InvalidProtectedTableTest {
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void server() {
    client = KubeApi.shared().client();
    namespace = KubeApi.shared().createNamespace("invalid-pt");
  }

  @AfterAll
  static void removeTheValidOnes() {
    KubeApi.shared().deleteTableguardResources(namespace);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("name too short", spec("tableName", "ab"), "spec.tableName"),
        Arguments.of("name with a space", spec("tableName", "my table"), "spec.tableName"),
        Arguments.of("name too long", spec("tableName", "t".repeat(256)), "spec.tableName"),
        Arguments.of("period 0", withName("recoveryPeriodDays", 0), "spec.recoveryPeriodDays"),
        Arguments.of("period 36", withName("recoveryPeriodDays", 36), "spec.recoveryPeriodDays"),
        Arguments.of("period not a number", withName("recoveryPeriodDays", "thirty"), "spec.recoveryPeriodDays"),
        Arguments.of("both name and ARN",
            withName("tableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"),
            "exactly one of spec.tableName or spec.tableArn must be set"),
        Arguments.of("neither name nor ARN", spec("region", "us-east-1"),
            "exactly one of spec.tableName or spec.tableArn must be set"),
        Arguments.of("ARN of another service", spec("tableArn", "arn:aws:s3:::orders"), "spec.tableArn"),
        Arguments.of("interval without unit", withName("checkInterval", "300"), "spec.checkInterval"),
        Arguments.of("interval in words", withName("checkInterval", "5 minutes"), "spec.checkInterval"),
        Arguments.of("interval under 10s", withName("checkInterval", "5s"), "spec.checkInterval must be at least 10s"),
        Arguments.of("unknown drift policy", withName("driftPolicy", "Ignore"), "spec.driftPolicy"),
        Arguments.of("unknown deletion policy", withName("deletionPolicy", "Delete"), "spec.deletionPolicy"),
        Arguments.of("bad region", withName("region", "Mars"), "spec.region"),
        Arguments.of("made-up region", withName("region", "xx-made-up-1"), "spec.region"),
        Arguments.of("FIPS pseudo-region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:us-east-1-fips:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("FIPS prefix pseudo-region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:fips-us-east-1:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("local pseudo-region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:local:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("dual-stack pseudo-region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:dualstack-us-east-1:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("global pseudo-region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:aws-global:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("made-up region in the ARN",
            spec("tableArn", "arn:aws:dynamodb:xx-made-up-1:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("region of another partition",
            spec("tableArn", "arn:aws-cn:dynamodb:us-east-1:123456789012:table/orders"), "spec.tableArn"),
        Arguments.of("role that is no role ARN", withName("aws", Map.of("roleArn", "admin")), "spec.aws.roleArn"),
        Arguments.of("no spec at all", null, "spec is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void isRejectedNamingTheField(String why, Map<String, Object> spec, String expectedInMessage) {
    GenericKubernetesResource pt = resource("bad-" + Math.abs(why.hashCode()), spec);
    assertThatThrownBy(() -> client.resource(pt).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expectedInMessage);
  }

  static Stream<Arguments> realRegions() {
    return Stream.of(
        Arguments.of(Map.of("tableName", "orders", "region", "eu-west-1")),
        Arguments.of(Map.of("tableName", "orders", "region", "eusc-de-east-1")),
        Arguments.of(Map.of("tableName", "orders", "region", "us-gov-west-1")),
        Arguments.of(Map.of("tableArn", "arn:aws:dynamodb:ap-southeast-7:123456789012:table/orders")),
        Arguments.of(Map.of("tableArn", "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders")),
        Arguments.of(Map.of("tableArn", "arn:aws-us-gov:dynamodb:us-gov-east-1:123456789012:table/orders")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realRegions")
  void realRegionsOfTheirPartitionAreAccepted(Map<String, Object> spec) {
    GenericKubernetesResource pt = resource("real-" + Math.abs(spec.hashCode()), new LinkedHashMap<>(spec));
    assertThat(client.resource(pt).create().getMetadata().getUid()).isNotEmpty();
  }

  @Test
  void theTableCannotBeChangedAfterCreation() {
    client.resource(resource("immutable", spec("tableName", "orders"))).create();
    GenericKubernetesResource moved = resource("immutable", spec("tableName", "payments"));
    assertThatThrownBy(() -> client.resource(moved).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.tableName, spec.tableArn, spec.region and spec.aws.roleArn are immutable");
  }

  @Test
  void defaultsAreFilledInByTheServer() {
    GenericKubernetesResource created = client.resource(resource("defaults", spec("tableName", "orders"))).create();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("recoveryPeriodDays", 35)
        .containsEntry("driftPolicy", "Enforce")
        .containsEntry("checkInterval", "5m")
        .containsEntry("deletionPolicy", "Retain");
  }

  private static Map<String, Object> spec(String key, Object value) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(key, value);
    return spec;
  }

  private static Map<String, Object> withName(String key, Object value) {
    Map<String, Object> spec = spec("tableName", "orders");
    spec.put(key, value);
    return spec;
  }

  private static GenericKubernetesResource resource(String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(ProtectedTable.GROUP + "/" + ProtectedTable.VERSION);
    r.setKind("ProtectedTable");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(namespace);
    if (spec != null) {
      r.setAdditionalProperty("spec", spec);
    }
    return r;
  }
}
