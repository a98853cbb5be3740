package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.sts.StsClient;

/** Injected faults as the AWS SDKs see them: AWS's errors, requests never served, and retries that get through. */
class FaultInjectionTest extends EmulatorTestBase {
  private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
      .retryStrategy(AwsRetryStrategy.doNotRetry()).build();

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  /** Off at the start; the tests turn the rate up and down while running, on a fixed seed. */
  @Override
  PitrEmulator.Options options() {
    return super.options().withFaultRate(0, 2025);
  }

  @AfterEach
  void faultsOff() {
    emulator.setFaultRate(0);
  }

  @Test
  void atRateOneEveryRequestFailsAsAwsWouldAndNoneIsServed() {
    EmulatorClients.createTable(dynamo, "untouched");
    String arn = dynamo.describeTable(r -> r.tableName("untouched")).table().tableArn();
    List<AwsServiceException> dynamoFaults = new ArrayList<>();
    List<AwsServiceException> stsFaults = new ArrayList<>();
    List<AwsServiceException> scalingFaults = new ArrayList<>();
    try (DynamoDbClient once = EmulatorClients.client(DynamoDbClient.builder().overrideConfiguration(NO_RETRIES),
            emulator);
        StsClient sts = EmulatorClients.client(StsClient.builder().overrideConfiguration(NO_RETRIES), emulator);
        ApplicationAutoScalingClient scaling = EmulatorClients.client(
            ApplicationAutoScalingClient.builder().overrideConfiguration(NO_RETRIES), emulator)) {
      long before = emulator.injectedFaults();
      emulator.setFaultRate(1);
      for (int i = 0; i < 4; i++) {
        String table = "never-" + i;
        dynamoFaults.add(refused(() -> EmulatorClients.createTable(once, table)));
        dynamoFaults.add(refused(() -> once.putItem(r -> r.tableName("untouched")
            .item(Map.of("pk", AttributeValue.fromS(table))))));
        dynamoFaults.add(refused(() -> once.tagResource(r -> r.resourceArn(arn)
            .tags(Tag.builder().key("team").value(table).build()))));
        stsFaults.add(refused(sts::getCallerIdentity));
        scalingFaults.add(refused(() -> scaling.registerScalableTarget(r -> r
            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/untouched")
            .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(1).maxCapacity(10))));
      }
      emulator.setFaultRate(0);

      assertThat(emulator.injectedFaults() - before)
          .isEqualTo(dynamoFaults.size() + stsFaults.size() + scalingFaults.size());
      assertThat(dynamoFaults).allSatisfy(FaultInjectionTest::assertDynamoFault);
      assertThat(stsFaults).allSatisfy(e -> assertFault(e, "Throttling", "InternalFailure"));
      assertThat(scalingFaults).allSatisfy(e -> assertFault(e, "ThrottlingException", "InternalServerError"));
      assertThat(dynamoFaults).extracting(AwsServiceException::statusCode).contains(400, 500);

      assertThat(once.listTables().tableNames()).contains("untouched")
          .noneMatch(t -> t.startsWith("never-"));
      assertThat(once.scan(r -> r.tableName("untouched")).count()).isZero();
      assertThat(once.listTagsOfResource(r -> r.resourceArn(arn)).tags()).isEmpty();
      assertThat(scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB))
          .scalableTargets()).isEmpty();
    }
  }

  @Test
  void theSdksDefaultRetriesGetEveryRequestThroughWhenAFifthFail() {
    EmulatorClients.createTable(dynamo, "burst");
    long before = emulator.injectedFaults();
    emulator.setFaultRate(0.2);
    for (int i = 0; i < 50; i++) {
      String key = "order-" + i;
      dynamo.putItem(r -> r.tableName("burst").item(Map.of("pk", AttributeValue.fromS(key))));
    }
    emulator.setFaultRate(0);

    assertThat(emulator.injectedFaults() - before).isPositive();
    assertThat(dynamo.scan(r -> r.tableName("burst")).count()).isEqualTo(50);
  }

  private static AwsServiceException refused(ThrowingCallable call) {
    AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
    assertThat(e).as("the call should have failed with an AWS error").isNotNull();
    return e;
  }

  /** DynamoDB's SDK maps both to their own exception types, by the __type DynamoDB sends. */
  private static void assertDynamoFault(AwsServiceException e) {
    assertThat(e).isInstanceOfAny(ThrottlingException.class, InternalServerErrorException.class);
    assertFault(e, "ThrottlingException", "InternalServerError");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(e instanceof ThrottlingException
        ? "Rate of requests exceeds the allowed throughput." : "Internal server error");
  }

  /** Throttling is a 400 the SDK knows as throttling; the other is a 500; both carry a request id. */
  private static void assertFault(AwsServiceException e, String throttlingCode, String internalCode) {
    String code = e.awsErrorDetails().errorCode();
    assertThat(code).isIn(throttlingCode, internalCode);
    assertThat(e.statusCode()).isEqualTo(code.equals(throttlingCode) ? 400 : 500);
    assertThat(e.isThrottlingException()).isEqualTo(code.equals(throttlingCode));
    assertThat(e.requestId()).isNotBlank();
  }
}
