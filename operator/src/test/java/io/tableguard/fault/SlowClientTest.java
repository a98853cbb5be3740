package io.tableguard.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tableguard.testsupport.OperatorProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any Pod that reaches the operator's ports may send half a request and wait: against the running operator (its
 * own process, as in a Pod), such clients neither stop the kubelet's probes nor hold a server thread for longer
 * than the operator's request read limit.
 */
class SlowClientTest extends ProcessFaultTestBase {
  private static final int SLOW_CLIENTS = 8;
  /** The operator's read limit is 5 s; the JDK server looks every second. */
  private static final Duration CLOSED_WITHIN = Duration.ofSeconds(15);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(PROBE_TIMEOUT).build();

  @Test
  void halfSentRequestsNeverStopTheProbesAndAreDroppedWithinTheReadLimit() throws Exception {
    OperatorProcess operator = startAlone("slow-clients");
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        slow.add(halfSentRequest(operator.httpPort(), "/metrics"));
      }

      for (int probe = 0; probe < 5; probe++) {
        assertThat(status(operator.probePort(), "/healthz")).as("liveness, as the kubelet asks it").isEqualTo(200);
        assertThat(status(operator.probePort(), "/readyz")).isEqualTo(200);
      }
      await().atMost(CLOSED_WITHIN).until(() -> slow.stream().allMatch(SlowClientTest::closedByServer));
      assertThat(status(operator.httpPort(), "/metrics")).as("scrapes are served again").isEqualTo(200);

      // The probe port itself: half-sent probes cost seconds, then the kubelet is answered again.
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        slow.add(halfSentRequest(operator.probePort(), "/healthz"));
      }
      await().atMost(CLOSED_WITHIN).ignoreExceptions().until(() -> status(operator.probePort(), "/healthz") == 200);
      assertThat(slow).allMatch(SlowClientTest::closedByServer);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  /** A connection that sent the start of a request and nothing more. */
  private static Socket halfSentRequest(int port, String path) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The server closed the connection (end of stream, or a reset) without answering. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private int status(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(PROBE_TIMEOUT)
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
