package io.tableguard.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tableguard.aws.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the operator's AWS clients and moto, so tests can see which AWS operations were called
 * and make chosen ones fail the way AWS does (moto itself never throttles or denies), or hold one call
 * before or after AWS acts while the test kills the operator.
 */
public final class AwsFaultProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AwsFaultProxy.class);
  private static final String TARGET_HEADER = "X-Amz-Target";
  /** IAM service prefixes of the JSON protocols' X-Amz-Target prefixes; the query protocol here is STS's. */
  private static final Map<String, String> SERVICE_OF_TARGET = Map.of(
      "DynamoDB_20120810", "dynamodb", "AnyScaleFrontendService", "application-autoscaling", "AmazonSQS", "sqs");
  /** Operations IAM authorizes by another action's name: SQS's batch calls need the single call's permission. */
  private static final Map<String, String> IAM_ACTION_OF_OPERATION = Map.of(
      "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
      "sqs:SendMessageBatch", "sqs:SendMessage",
      "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");
  /** Every IAM action (service:Operation) the operator's own clients called through any proxy in this JVM. */
  private static final Set<String> OPERATOR_ACTIONS = ConcurrentHashMap.newKeySet();
  private static final int ALWAYS = -1;
  /** Hop-by-hop headers, plus those java.net.http refuses because it sets them itself. */
  private static final Set<String> NOT_FORWARDED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI target;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final List<RecordedCall> calls = new ArrayList<>();
  private final Map<String, PlannedFault> faults = new HashMap<>();
  private final Map<String, UnaryOperator<String>> rewrites = new HashMap<>();
  private final Map<String, Integer> lostAnswers = new HashMap<>();
  private final List<Hold> holds = new ArrayList<>();

  /**
   * One handled request; {@code at} is when it arrived, the list order is when it was answered (or dropped).
   *
   * @param status what the caller got; 0 when it got no answer at all (a dropped {@link Hold})
   * @param forwarded whether the proxy sent the request on to AWS, which may then have acted on it
   * @param awsStatus what AWS answered; 0 when it did not answer (never asked, or unreachable)
   */
  public record RecordedCall(String operation, Instant at, int status, String requestBody, boolean forwarded,
      int awsStatus, String accessKeyId) {

    /** AWS got the request and accepted it: what an idempotency check counts. */
    public boolean acceptedByAws() {
      return forwarded && awsStatus / 100 == 2;
    }
  }

  /** An AWS error in the DynamoDB JSON protocol's form. */
  public record Fault(int status, String awsErrorType, String message) {

    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

    public static Fault accessDenied(String action) {
      return new Fault(400, DYNAMODB + "AccessDeniedException",
          "User: arn:aws:iam::123456789012:user/tableguard-test is not authorized to perform: dynamodb:"
              + action + " on resource: *");
    }

    public static Fault throttling() {
      return new Fault(400, DYNAMODB + "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
    }

    public static Fault serverError() {
      return new Fault(500, DYNAMODB + "InternalServerError", "Internal server error");
    }

    String shortType() {
      return awsErrorType.substring(awsErrorType.indexOf('#') + 1);
    }

    byte[] body() {
      return ("{\"__type\":" + jsonString(awsErrorType) + ",\"message\":" + jsonString(message) + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private record PlannedFault(Fault fault, int remaining) {
  }

  /** What the caller is sent back, and what AWS said (status 0: AWS never answered). */
  private record Answer(int status, Map<String, List<String>> headers, byte[] body, boolean forwarded,
      int awsStatus) {

    static Answer of(Fault fault, boolean forwarded, int awsStatus) {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
      headers.put("x-amzn-ErrorType", List.of(fault.shortType()));
      headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
      return new Answer(fault.status(), headers, fault.body(), forwarded, awsStatus);
    }

    Answer rewritten(UnaryOperator<String> rewrite) {
      Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      kept.putAll(headers);
      // The SDK checks DynamoDB's body checksum; a rewritten body no longer matches it.
      kept.remove("x-amz-crc32");
      byte[] changed = rewrite.apply(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      return new Answer(status, kept, changed, forwarded, awsStatus);
    }
  }

  /** Where a {@link Hold} stops a call. */
  public enum HoldPoint {
    /** The request has arrived; AWS has not seen it. */
    BEFORE_FORWARD,
    /** AWS has acted and answered (or a planned fault was chosen); the answer is kept from the caller. */
    AFTER_FORWARD
  }

  /**
   * One call stopped at a {@link HoldPoint} until the test decides, so that it can kill the caller at exactly
   * that moment. The handling thread waits; the proxy's other traffic goes on.
   */
  public static final class Hold {
    private final String operation;
    private final HoldPoint point;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CompletableFuture<Boolean> proceed = new CompletableFuture<>();

    private Hold(String operation, HoldPoint point) {
      this.operation = operation;
      this.point = point;
    }

    /** Blocks until a matching request is being held; fails the test when none arrives in time. */
    public Hold awaitHeld(Duration timeout) {
      try {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("no " + operation + " request reached the AWS fault proxy within " + timeout
              + " to be held " + point);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + operation + " to be held", e);
      }
      return this;
    }

    /** Lets the call go on as if never held: forwarded and/or answered. */
    public void release() {
      proceed.complete(true);
    }

    /**
     * Ends the call without an answer (the connection is closed), as a caller that died sees it; held
     * {@link HoldPoint#BEFORE_FORWARD}, AWS never hears of it.
     */
    public void drop() {
      proceed.complete(false);
    }

    /** Called on the handling thread: true to go on, false to drop. A decision taken early applies at once. */
    private boolean hold() throws IOException {
      held.countDown();
      try {
        return proceed.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while holding " + operation, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private AwsFaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(FreePorts.loopback(), 0), 0);
    // Unbounded: a held call keeps its thread for as long as the test likes, and must not starve the rest.
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static AwsFaultProxy start(URI target) {
    try {
      return new AwsFaultProxy(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the AWS fault proxy", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /** Every recorded call of the operation, whatever became of it. */
  public synchronized long count(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation)).count();
  }

  /** Calls of the operation that reached AWS and that AWS accepted (2xx), whether or not the caller heard. */
  public synchronized long forwardedCount(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation) && call.acceptedByAws()).count();
  }

  /**
   * Holds the next request of the operation that arrives after this call at the given point; each hold
   * catches one request, in the order the holds were made.
   */
  public synchronized Hold holdNext(String operation, HoldPoint point) {
    Hold hold = new Hold(operation, point);
    holds.add(hold);
    return hold;
  }

  private synchronized Hold takeHold(String operation) {
    for (var it = holds.iterator(); it.hasNext();) {
      Hold hold = it.next();
      if (hold.operation.equals(operation)) {
        it.remove();
        return hold;
      }
    }
    return null;
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  public synchronized void failNext(String operation, int times, Fault fault) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    faults.put(operation, new PlannedFault(fault, times));
  }

  public synchronized void failAlways(String operation, Fault fault) {
    faults.put(operation, new PlannedFault(fault, ALWAYS));
  }

  /**
   * Forwards the operation as usual but changes AWS's answer on the way back, to show the operator states
   * the emulator never reaches by itself (a table still CREATING, PITR still ENABLING).
   */
  public synchronized void rewriteAnswers(String operation, UnaryOperator<String> rewrite) {
    rewrites.put(operation, rewrite);
  }

  /**
   * The next {@code times} requests of the operation reach AWS and take effect, but their answers are lost:
   * the caller gets a 500, as when a connection drops after AWS acted.
   */
  public synchronized void loseAnswers(String operation, int times) {
    lostAnswers.put(operation, times);
  }

  private synchronized boolean takeLostAnswer(String operation) {
    Integer left = lostAnswers.get(operation);
    if (left == null) {
      return false;
    }
    if (left <= 1) {
      lostAnswers.remove(operation);
    } else {
      lostAnswers.put(operation, left - 1);
    }
    return true;
  }

  public synchronized void clearRewrites() {
    rewrites.clear();
  }

  private synchronized UnaryOperator<String> rewriteFor(String operation) {
    return rewrites.get(operation);
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    // Interrupts held calls too: they end without an answer.
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Instant at = Instant.now();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      String operation = operationOf(exchange, requestBody);
      recordOperatorAction(exchange, operation);
      String body = new String(requestBody, StandardCharsets.UTF_8);
      String key = accessKeyOf(exchange.getRequestHeaders().getFirst("Authorization"));
      Hold hold = takeHold(operation);
      if (hold != null && hold.point == HoldPoint.BEFORE_FORWARD && !hold.hold()) {
        // Closing the exchange unanswered closes the connection: what a dead caller's kernel would see.
        record(new RecordedCall(operation, at, 0, body, false, 0, key));
        return;
      }
      Answer answer = answer(exchange, operation, requestBody);
      if (hold != null && hold.point == HoldPoint.AFTER_FORWARD && !hold.hold()) {
        record(new RecordedCall(operation, at, 0, body, answer.forwarded(), answer.awsStatus(), key));
        return;
      }
      // Recorded before the caller can see the answer, so a test that saw the effect also sees the call.
      record(new RecordedCall(operation, at, answer.status(), body, answer.forwarded(), answer.awsStatus(),
          key));
      writeResponse(exchange, answer);
    } catch (RuntimeException | IOException e) {
      // The HttpServer swallows handler exceptions silently; logging is the only trace a test gets.
      LOG.warn("AWS fault proxy failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      throw e;
    }
  }

  private synchronized Fault takeFault(String operation) {
    PlannedFault planned = faults.get(operation);
    if (planned == null) {
      return null;
    }
    if (planned.remaining() == 1) {
      faults.remove(operation);
    } else if (planned.remaining() != ALWAYS) {
      faults.put(operation, new PlannedFault(planned.fault(), planned.remaining() - 1));
    }
    return planned.fault();
  }

  private synchronized void record(RecordedCall call) {
    calls.add(call);
  }

  private Answer answer(HttpExchange exchange, String operation, byte[] requestBody) throws IOException {
    Fault fault = takeFault(operation);
    if (fault != null) {
      return Answer.of(fault, false, 0);
    }
    Answer fromAws = send(exchange, requestBody);
    if (takeLostAnswer(operation)) {
      return Answer.of(Fault.serverError(), fromAws.forwarded(), fromAws.awsStatus());
    }
    UnaryOperator<String> rewrite = rewriteFor(operation);
    return rewrite == null ? fromAws : fromAws.rewritten(rewrite);
  }

  private HttpRequest forwardedRequest(HttpExchange exchange, byte[] requestBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(targetUri(exchange.getRequestURI()))
        .timeout(Duration.ofSeconds(60))
        .method(exchange.getRequestMethod(), requestBody.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return request.build();
  }

  private Answer send(HttpExchange exchange, byte[] requestBody) throws IOException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(forwardedRequest(exchange, requestBody), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // Answered and recorded rather than dropped, so a test sees why its AWS call failed.
      LOG.warn("AWS fault proxy cannot reach {}", target, e);
      byte[] reason = ("AWS fault proxy cannot reach " + target + ": " + e).getBytes(StandardCharsets.UTF_8);
      // Only a refused connection proves AWS never saw the request; after a time-out it may have acted.
      return new Answer(502, Map.of(), reason, !(e instanceof ConnectException), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to " + target, e);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        headers.put(name, values);
      }
    });
    return new Answer(response.statusCode(), headers, response.body(), true, response.statusCode());
  }

  private URI targetUri(URI requestUri) {
    String base = target.toString().replaceAll("/+$", "");
    String query = requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery();
    return URI.create(base + requestUri.getRawPath() + query);
  }

  private static void writeResponse(HttpExchange exchange, Answer answer) throws IOException {
    answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
    boolean bodyless = answer.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
    // HttpServer reads length 0 as "chunked"; -1 is how it is told there is no body at all.
    exchange.sendResponseHeaders(answer.status(), bodyless ? -1 : answer.body().length);
    if (!bodyless) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  /** The JSON protocol names the operation in a header; query-protocol services such as STS in the form body. */
  /** The IAM actions the operator's code invoked over the whole test run (IamPolicyTest checks them last). */
  public static Set<String> operatorActions() {
    return Set.copyOf(OPERATOR_ACTIONS);
  }

  private static void recordOperatorAction(HttpExchange exchange, String operation) {
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    if (agent != null && agent.contains(AwsClients.USER_AGENT)) {
      String target = exchange.getRequestHeaders().getFirst(TARGET_HEADER);
      String service = target == null || target.isBlank() ? "sts"
          : SERVICE_OF_TARGET.getOrDefault(target.substring(0, target.indexOf('.')), "unknown");
      String action = service + ":" + operation;
      OPERATOR_ACTIONS.add(IAM_ACTION_OF_OPERATION.getOrDefault(action, action));
    }
  }

  /** The access key a SigV4 request was signed with ("" when unsigned). */
  private static String accessKeyOf(String authorization) {
    if (authorization == null) {
      return "";
    }
    java.util.regex.Matcher credential = java.util.regex.Pattern.compile("Credential=([^/,\\s]+)/")
        .matcher(authorization);
    return credential.find() ? credential.group(1) : "";
  }

  private static String operationOf(HttpExchange exchange, byte[] body) {
    String target = exchange.getRequestHeaders().getFirst(TARGET_HEADER);
    if (target != null && !target.isBlank()) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    String action = formParameter(new String(body, StandardCharsets.UTF_8), "Action");
    if (action == null) {
      action = formParameter(exchange.getRequestURI().getRawQuery(), "Action");
    }
    return action != null ? action : "unknown";
  }

  private static String formParameter(String form, String name) {
    if (form == null || form.isEmpty()) {
      return null;
    }
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "aws-fault-proxy-" + number.incrementAndGet());
      // A test that forgets close() must not keep the JVM alive.
      thread.setDaemon(true);
      return thread;
    };
  }
}
