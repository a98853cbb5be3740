package io.tableguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tableguard.testsupport.AwsFaultProxy.Hold;
import io.tableguard.testsupport.AwsFaultProxy.HoldPoint;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds, against a stand-in for AWS that answers every operation with 200: no API server, no emulator. */
class AwsFaultProxyHoldTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<String> reachedAws = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private HttpServer backend;
  private AwsFaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    backend = HttpServer.create(new InetSocketAddress(FreePorts.loopback(), 0), 0);
    backend.createContext("/", exchange -> {
      try (exchange) {
        reachedAws.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        exchange.sendResponseHeaders(200, 2);
        exchange.getResponseBody().write("{}".getBytes());
      }
    });
    backend.start();
    proxy = AwsFaultProxy.start(URI.create("http://127.0.0.1:" + backend.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.stop(0);
  }

  @Test
  void droppedBeforeForwardNeverReachesAwsAndOtherCallsGoOnMeanwhile() throws Exception {
    Hold hold = proxy.holdNext("RestoreTableToPointInTime", HoldPoint.BEFORE_FORWARD);
    CompletableFuture<HttpResponse<String>> held = call("RestoreTableToPointInTime");
    hold.awaitHeld(WAIT);

    assertThat(call("DescribeTable").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    hold.drop();

    assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(reachedAws).containsExactly("DynamoDB_20120810.DescribeTable");
    assertThat(restoreCalls()).singleElement().satisfies(c -> {
      assertThat(c.forwarded()).isFalse();
      assertThat(c.status()).as("no answer").isZero();
    });
    assertThat(proxy.count("RestoreTableToPointInTime")).isEqualTo(1);
    assertThat(proxy.forwardedCount("RestoreTableToPointInTime")).isZero();
  }

  @Test
  void droppedAfterForwardTookEffectButWasNeverAnswered() throws Exception {
    Hold hold = proxy.holdNext("RestoreTableToPointInTime", HoldPoint.AFTER_FORWARD);
    CompletableFuture<HttpResponse<String>> held = call("RestoreTableToPointInTime");
    hold.awaitHeld(WAIT);
    assertThat(reachedAws).as("AWS acted before the hold").hasSize(1);

    hold.drop();

    assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThat(restoreCalls()).singleElement().satisfies(c -> {
      assertThat(c.forwarded()).isTrue();
      assertThat(c.status()).isZero();
      assertThat(c.awsStatus()).isEqualTo(200);
    });
    assertThat(proxy.forwardedCount("RestoreTableToPointInTime")).isEqualTo(1);
  }

  @Test
  void releasedCallsGoOnAsIfNeverHeldAndOnlyOneCallIsHeld() throws Exception {
    Hold hold = proxy.holdNext("RestoreTableToPointInTime", HoldPoint.BEFORE_FORWARD);
    CompletableFuture<HttpResponse<String>> held = call("RestoreTableToPointInTime");
    hold.awaitHeld(WAIT);
    assertThat(reachedAws).isEmpty();

    hold.release();

    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(call("RestoreTableToPointInTime").get(10, TimeUnit.SECONDS).statusCode()).as("not held").isEqualTo(200);
    assertThat(proxy.forwardedCount("RestoreTableToPointInTime")).isEqualTo(2);
  }

  @Test
  void awaitHeldFailsClearlyWhenNoCallComes() {
    Hold hold = proxy.holdNext("RestoreTableToPointInTime", HoldPoint.BEFORE_FORWARD);

    assertThatThrownBy(() -> hold.awaitHeld(Duration.ofMillis(100))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no RestoreTableToPointInTime request reached the AWS fault proxy");
  }

  private CompletableFuture<HttpResponse<String>> call(String operation) {
    return http.sendAsync(HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<RecordedCall> restoreCalls() {
    return proxy.calls().stream().filter(c -> c.operation().equals("RestoreTableToPointInTime")).toList();
  }
}
