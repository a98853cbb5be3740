package io.tableguard.benchmark;

import io.tableguard.testsupport.OperatorProcess;
import io.tableguard.testsupport.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator as its own JVM ({@link OperatorProcess}), started as the image starts it but with a fixed heap, so
 * that its memory is a property of the operator and not of the machine the benchmark happens to run on.
 */
final class OperatorUnderTest implements AutoCloseable {
  /** Killed by the shutdown hook when the benchmark is stopped before a run closes its operator. */
  private static final Set<OperatorUnderTest> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(OperatorUnderTest::close),
        "benchmark-operator-stop"));
  }

  private final OperatorProcess process;
  private final String jvmFlags;
  private final Map<String, String> settings;

  private OperatorUnderTest(OperatorProcess process, String jvmFlags, Map<String, String> settings) {
    this.process = process;
    this.jvmFlags = jvmFlags;
    this.settings = settings;
  }

  /**
   * Starts the operator and waits until it is ready. OperatorProcess launches it with -Xmx256m, SerialGC and a
   * C1-only JIT (lean, for tests); {@code _JAVA_OPTIONS}, which the JVM reads after its command line, sets the
   * benchmark's fixed heap instead and gives back the full JIT the image runs with, so CPU time is the image's.
   */
  static OperatorUnderTest start(String name, URI awsEndpoint, String heap, Map<String, String> settings) {
    String jvmFlags = "-Xmx" + heap + " -XX:TieredStopAtLevel=4 -XX:+ExitOnOutOfMemoryError";
    Map<String, String> env = new HashMap<>(settings);
    env.put("_JAVA_OPTIONS", jvmFlags);
    OperatorProcess process = OperatorProcess.start(name, awsEndpoint, env);
    OperatorUnderTest operator = new OperatorUnderTest(process, jvmFlags, Map.copyOf(settings));
    RUNNING.add(operator);
    try {
      process.awaitReady(Duration.ofMinutes(2));
    } catch (RuntimeException | AssertionError e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  long pid() {
    return process.pid();
  }

  String jvmFlags() {
    return "-XX:+UseSerialGC " + jvmFlags;
  }

  Map<String, String> settings() {
    return settings;
  }

  String log() {
    return process.log().toString();
  }

  /** Fails the run when the operator died (an OOM ends it at once, see ExitOnOutOfMemoryError). */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the operator (pid " + process.pid() + ") exited; its log: " + process.log());
    }
  }

  ProcessStats.Sample sample() {
    checkAlive();
    return ProcessStats.sample(process.pid());
  }

  /** A value of the operator's own /metrics (such as tableguard_check_budget_utilization), if it has one. */
  OptionalDouble metric(String name, Map<String, String> labels) {
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.httpPort() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      return PrometheusText.parse(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body())
          .value(name, labels);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    process.close();
  }
}
