package io.tableguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tableguard.TableguardOperator;
import io.tableguard.config.OperatorSettings;
import io.tableguard.kube.Conditions;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.protection.ProtectedTableSpec;
import io.tableguard.testsupport.KubeApi;
import io.tableguard.testsupport.MotoServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The optional end-to-end tier: a whole k3s cluster in Docker, with the CRDs installed as a user would,
 * and the operator protecting a table in moto. Runs only where a Docker engine answers.
 */
class K3sEndToEndTest {
  private static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.34.1-k3s1");

  @Test
  void protectsATableInAK3sCluster() throws Exception {
    assumeTrue(dockerAvailable(), "no Docker engine on this machine: the k3s end-to-end tier is skipped");
    MotoServer moto = MotoServer.shared();
    moto.reset();
    try (K3sContainer k3s = new K3sContainer(K3S)) {
      k3s.start();
      try (KubernetesClient client = new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
          DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
              .build()) {
        for (Path file : KubeApi.crdFiles()) {
          try (InputStream in = Files.newInputStream(file)) {
            client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                .serverSideApply();
          }
        }
        dynamo.createTable(r -> r.tableName("e2e-orders").billingMode("PAY_PER_REQUEST")
            .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
            .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        try (TableguardOperator operator = new TableguardOperator(
            OperatorSettings.forEndpoint(moto.endpoint(), "us-east-1", 0), client).start()) {
          ProtectedTable pt = new ProtectedTable();
          pt.getMetadata().setName("orders");
          pt.getMetadata().setNamespace("default");
          pt.setSpec(new ProtectedTableSpec());
          pt.getSpec().setTableName("e2e-orders");
          await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> client.resource(pt).create() != null);
          await().atMost(Duration.ofSeconds(60)).until(() -> {
            ProtectedTable current = client.resource(pt).get();
            return current.getStatus() != null && Conditions.isTrue(current.getStatus().getConditions(), "Ready");
          });
          assertThat(dynamo.describeContinuousBackups(r -> r.tableName("e2e-orders")).continuousBackupsDescription()
              .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
        }
      }
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
