package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB endpoint on loopback whose point-in-time recovery is faithful in time: DynamoDB Local serves
 * the data plane, and this front owns PITR, backups, restores and tags, recording every write to a table
 * with PITR on so that a restore to T holds exactly the items as they were at T.
 *
 * <p>Fault injection, off by default, tries a client's retries: with {@link Options#withFaultRate} (or
 * {@link #setFaultRate} while running) that fraction of all requests, DynamoDB, Application Auto Scaling and STS
 * alike, picked by a Random with the given seed, is answered with an AWS error and never served, so it has no
 * effect. Half are throttled (HTTP 400 {@code ThrottlingException}, STS {@code Throttling}), half fail
 * (HTTP 500 {@code InternalServerError}, STS {@code InternalFailure}); {@link #injectedFaults()} counts them.
 *
 * <p>Off by default as well: DynamoDB's control-plane limits ({@link Options#withAwsLimits}, answered with
 * {@code ThrottlingException} and {@code LimitExceededException} as AWS answers them, counted by
 * {@link #throttledCounts()}); eventually consistent tags ({@link Options#withTagPropagationDelay}); and an
 * EventBridge "AWS API Call via CloudTrail" event sent to an SQS queue for each control-plane write
 * ({@link Options#withEventQueue}).
 *
 * <p>Alone: {@code java -cp ... io.tableguard.emulator.PitrEmulator [port [faultRate [faultSeed]]] [--aws-limits]
 * [--tag-propagation-delay SECONDS] [--event-queue SQS_QUEUE_URL]}, for example {@code PitrEmulator 8000 0.1 42}
 * to fail one request in ten; port 8000, rate 0 and seed 0 by default.
 */
public class PitrEmulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PitrEmulator.class);

  static {
    // The JDK's HTTP server writes an answer's headers and body apart, with Nagle on by default: the body waits for
    // the client's delayed ACK of the headers, 40 ms on Linux, and one request at a time would crawl at ~20/s.
    // Read once, when its first server starts: set here, before the emulator's.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
  private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  private static final String AUTOSCALING_PREFIX = "AnyScaleFrontendService.";
  private static final String TAGGING_PREFIX = "ResourceGroupsTaggingAPI_20170126.";
  private static final String DYNAMODB_JSON = "application/x-amz-json-1.0";
  private static final String AUTOSCALING_JSON = "application/x-amz-json-1.1";
  /** The exchange attribute holding the {@link ArnScope} of the account and Region it acts in. */
  private static final String ARN_SCOPE = ArnScope.class.getName();

  /**
   * @param port loopback port, 0 for any free one
   * @param restoreDelay how long a restored table stays CREATING at least (AWS: minutes to hours)
   * @param latestLag how far LatestRestorableDateTime trails now (AWS: about 5 minutes)
   * @param clock the emulator's time, which tests may move by hand
   * @param faultRate the fraction of requests answered with an AWS error instead, 0 (off) to 1
   * @param faultSeed the seed of the Random that picks them
   * @param awsLimits DynamoDB's control-plane limits to enforce, or null for none
   * @param tagPropagationDelay how long a tag write stays unseen by ListTagsOfResource (AWS: a few seconds)
   * @param eventQueue the SQS queue URL that gets a CloudTrail-shaped event for each control-plane write, or null
   * @param serialWrites every item write waits for every other of its account and Region (as before writes to
   *     different tables ran side by side); only to measure the difference
   * @param accessKeyAccounts access keys and the accounts they belong to; every other key belongs to the default
   *     account, 000000000000
   * @param latency how long every answer is held, as a network round trip to AWS would take (zero: none); only to
   *     measure what concurrency buys against a real endpoint, where a client waits and does not compute
   * @param backupTiming how long a new on-demand backup stays CREATING, and how long ListBackups does not list it yet
   */
  public record Options(int port, Duration restoreDelay, Duration latestLag, Clock clock, double faultRate,
      long faultSeed, AwsLimits awsLimits, Duration tagPropagationDelay, URI eventQueue, boolean serialWrites,
      Map<String, String> accessKeyAccounts, Duration latency, BackupTiming backupTiming) {
    public Options {
      accessKeyAccounts = Map.copyOf(accessKeyAccounts);
      accessKeyAccounts.forEach((key, account) -> {
        if (!account.matches("[0-9]{12}")) {
          throw new IllegalArgumentException("an account id is 12 digits, not " + account + " (access key " + key
              + ")");
        }
      });
      FaultInjector.checkRate(faultRate);
      Objects.requireNonNull(backupTiming, "backupTiming (BackupTiming.IMMEDIATE for none)");
      Objects.requireNonNull(tagPropagationDelay, "tagPropagationDelay (Duration.ZERO for none)");
      if (tagPropagationDelay.isNegative()) {
        throw new IllegalArgumentException("tag propagation delay must not be negative: " + tagPropagationDelay);
      }
    }

    public static Options defaults() {
      return new Options(0, Duration.ofSeconds(2), Duration.ZERO, Clock.systemUTC(), 0, 0, null, Duration.ZERO,
          null, false, Map.of(), Duration.ZERO, BackupTiming.IMMEDIATE);
    }

    public Options withPort(int newPort) {
      return new Options(newPort, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits,
          tagPropagationDelay, eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    public Options withRestoreDelay(Duration delay) {
      return new Options(port, delay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    public Options withClock(Clock newClock) {
      return new Options(port, restoreDelay, latestLag, newClock, faultRate, faultSeed, awsLimits,
          tagPropagationDelay, eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    /** Answers that fraction of requests (0 to 1, 0 is off) with throttling or a 500, picked with this seed. */
    public Options withFaultRate(double rate, long seed) {
      return new Options(port, restoreDelay, latestLag, clock, rate, seed, awsLimits, tagPropagationDelay,
          eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    /** Enforces DynamoDB's default control-plane limits ({@link AwsLimits#DYNAMODB}), or none. */
    public Options withAwsLimits(boolean on) {
      return withAwsLimits(on ? AwsLimits.DYNAMODB : null);
    }

    /** Enforces these control-plane limits; null for none. */
    public Options withAwsLimits(AwsLimits limits) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, limits, tagPropagationDelay,
          eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    /** ListTagsOfResource shows the tags from before every tag write younger than this (on the emulator's clock). */
    public Options withTagPropagationDelay(Duration delay) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, delay, eventQueue, serialWrites, accessKeyAccounts, latency, backupTiming);
    }

    /** Every item write waits for every other, as before writes to different tables ran side by side. */
    public Options withSerialWrites(boolean serial) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          eventQueue, serial, accessKeyAccounts, latency, backupTiming);
    }

    /**
     * Puts this access key in this account: its calls act on the account's tables, GetCallerIdentity names it, and
     * its ARNs carry it. Every key not given an account is in the default account, 000000000000.
     */
    public Options withAccount(String accessKeyId, String accountId) {
      Map<String, String> accounts = new HashMap<>(accessKeyAccounts);
      accounts.put(accessKeyId, accountId);
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          eventQueue, serialWrites, accounts, latency, backupTiming);
    }

    /** Holds every answer this long, as a round trip to AWS would; for measurements only. */
    public Options withLatency(Duration roundTrip) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          eventQueue, serialWrites, accessKeyAccounts, roundTrip, backupTiming);
    }

    /** A new backup stays CREATING this long, and ListBackups lists it only this long after it was made. */
    public Options withBackupTiming(BackupTiming timing) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          eventQueue, serialWrites, accessKeyAccounts, latency, timing);
    }

    /** Sends an "AWS API Call via CloudTrail" event to this SQS queue for each control-plane write; null for none. */
    public Options withEventQueue(URI queueUrl) {
      return new Options(port, restoreDelay, latestLag, clock, faultRate, faultSeed, awsLimits, tagPropagationDelay,
          queueUrl, serialWrites, accessKeyAccounts, latency, backupTiming);
    }
  }

  private static final Set<String> OWNED = Set.of("UpdateContinuousBackups", "DescribeContinuousBackups",
      "RestoreTableToPointInTime", "CreateBackup", "DescribeBackup", "ListBackups", "DeleteBackup",
      "RestoreTableFromBackup", "TagResource", "UntagResource", "ListTagsOfResource");

  private final ObjectMapper json = new ObjectMapper();
  private final Options options;
  /** DynamoDB Local; each room talks to it as its own account and Region. */
  private final DynamoLocalBackend backend;
  private final Map<AccountRegion, Room> rooms = new ConcurrentHashMap<>();
  private final Sts sts;
  private final Permissions permissions = new Permissions();
  private final FaultInjector faults;
  /** Null when the limits are off. */
  private final ControlPlaneLimits limits;
  /** Null when no event queue is set. */
  private final SqsEventQueue events;
  private final RaceHooks hooks = new RaceHooks();
  private final HttpServer server;
  private final ExecutorService executor;

  public PitrEmulator(Options options) {
    this.options = options;
    this.backend = new DynamoLocalBackend(json);
    this.sts = new Sts(options.clock(), permissions, options.accessKeyAccounts());
    this.faults = new FaultInjector(options.faultRate(), options.faultSeed());
    this.limits = options.awsLimits() == null ? null
        : new ControlPlaneLimits(options.awsLimits(), scope -> room(scope).restorer.inProgress(), System::nanoTime);
    this.events = options.eventQueue() == null ? null : new SqsEventQueue(options.eventQueue(), json);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + options.port(), e);
    }
    // Held answers wait without computing: then as many threads as clients may wait at once.
    executor = Executors.newFixedThreadPool(options.latency().isZero() ? 8 : 128, r -> {
      Thread t = new Thread(r, "emulator-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    log.info("PITR emulator listening on {}", endpoint());
  }

  /** The account and Region's room, made on first use. */
  private Room room(AccountRegion scope) {
    return rooms.computeIfAbsent(scope, s -> new Room(s, backend, options, hooks, sts::identity));
  }

  /**
   * DynamoDB Local itself, behind the emulator: for measuring its own ceiling, never for tests of the product. It
   * keeps one database per access key and Region; the emulator's default account's is access key 000000000000.
   */
  URI dynamoLocalEndpoint() {
    return backend.endpoint();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Changes the fault rate while running (0 turns faults off); the seeded sequence goes on where it was. */
  public void setFaultRate(double rate) {
    faults.setRate(rate);
  }

  /** A write the test holds in flight: it has reached the emulator and is not applied until released. */
  public interface WriteHold {
    /** Waits until the write arrived and is held; fails when none came within the timeout. */
    void awaitHeld(Duration timeout);

    /** Lets the write go on. */
    void release();
  }

  /**
   * The next read that returns this item (GetItem, BatchGetItem, a Query or Scan page) is answered only after
   * {@code write} has run: the application's write "while" a reader holds the item, made the same way every time.
   *
   * @param keyJson the item's key in DynamoDB JSON, such as {@code {"pk": {"S": "order-7"}}}
   * @param write run once, on the emulator's thread that serves the read, before the read is answered
   */
  public void afterNextRead(String table, String keyJson, Runnable write) {
    hooks.afterNextRead(table, backend.parse(keyJson.getBytes(StandardCharsets.UTF_8)), write);
  }

  /**
   * Holds the next write to this item (PutItem, UpdateItem, DeleteItem, a batch or transaction that names it)
   * before it is applied, until the returned hold is released (or two minutes passed).
   *
   * @param keyJson the item's key in DynamoDB JSON
   */
  public WriteHold holdNextWrite(String table, String keyJson) {
    return hooks.holdNextWrite(table, backend.parse(keyJson.getBytes(StandardCharsets.UTF_8)));
  }

  /** How many requests have been answered with an injected fault since the start. */
  public long injectedFaults() {
    return faults.injected();
  }

  /** How many requests of this DynamoDB operation the AWS limits have throttled since the start. */
  public long throttledCount(String operation) {
    return throttledCounts().getOrDefault(operation, 0L);
  }

  /** Requests throttled by the AWS limits since the start, by DynamoDB operation; empty when the limits are off. */
  public Map<String, Long> throttledCounts() {
    return limits == null ? Map.of() : limits.throttled();
  }

  /** How many table operations have been refused with LimitExceededException for too many at once. */
  public long limitExceededCount() {
    return limits == null ? 0 : limits.limitExceeded();
  }

  /**
   * Sends this body as it is to the event queue, as a message any producer might have put there; the future
   * completes when SQS took it, or exceptionally when it did not.
   */
  public CompletableFuture<Void> publishRawEvent(String body) {
    if (events == null) {
      throw new IllegalStateException("the emulator has no event queue; see Options.withEventQueue");
    }
    return events.publish(() -> body);
  }

  /** How many messages the event queue has taken since the start, raw ones included. */
  public long eventsPublished() {
    return events == null ? 0 : events.sent();
  }

  /** How many messages could not be sent to the event queue (logged each time). */
  public long eventPublishFailures() {
    return events == null ? 0 : events.failed();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (!options.latency().isZero()) {
      try {
        Thread.sleep(options.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try (exchange) {
      byte[] asSent = exchange.getRequestBody().readAllBytes();
      CredentialScope signed = CredentialScope.of(exchange.getRequestHeaders().getFirst("Authorization"));
      Room room = room(sts.scopeOf(signed));
      exchange.setAttribute(ARN_SCOPE, room.arns);
      byte[] body = room.arns.toLocal(asSent);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      FaultInjector.Fault fault = faults.draw();
      Optional<AwsError> denied = target == null ? Optional.empty() : denied(signed, room, target, body, asSent);
      if (fault != null) {
        refuse(exchange, target, fault);
      } else if (denied.isPresent()) {
        answerJson(exchange, target.startsWith(DYNAMODB_PREFIX) ? DYNAMODB_JSON : AUTOSCALING_JSON, () -> {
          throw denied.get();
        });
      } else if (target == null) {
        answerQueryProtocol(exchange, signed.accessKeyId(), new String(body, StandardCharsets.UTF_8));
      } else if (target.equals(TAGGING_PREFIX + "GetResources")) {
        answerJson(exchange, AUTOSCALING_JSON, () -> room.tags.resources(backend.parse(body)));
      } else if (target.startsWith(AUTOSCALING_PREFIX)) {
        answerJson(exchange, AUTOSCALING_JSON, () -> room.autoScaling.autoScaling(
            target.substring(AUTOSCALING_PREFIX.length()), backend.parse(body)));
      } else {
        serveDynamo(exchange, room, target.startsWith(DYNAMODB_PREFIX) ? target.substring(DYNAMODB_PREFIX.length())
            : target, body, asSent);
      }
    } catch (RuntimeException e) {
      log.error("emulator failed on {}", exchange.getRequestURI(), e);
      throw e;
    }
  }

  /**
   * The refusal of a call AWS would refuse for who makes it: a DynamoDB call naming another account's table (no
   * resource-based policy lets it in), and, with enforcement on, a role session's call its policies do not allow.
   */
  private Optional<AwsError> denied(CredentialScope signed, Room room, String target, byte[] body, byte[] asSent) {
    if (target.startsWith(DYNAMODB_PREFIX)) {
      String action = "dynamodb:" + target.substring(DYNAMODB_PREFIX.length());
      Optional<String> otherAccount = room.arns.otherAccountArn(asSent);
      if (otherAccount.isPresent()) {
        return Optional.of(Permissions.otherAccount(sts.callerArn(signed.accessKeyId()), action, otherAccount.get()));
      }
    }
    Sts.Session session = sts.session(signed.accessKeyId()).orElse(null);
    if (session == null) {
      return Optional.empty();
    }
    if (target.startsWith(DYNAMODB_PREFIX)) {
      String operation = target.substring(DYNAMODB_PREFIX.length());
      return permissions.check(session, "dynamodb:" + operation,
          Permissions.dynamoResources(operation, backend.parse(body), room.arns), true);
    }
    String action = target.startsWith(AUTOSCALING_PREFIX)
        ? "application-autoscaling:" + target.substring(AUTOSCALING_PREFIX.length())
        : "tag:" + target.substring(target.indexOf('.') + 1);
    return permissions.check(session, action, List.of("*"), false);
  }

  /**
   * Defines a role for AssumeRole and, with {@link #enforcePermissions}, what its sessions may do.
   *
   * @param identityPolicyJson the role's identity policy, as IAM JSON
   * @param trustedCallerArns the callers (IAM user or assumed-role session ARNs) its trust policy lets assume it
   */
  public void defineRole(String roleArn, String identityPolicyJson, Set<String> trustedCallerArns) {
    permissions.define(roleArn, identityPolicyJson, trustedCallerArns);
  }

  /**
   * Off by default. On: AssumeRole only for defined roles and their trusted callers, and every DynamoDB,
   * Application Auto Scaling and tagging call made with a role session's credentials evaluated against the role's
   * and the session's policies, refused with AWS's AccessDeniedException. Plain access keys are never refused.
   */
  public void enforcePermissions(boolean on) {
    permissions.enforce(on);
  }

  /** Answers an injected fault in the request's protocol; the request is never parsed nor dispatched. */
  private void refuse(HttpExchange exchange, String target, FaultInjector.Fault fault) throws IOException {
    if (target == null) {
      answerQueryError(exchange, fault.query());
    } else {
      boolean autoScaling = target.startsWith(AUTOSCALING_PREFIX);
      answerJson(exchange, autoScaling ? AUTOSCALING_JSON : DYNAMODB_JSON, () -> {
        throw fault.json(!autoScaling);
      });
    }
  }

  /** Refuses what the AWS limits refuse, serves the rest, and reports each control-plane write served. */
  private void serveDynamo(HttpExchange exchange, Room room, String operation, byte[] body, byte[] asSent)
      throws IOException {
    AwsError refusal = limits == null ? null : limits.refusal(operation, room.scope());
    if (refusal != null) {
      answerJson(exchange, DYNAMODB_JSON, () -> {
        throw refusal;
      });
      return;
    }
    JsonNode request = backend.parse(body);
    byte[] answer = OWNED.contains(operation)
        ? answerJson(exchange, DYNAMODB_JSON, () -> owned(room, operation, request))
        : passThrough(exchange, room, operation, request, body);
    if (answer != null && events != null && CloudTrailEvents.RECORDED.contains(operation)) {
      // Taken now, while the exchange is at hand; built and sent in the background, after the answer went out.
      var call = new CloudTrailEvents.Call(operation, backend.parse(asSent), backend.parse(answer),
          exchange.getResponseHeaders().getFirst("x-amzn-RequestId"), options.clock().instant(),
          CloudTrailEvents.Caller.of(exchange));
      // The event names tables as the caller's account and Region do, like the answer.
      events.publish(() -> room.arns.fromLocal(room.cloudTrail.event(call).toString()));
    }
  }

  private static JsonNode owned(Room room, String operation, JsonNode request) {
    return switch (operation) {
      case "UpdateContinuousBackups" -> room.continuousBackups.update(request);
      case "DescribeContinuousBackups" -> room.continuousBackups.describe(request);
      case "RestoreTableToPointInTime" -> room.continuousBackups.restore(request);
      case "CreateBackup" -> room.backups.create(request);
      case "DescribeBackup" -> room.backups.describe(request);
      case "ListBackups" -> room.backups.list(request);
      case "DeleteBackup" -> room.backups.delete(request);
      case "RestoreTableFromBackup" -> room.backups.restore(request);
      case "TagResource" -> room.tags.tag(request);
      case "UntagResource" -> room.tags.untag(request);
      case "ListTagsOfResource" -> room.tags.list(request);
      default -> throw new IllegalStateException(operation);
    };
  }

  /**
   * Everything else is DynamoDB Local's, unchanged; writes to tables with PITR on are also logged. Returns the
   * answer sent when it was a success, else null.
   */
  private byte[] passThrough(HttpExchange exchange, Room room, String operation, JsonNode request, byte[] body)
      throws IOException {
    HttpResponse<byte[]> response = WriteLog.isWrite(operation, request)
        ? room.writeLog.write(operation, request, exchange.getRequestHeaders(), body)
        : room.backend.send(operation, exchange.getRequestHeaders(), body);
    byte[] answer = response.body();
    if (response.statusCode() < 300) {
      byte[] read = answer;
      hooks.read(operation, request, () -> backend.parse(read), room.writeLog::keyAttributesOrNone);
      answer = room.overlay.afterwards(operation, answer);
    }
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":") && Forwarding.forwardable(name)) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] sent = send(exchange, response.statusCode(), answer);
    return response.statusCode() < 300 ? sent : null;
  }

  private void answerQueryProtocol(HttpExchange exchange, String caller, String form) throws IOException {
    String answer;
    try {
      if (form.contains("Action=GetCallerIdentity")) {
        answer = sts.getCallerIdentity(caller);
      } else if (form.contains("Action=AssumeRole")) {
        answer = sts.assumeRole(caller, form);
      } else {
        throw new AwsError(400, "InvalidAction", "the emulator answers GetCallerIdentity and AssumeRole of STS");
      }
    } catch (AwsError error) {
      answerQueryError(exchange, error);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    send(exchange, 200, answer.getBytes(StandardCharsets.UTF_8));
  }

  private void answerQueryError(HttpExchange exchange, AwsError error) throws IOException {
    String requestId = UUID.randomUUID().toString();
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.shortType());
    send(exchange, error.status(), error.queryBody(requestId).getBytes(StandardCharsets.UTF_8));
  }

  private interface Answer {
    JsonNode get();
  }

  /** Answers with what the answer gives, or with the AWS error it throws; returns the answer sent, or null. */
  private byte[] answerJson(HttpExchange exchange, String contentType, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    byte[] body;
    try {
      body = backend.bytes(answer.get());
    } catch (AwsError e) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", e.shortType());
      send(exchange, e.status(), backend.bytes(e.body()));
      return null;
    }
    return send(exchange, 200, body);
  }

  /** Sends the answer with its ARNs in the account and Region the request acted in; returns what was sent. */
  private static byte[] send(HttpExchange exchange, int status, byte[] answer) throws IOException {
    ArnScope arns = (ArnScope) exchange.getAttribute(ARN_SCOPE);
    byte[] body = arns == null ? answer : arns.fromLocal(answer);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    return body;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    if (events != null) {
      events.close();
    }
    rooms.values().forEach(Room::close);
    backend.close();
  }

  /** Runs the emulator alone; see {@link CommandLine#USAGE}. */
  public static void main(String[] args) throws InterruptedException {
    Options options = CommandLine.parse(args);
    PitrEmulator emulator = new PitrEmulator(options);
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    System.out.println(CommandLine.describe(options, emulator.endpoint()));
    Thread.currentThread().join();
  }
}
