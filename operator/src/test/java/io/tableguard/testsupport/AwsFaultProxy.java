package io.tableguard.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between the operator's AWS clients and moto, so tests can see which AWS operations were called
 * and make chosen ones fail the way AWS does (moto itself never throttles or denies).
 */
public final class AwsFaultProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AwsFaultProxy.class);
  private static final String TARGET_HEADER = "X-Amz-Target";
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

  /** One answered request; {@code at} is when it arrived, the list order is when it was answered. */
  public record RecordedCall(String operation, Instant at, int status, String requestBody) {
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

  private AwsFaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(FreePorts.loopback(), 0), 0);
    this.executor = Executors.newFixedThreadPool(8, daemonThreads());
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

  public synchronized long count(String operation) {
    return calls.stream().filter(call -> call.operation().equals(operation)).count();
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
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Instant at = Instant.now();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      String operation = operationOf(exchange, requestBody);
      Fault fault = takeFault(operation);
      int status;
      if (fault != null) {
        status = answerWithFault(exchange, fault);
      } else if (takeLostAnswer(operation)) {
        forwardOnly(exchange, requestBody);
        status = answerWithFault(exchange, Fault.serverError());
      } else {
        status = forward(exchange, requestBody, rewriteFor(operation));
      }
      record(new RecordedCall(operation, at, status, new String(requestBody, StandardCharsets.UTF_8)));
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

  private int answerWithFault(HttpExchange exchange, Fault fault) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-ErrorType", fault.shortType());
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    writeResponse(exchange, fault.status(), fault.body());
    return fault.status();
  }

  private void forwardOnly(HttpExchange exchange, byte[] requestBody) throws IOException {
    try {
      http.send(forwardedRequest(exchange, requestBody), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to " + target, e);
    }
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

  private int forward(HttpExchange exchange, byte[] requestBody, UnaryOperator<String> rewrite) throws IOException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(forwardedRequest(exchange, requestBody), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // Answered and recorded rather than dropped, so a test sees why its AWS call failed.
      LOG.warn("AWS fault proxy cannot reach {}", target, e);
      byte[] reason = ("AWS fault proxy cannot reach " + target + ": " + e).getBytes(StandardCharsets.UTF_8);
      writeResponse(exchange, 502, reason);
      return 502;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to " + target, e);
    }
    copyHeaders(response.headers(), exchange);
    byte[] body = response.body();
    if (rewrite != null) {
      body = rewrite.apply(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      // The SDK checks DynamoDB's body checksum; a rewritten body no longer matches it.
      exchange.getResponseHeaders().remove("x-amz-crc32");
      exchange.getResponseHeaders().remove("X-Amz-Crc32");
    }
    writeResponse(exchange, response.statusCode(), body);
    return response.statusCode();
  }

  private URI targetUri(URI requestUri) {
    String base = target.toString().replaceAll("/+$", "");
    String query = requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery();
    return URI.create(base + requestUri.getRawPath() + query);
  }

  private static void copyHeaders(HttpHeaders from, HttpExchange to) {
    from.map().forEach((name, values) -> {
      if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        to.getResponseHeaders().put(name, new ArrayList<>(values));
      }
    });
  }

  private static void writeResponse(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean bodyless = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
    // HttpServer reads length 0 as "chunked"; -1 is how it is told there is no body at all.
    exchange.sendResponseHeaders(status, bodyless ? -1 : body.length);
    if (!bodyless) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The JSON protocol names the operation in a header; query-protocol services such as STS in the form body. */
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
