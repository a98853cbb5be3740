package io.tableguard.aws;

import io.tableguard.config.OperatorSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * One DynamoDB client per region and role, built once: clients are thread-safe and expensive, and
 * assumed-role credentials are refreshed by the provider before they expire.
 */
public class AwsClients implements AutoCloseable {
  /** Appended to the SDK's User-Agent of every call the operator makes. */
  public static final String USER_AGENT = "tableguard-operator";
  private final OperatorSettings settings;
  private final List<ExecutionInterceptor> interceptors;
  private final Map<String, DynamoDbClient> dynamoClients = new ConcurrentHashMap<>();
  private final Map<String, ApplicationAutoScalingClient> autoScalingClients = new ConcurrentHashMap<>();
  private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
  private final Map<String, SqsClient> sqsClients = new ConcurrentHashMap<>();
  private final Map<String, StsAssumeRoleCredentialsProvider> roleCredentials = new ConcurrentHashMap<>();

  private final AwsBudgets budgets;

  public AwsClients(OperatorSettings settings, List<ExecutionInterceptor> interceptors, AwsBudgets budgets) {
    this.settings = settings;
    this.interceptors = List.copyOf(interceptors);
    this.budgets = budgets;
  }

  /** DynamoDB's control-plane quotas are per account and region: its clients share that account's budgets. */
  public DynamoDbClient dynamoDb(TableTarget target) {
    return dynamoClients.computeIfAbsent(target.accountRegion() + "|" + sessionKey(target.role()),
        k -> configure(DynamoDbClient.builder(), target.region(), credentialsFor(target.region(), target.role()),
            budgets.forAccount(target)).build());
  }

  public ApplicationAutoScalingClient autoScaling(TableTarget target) {
    return autoScalingClients.computeIfAbsent(target.region() + "|" + sessionKey(target.role()),
        k -> configure(ApplicationAutoScalingClient.builder(), target.region(),
            credentialsFor(target.region(), target.role())).build());
  }

  public StsClient sts(String region) {
    return stsClients.computeIfAbsent(region,
        r -> configure(StsClient.builder(), r, DefaultCredentialsProvider.builder().build()).build());
  }

  /**
   * The client of a change-event queue (TABLEGUARD_EVENT_QUEUE_URLS), with the operator's own credentials. The
   * queue's URL names its endpoint when it is not AWS's (an emulator); AWS's own queues use the SDK's endpoint for
   * the region, never TABLEGUARD_AWS_ENDPOINT (that is DynamoDB's and STS's).
   */
  public SqsClient sqs(String region, Optional<URI> endpoint) {
    return sqsClients.computeIfAbsent(region + "|" + endpoint.map(URI::toString).orElse(""),
        k -> configure(SqsClient.builder(), region, DefaultCredentialsProvider.builder().build())
            .endpointOverride(endpoint.orElse(null)).build());
  }

  /**
   * Each tenant's resource assumes its role in a session of its own, named and tagged after it, so the target
   * account's trust policy and CloudTrail see which namespace acts.
   */
  private AwsCredentialsProvider credentialsFor(String region, Optional<RoleSession> role) {
    if (role.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    RoleSession session = role.get();
    List<Tag> tags = session.sessionTags().entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    return roleCredentials.computeIfAbsent(region + "|" + sessionKey(role),
        k -> StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts(region))
            .refreshRequest(r -> r.roleArn(session.roleArn()).roleSessionName(session.sessionName()).tags(tags))
            .build());
  }

  private static String sessionKey(Optional<RoleSession> role) {
    return role.map(r -> r.roleArn() + "|" + r.namespace() + "/" + r.resourceName()).orElse("");
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, AwsCredentialsProvider credentials,
      ExecutionInterceptor... own) {
    // Standard mode: 3 attempts with jittered backoff inside the SDK. DynamoDB's legacy default retries
    // throttling for up to a minute, holding a reconcile thread; the operator's own backoff takes over instead.
    // The user agent names tableguard, so CloudTrail (userAgent) tells its calls from everyone else's.
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
        .retryStrategy(RetryMode.STANDARD)
        .apiCallTimeout(settings.awsCallTimeout());
    interceptors.forEach(override::addExecutionInterceptor);
    List.of(own).forEach(override::addExecutionInterceptor);
    builder.region(Region.of(region)).credentialsProvider(credentials).overrideConfiguration(override.build());
    settings.awsEndpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    roleCredentials.values().forEach(StsAssumeRoleCredentialsProvider::close);
    dynamoClients.values().forEach(DynamoDbClient::close);
    autoScalingClients.values().forEach(ApplicationAutoScalingClient::close);
    stsClients.values().forEach(StsClient::close);
    sqsClients.values().forEach(SqsClient::close);
  }
}
