package io.tableguard.aws;

import io.tableguard.config.OperatorSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Tag;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One DynamoDB client per account, region and role session, built when first needed: clients are thread-safe and
 * expensive, and assumed-role credentials are refreshed by the provider before they expire. Role sessions are per
 * resource, so what a resource made must go with it: a DynamoDB or Application Auto Scaling client nobody used for
 * {@link OperatorSettings#awsClientIdleTimeout()} is closed (never while one of its calls is in flight), then the
 * role sessions and request budgets no remaining client uses. STS and SQS clients are per real region or
 * configured queue, a bounded set, and stay.
 */
public class AwsClients implements AutoCloseable {
  /** Appended to the SDK's User-Agent of every call the operator makes. */
  public static final String USER_AGENT = "tableguard-operator";
  private static final Logger log = LoggerFactory.getLogger(AwsClients.class);
  private final OperatorSettings settings;
  private final List<ExecutionInterceptor> interceptors;
  /** Guards the idle-evicted maps: a client is handed out or evicted, never both at once. */
  private final Object lock = new Object();
  private final Map<String, IdleTracked<DynamoDbClient>> dynamoClients = new HashMap<>();
  private final Map<String, IdleTracked<ApplicationAutoScalingClient>> autoScalingClients = new HashMap<>();
  /** A role session and the provider that keeps its credentials fresh. */
  private record SessionCredentials(RoleSession session, StsAssumeRoleCredentialsProvider provider) {}

  private final Map<String, SessionCredentials> roleCredentials = new HashMap<>();
  private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
  private final Map<String, SqsClient> sqsClients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;
  /** The operator's own credentials, one chain for all its clients (closing a client leaves it open). */
  private final DefaultCredentialsProvider ownCredentials = DefaultCredentialsProvider.builder().build();

  private final AwsBudgets budgets;

  public AwsClients(OperatorSettings settings, List<ExecutionInterceptor> interceptors, AwsBudgets budgets) {
    this.settings = settings;
    this.interceptors = List.copyOf(interceptors);
    this.budgets = budgets;
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "tableguard-aws-client-sweeper");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, Math.min(60, settings.awsClientIdleTimeout().toSeconds() / 2));
    sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
  }

  /** DynamoDB's control-plane quotas are per account and region: its clients share that account's budgets. */
  public DynamoDbClient dynamoDb(TableTarget target) {
    return handOut(dynamoClients, target.accountRegion() + "|" + sessionKey(target.role()), target,
        inFlight -> configure(DynamoDbClient.builder(), target.region(),
            credentialsFor(target.region(), target.role()), budgets.forAccount(target), inFlight).build());
  }

  /**
   * A client that sends each request once, for the writes that put a restore's settings on a table named by its
   * name. A retry the SDK made by itself could land on a table that replaced the restored one meanwhile; the
   * reconcile retries instead, after checking the table's TableId again.
   */
  public DynamoDbClient dynamoDbSingleAttempt(TableTarget target) {
    return handOut(dynamoClients, target.accountRegion() + "|" + sessionKey(target.role()) + "|single-attempt",
        target, inFlight -> configure(DynamoDbClient.builder(), target.region(),
            credentialsFor(target.region(), target.role()), false, budgets.forAccount(target), inFlight).build());
  }

  public ApplicationAutoScalingClient autoScaling(TableTarget target) {
    return handOut(autoScalingClients, target.region() + "|" + sessionKey(target.role()), target,
        inFlight -> configure(ApplicationAutoScalingClient.builder(), target.region(),
            credentialsFor(target.region(), target.role()), inFlight).build());
  }

  /** Live clients and role sessions by kind, for {@code tableguard_aws_clients}. */
  public Map<String, Integer> live() {
    synchronized (lock) {
      return Map.of("dynamodb", dynamoClients.size(), "autoscaling", autoScalingClients.size(),
          "role_session", roleCredentials.size(), "sts", stsClients.size(), "sqs", sqsClients.size());
    }
  }

  private <C extends SdkAutoCloseable> C handOut(Map<String, IdleTracked<C>> clients, String key, TableTarget target,
      Function<ExecutionInterceptor, C> build) {
    synchronized (lock) {
      IdleTracked<C> tracked = clients.get(key);
      if (tracked == null) {
        tracked = new IdleTracked<>(target.accountRegion(), target.role().isEmpty() ? null
            : target.region() + "|" + sessionKey(target.role()));
        tracked.client = build.apply(tracked);
        clients.put(key, tracked);
      }
      tracked.touch();
      return tracked.client;
    }
  }

  /**
   * Closes the clients idle for longer than the idle timeout with no call in flight, then the role sessions and
   * request budgets that no remaining client uses. A client handed out moments ago counts as used, so a caller
   * never gets a client that closes under it.
   */
  void closeIdle() {
    List<SdkAutoCloseable> closing = new ArrayList<>();
    synchronized (lock) {
      long idleSince = System.nanoTime() - settings.awsClientIdleTimeout().toNanos();
      evict(dynamoClients, idleSince, closing);
      evict(autoScalingClients, idleSince, closing);
      Set<String> sessionsInUse = new HashSet<>();
      Set<String> accountRegionsInUse = new HashSet<>();
      List<Map<String, ? extends IdleTracked<?>>> remaining = List.of(dynamoClients, autoScalingClients);
      for (Map<String, ? extends IdleTracked<?>> clients : remaining) {
        clients.values().forEach(c -> {
          if (c.session != null) {
            sessionsInUse.add(c.session);
          }
        });
      }
      dynamoClients.values().forEach(c -> accountRegionsInUse.add(c.accountRegion));
      roleCredentials.entrySet().removeIf(e -> {
        boolean unused = !sessionsInUse.contains(e.getKey());
        if (unused) {
          closing.add(e.getValue().provider());
        }
        return unused;
      });
      budgets.retainOnly(accountRegionsInUse);
    }
    if (!closing.isEmpty()) {
      log.info("Closed {} AWS clients and role sessions nobody used for {}", closing.size(),
          settings.awsClientIdleTimeout());
    }
    closing.forEach(SdkAutoCloseable::close);
  }

  private static <C extends SdkAutoCloseable> void evict(Map<String, IdleTracked<C>> clients, long idleSince,
      List<SdkAutoCloseable> closing) {
    clients.values().removeIf(c -> {
      boolean idle = c.idleSince(idleSince);
      if (idle) {
        closing.add(c.client);
      }
      return idle;
    });
  }

  /**
   * A client with the time it was last handed out or finished a call, and its calls in flight (counted by
   * itself, as an interceptor of that client).
   */
  private static final class IdleTracked<C> implements ExecutionInterceptor {
    final String accountRegion;
    /** The key of its role session, or null for the operator's own credentials. */
    final String session;
    C client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastUsed = System.nanoTime();

    IdleTracked(String accountRegion, String session) {
      this.accountRegion = accountRegion;
      this.session = session;
    }

    void touch() {
      lastUsed = System.nanoTime();
    }

    boolean idleSince(long since) {
      return inFlight.get() == 0 && lastUsed - since < 0;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      inFlight.incrementAndGet();
      touch();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      touch();
      inFlight.decrementAndGet();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
      touch();
      inFlight.decrementAndGet();
    }
  }

  public StsClient sts(String region) {
    return stsClients.computeIfAbsent(region,
        r -> configure(StsClient.builder(), r, ownCredentials).build());
  }

  /**
   * The client of a change-event queue (TABLEGUARD_EVENT_QUEUE_URLS), with the operator's own credentials. The
   * queue's URL names its endpoint when it is not AWS's (an emulator); AWS's own queues use the SDK's endpoint for
   * the region, never TABLEGUARD_AWS_ENDPOINT (that is DynamoDB's and STS's).
   */
  public SqsClient sqs(String region, Optional<URI> endpoint) {
    return sqsClients.computeIfAbsent(region + "|" + endpoint.map(URI::toString).orElse(""),
        k -> configure(SqsClient.builder(), region, ownCredentials)
            .endpointOverride(endpoint.orElse(null)).build());
  }

  /**
   * Each tenant's resource assumes its role in a session of its own, named and tagged after it, so the target
   * account's trust policy and CloudTrail see which namespace acts.
   */
  private AwsCredentialsProvider credentialsFor(String region, Optional<RoleSession> role) {
    if (role.isEmpty()) {
      return ownCredentials;
    }
    RoleSession session = role.get();
    List<Tag> tags = session.sessionTags().entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    // Called while the lock is held (from handOut): sessions are made and closed under it.
    return roleCredentials.computeIfAbsent(region + "|" + sessionKey(role),
        k -> new SessionCredentials(session, StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts(region))
            .refreshRequest(r -> r.roleArn(session.roleArn()).roleSessionName(session.sessionName()).tags(tags))
            .build())).provider();
  }

  /** The role sessions the operator has open now (those idle long enough are closed, and not listed). */
  public List<RoleSession> openSessions() {
    synchronized (lock) {
      return roleCredentials.values().stream().map(SessionCredentials::session).toList();
    }
  }

  private static String sessionKey(Optional<RoleSession> role) {
    return role.map(r -> r.roleArn() + "|" + r.namespace() + "/" + r.resourceName()).orElse("");
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, AwsCredentialsProvider credentials,
      ExecutionInterceptor... own) {
    return configure(builder, region, credentials, true, own);
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, AwsCredentialsProvider credentials,
      boolean sdkRetries, ExecutionInterceptor... own) {
    // Standard mode: 3 attempts with jittered backoff inside the SDK. DynamoDB's legacy default retries
    // throttling for up to a minute, holding a reconcile thread; the operator's own backoff takes over instead.
    // The user agent names tableguard, so a person reading CloudTrail (userAgent) sees which calls were its; the
    // operator itself tells its own calls by identity (OwnCallers), since anyone can send any user agent.
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
        .apiCallTimeout(settings.awsCallTimeout());
    if (sdkRetries) {
      override.retryStrategy(RetryMode.STANDARD);
    } else {
      override.retryStrategy(AwsRetryStrategy.doNotRetry());
    }
    interceptors.forEach(override::addExecutionInterceptor);
    List.of(own).forEach(override::addExecutionInterceptor);
    builder.region(Region.of(region)).credentialsProvider(credentials).overrideConfiguration(override.build());
    settings.awsEndpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    synchronized (lock) {
      roleCredentials.values().forEach(c -> c.provider().close());
      dynamoClients.values().forEach(c -> c.client.close());
      autoScalingClients.values().forEach(c -> c.client.close());
    }
    stsClients.values().forEach(StsClient::close);
    sqsClients.values().forEach(SqsClient::close);
    ownCredentials.close();
  }
}
