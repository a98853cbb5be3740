package io.tableguard.testsupport;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB as "someone outside the operator" uses it: straight to the emulator, not through the proxy. */
public final class DynamoTables {
  public static final String REGION = "us-east-1";

  private DynamoTables() {
  }

  /**
   * The access key of "a person outside the operator": not the operator's (tests run it with key testing), so
   * AWS (the emulator) tells the two apart, as CloudTrail's userIdentity does.
   */
  public static final String PERSON = "person";

  public static DynamoDbClient client(URI endpoint) {
    return client(endpoint, REGION);
  }

  /** The same in another region: moto keeps each region's tables apart, as AWS does. */
  public static DynamoDbClient client(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(PERSON, PERSON)))
        .build();
  }

  /** The smallest table there is: a string hash key, on demand. */
  public static void create(DynamoDbClient dynamo, String name) {
    dynamo.createTable(r -> r.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
  }
}
