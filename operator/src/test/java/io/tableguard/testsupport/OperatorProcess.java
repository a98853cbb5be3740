package io.tableguard.testsupport;

import io.tableguard.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator ({@link Main}) in a JVM of its own, so a test can SIGKILL it at a chosen moment: nothing runs
 * on shutdown, as when a node dies or the OOM killer strikes. It talks to the shared API server and to AWS
 * through the given endpoint, on 127.0.0.1 only; everything it prints goes to {@link #log()}.
 */
public final class OperatorProcess implements AutoCloseable {
  private static List<String> command;
  private static final Path DIRECTORY = KubeApi.repoRoot().resolve("operator/target/operator-processes");
  private static final AtomicInteger STARTED = new AtomicInteger();
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Only what a JVM needs from the test JVM's environment: proxies, AWS profiles or a KUBECONFIG there would
   * send the child somewhere other than 127.0.0.1.
   */
  private static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");
  private static final String LOGBACK = """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
        </appender>
        <logger name="io.tableguard" level="INFO"/>
        <logger name="io.javaoperatorsdk" level="INFO"/>
        <root level="WARN"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;

  private final String name;
  private final String hostname;
  private final Process process;
  private final Path log;
  private final int httpPort;
  private final int probePort;

  private OperatorProcess(String name, String hostname, Process process, Path log, int httpPort, int probePort) {
    this.name = name;
    this.hostname = hostname;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.probePort = probePort;
  }

  /** The chart's default access policy (every namespace, every table, the operator's own credentials), as a file. */
  private static synchronized Path singleTeamPolicy() {
    Path file = DIRECTORY.resolve("access-policy-" + ProcessHandle.current().pid() + ".yaml");
    try {
      Files.createDirectories(DIRECTORY);
      return Files.exists(file) ? file
          : Files.writeString(file, "rules: [{namespaces: ['*'], tables: ['*'], operatorCredentials: true}]\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the access policy for operator processes", e);
    }
  }

  public static OperatorProcess start(String name, URI awsEndpoint) {
    return start(name, awsEndpoint, Map.of());
  }

  /**
   * Starts the operator with the test environment (kubeconfig, AWS endpoint and test credentials, a free
   * HTTP port) plus {@code extraEnv}, which wins over it; returns at once, see {@link #awaitReady}.
   */
  public static OperatorProcess start(String name, URI awsEndpoint, Map<String, String> extraEnv) {
    String label = name.replaceAll("[^A-Za-z0-9-]", "-") + "-" + STARTED.incrementAndGet();
    Map<String, String> env = new TreeMap<>();
    // As a Pod's would be; the operator builds its leader-election identity on it, so the Lease names the process.
    env.put("HOSTNAME", label);
    env.put("KUBECONFIG", KubeApi.shared().kubeconfigFile().toString());
    env.put("TABLEGUARD_AWS_ENDPOINT", awsEndpoint.toString());
    env.put("AWS_REGION", DynamoTables.REGION);
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("TABLEGUARD_HTTP_BIND_ADDRESS", "127.0.0.1");
    env.put("TABLEGUARD_HTTP_PORT", String.valueOf(FreePorts.pick()));
    env.put("TABLEGUARD_PROBE_PORT", String.valueOf(FreePorts.pick()));
    env.put("TABLEGUARD_ACCESS_POLICY_FILE", singleTeamPolicy().toString());
    env.putAll(extraEnv);
    Path log = DIRECTORY.resolve(label + ".log");
    try {
      List<String> command = command();
      Files.writeString(log, "# " + Instant.now() + " " + String.join(" ", command) + "\n# " + env + "\n");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().keySet().retainAll(INHERITED);
      builder.environment().putAll(env);
      return new OperatorProcess(name, label, builder.start(), log, Integer.parseInt(env.get("TABLEGUARD_HTTP_PORT")),
          Integer.parseInt(env.get("TABLEGUARD_PROBE_PORT")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start operator process " + name, e);
    }
  }

  public String name() {
    return name;
  }

  /** Its HOSTNAME, which begins its leader-election identity (the Lease's holderIdentity). */
  public String hostname() {
    return hostname;
  }

  /** Where the process's stdout and stderr go, to print when a test fails. */
  public Path log() {
    return log;
  }

  /** The port of /metrics. */
  public int httpPort() {
    return httpPort;
  }

  /** The port of /healthz and /readyz. */
  public int probePort() {
    return probePort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until /readyz answers 200: the operator is started and its informers are healthy. */
  public OperatorProcess awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + "/readyz"))
        .timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(this + " exited with " + process.exitValue() + " before it was ready:\n"
            + logTail(40));
      }
      try {
        if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notListeningYet) {
        // Still starting.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + this, e);
      }
      sleep(Duration.ofMillis(200));
    }
    throw new AssertionError(this + " was not ready within " + timeout + ":\n" + logTail(40));
  }

  /** SIGKILL: the operator gets no chance to finish anything. Returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: the operator's shutdown hook runs. Returns the exit code; fails if it does not stop in time. */
  public int stop() {
    process.destroy();
    if (!awaitExit()) {
      kill();
      throw new AssertionError(this + " did not stop within " + EXIT_TIMEOUT + " of SIGTERM; killed:\n"
          + logTail(40));
    }
    return process.exitValue();
  }

  /** The last lines the process printed, headed by the log's path. */
  public String logTail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return "---- " + log + " (last " + lines + " lines) ----\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "---- cannot read " + log + ": " + e;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return "operator process " + name + " (pid " + process.pid() + ", log " + log + ")";
  }

  private boolean awaitExit() {
    try {
      return process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + this + " to exit", e);
    }
  }

  /**
   * The test JVM's own java and classpath. The classpath goes in an argument file: a few hundred jars can
   * outgrow what one command-line argument may hold. Small heap and a lean JIT: the machines are shared.
   */
  /**
   * Written once per test JVM, to files of its own: a child JVM starting while another test rewrote a shared
   * file once read half of it ("Could not find or load main class").
   */
  private static synchronized List<String> command() throws IOException {
    if (command != null) {
      return command;
    }
    Files.createDirectories(DIRECTORY);
    String pid = String.valueOf(ProcessHandle.current().pid());
    Path logback = Files.writeString(DIRECTORY.resolve("logback-" + pid + ".xml"), LOGBACK);
    Path classpath = Files.writeString(DIRECTORY.resolve("classpath-" + pid + ".args"),
        "-cp \"" + classpath().replace("\\", "\\\\") + "\"\n");
    command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + logback, "@" + classpath, Main.class.getName());
    return command;
  }

  /**
   * java.class.path, checked: a launcher that hides the real classpath (surefire's manifest-only jar, were
   * it not to restore the property) would otherwise give a child that dies with ClassNotFoundException.
   */
  private static String classpath() {
    String classpath = System.getProperty("java.class.path");
    Path operatorClasses;
    try {
      operatorClasses = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    boolean complete = Arrays.stream(classpath.split(java.io.File.pathSeparator))
        .anyMatch(entry -> Path.of(entry).toAbsolutePath().normalize().equals(operatorClasses));
    if (!complete) {
      throw new IllegalStateException("java.class.path does not hold " + operatorClasses + ": " + classpath);
    }
    return classpath;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
