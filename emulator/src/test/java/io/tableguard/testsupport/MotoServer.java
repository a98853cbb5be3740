package io.tableguard.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A moto server child process that plays the AWS APIs for the tests of one JVM. */
public final class MotoServer {

  private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int LOG_LINES_IN_FAILURE = 40;
  private static final List<String> PROXY_VARIABLES = List.of(
      "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
      "http_proxy", "https_proxy", "all_proxy", "no_proxy");

  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;
  private final Path logFile;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private MotoServer(Process process, int port, Path logFile) {
    this.process = process;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.logFile = logFile;
  }

  /** Starting moto costs seconds, so all test classes of a JVM share one and reset it instead. */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      MotoServer started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "moto-server-stop"));
      shared = started;
    }
    return shared;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every table, role and backup setting, so a test does not see what an earlier one left. */
  public void reset() {
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static MotoServer start() {
    int port = FreePorts.pick();
    Path logFile = Path.of("target", "moto-server-" + port + ".log").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(command(port))
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    isolate(builder.environment());
    Process process;
    try {
      Files.createDirectories(logFile.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + builder.command()
          + "; is moto installed (pip install 'moto[server]')?", e);
    }
    MotoServer server = new MotoServer(process, port, logFile);
    try {
      server.awaitAnswer(builder.command());
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    LOG.info("moto_server answers on {}, log in {}", server.endpoint, logFile);
    return server;
  }

  private static List<String> command(int port) {
    List<String> command = new ArrayList<>();
    if (onPath("moto_server")) {
      command.add("moto_server");
    } else {
      command.addAll(List.of("python3", "-m", "moto.server"));
    }
    command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
    return command;
  }

  private static boolean onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, executable))
        .anyMatch(Files::isExecutable);
  }

  /** Fake credentials and no proxy keep moto (and anything it calls) away from real AWS accounts. */
  private static void isolate(Map<String, String> environment) {
    PROXY_VARIABLES.forEach(environment::remove);
    environment.remove("AWS_PROFILE");
    environment.remove("AWS_SESSION_TOKEN");
    environment.put("AWS_ACCESS_KEY_ID", "testing");
    environment.put("AWS_SECRET_ACCESS_KEY", "testing");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    // Without this Python buffers its output, and a start-up failure would show an empty log tail.
    environment.put("PYTHONUNBUFFERED", "1");
  }

  private void awaitAnswer(List<String> command) {
    HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
        .timeout(Duration.ofSeconds(2))
        .GET()
        .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(command + " exited with code " + process.exitValue()
            + " before answering on " + endpoint + "; " + logTail());
      }
      try {
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notListeningYet) {
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for moto_server", e);
      }
    }
    throw new IllegalStateException(command + " did not answer on " + endpoint + " within "
        + START_TIMEOUT.toSeconds() + " s; " + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_FAILURE), lines.size());
      return "last lines of " + logFile + ":\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "its log " + logFile + " is unreadable: " + e;
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("moto_server on " + endpoint + " did not answer; " + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto_server", e);
    }
  }

  private void stop() {
    // Collected first: once the parent is gone its children are re-parented and no longer found.
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
