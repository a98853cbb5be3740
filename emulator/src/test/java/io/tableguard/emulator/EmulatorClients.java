package io.tableguard.emulator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The AWS SDK, pointed at an emulator, and the few steps every emulator test takes. */
final class EmulatorClients {
  private EmulatorClients() {}

  static DynamoDbClient dynamo(PitrEmulator emulator) {
    return client(DynamoDbClient.builder(), emulator);
  }

  /** Any AWS SDK client (DynamoDB, STS, Application Auto Scaling) pointed at the emulator. */
  static <B extends AwsClientBuilder<B, C>, C> C client(B builder, PitrEmulator emulator) {
    return builder.endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  static TableDescription createTable(DynamoDbClient dynamo, String name) {
    return dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
            .build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())).tableDescription();
  }

  static void awaitActive(DynamoDbClient dynamo, String table) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
        "ACTIVE".equals(dynamo.describeTable(r -> r.tableName(table)).table().tableStatusAsString()));
  }
}
