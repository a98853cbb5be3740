package io.tableguard.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * /metrics (Prometheus) on one port, /healthz (liveness) and /readyz (readiness) on another, each served by its
 * own JDK HTTP server and threads: three tiny handlers do not justify a web framework. The JDK server reads a
 * request on one of its few threads, so a client that sends half a request holds that thread; on one shared port
 * two such clients stopped the probes, and the kubelet restarted a healthy operator. Apart, whoever reaches the
 * metrics port (the chart's NetworkPolicy admits only the monitoring namespace) cannot touch the probes, and
 * {@link #limitRequestReadTime} makes a half-sent request cost seconds, not forever.
 */
public class HttpEndpoints implements AutoCloseable {
  /** The JDK server's limit on reading a request (it closes the connection), read once per JVM. */
  private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

  private final HttpServer metrics;
  private final HttpServer probes;

  /**
   * @param bindAddress 0.0.0.0 in a Pod (Prometheus scrapes and the kubelet probes the Pod's address); 127.0.0.1
   *     on a laptop
   */
  public HttpEndpoints(String bindAddress, int metricsPort, int probePort, PrometheusMeterRegistry registry,
      BooleanSupplier live, BooleanSupplier ready) throws IOException {
    metrics = server(bindAddress, metricsPort, "tableguard-metrics");
    metrics.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape()));
    try {
      probes = server(bindAddress, probePort, "tableguard-probes");
    } catch (IOException e) {
      stop(metrics);
      throw e;
    }
    probes.createContext("/healthz", ex -> probe(ex, live));
    probes.createContext("/readyz", ex -> probe(ex, ready));
    metrics.start();
    probes.start();
  }

  /**
   * Every JDK HTTP server of this JVM closes a connection whose request is not read within {@code limit}. Call it
   * before any server starts (the JDK reads it once); the operator's main does, tests that share a JVM with
   * emulators do not need it. A limit set on the command line wins.
   */
  public static void limitRequestReadTime(Duration limit) {
    if (System.getProperty(MAX_REQUEST_TIME) == null) {
      System.setProperty(MAX_REQUEST_TIME, String.valueOf(Math.max(1, limit.toSeconds())));
    }
  }

  public int metricsPort() {
    return metrics.getAddress().getPort();
  }

  public int probePort() {
    return probes.getAddress().getPort();
  }

  private static HttpServer server(String bindAddress, int port, String threadName) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    return server;
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void stop(HttpServer server) {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  @Override
  public void close() {
    stop(metrics);
    stop(probes);
  }
}
