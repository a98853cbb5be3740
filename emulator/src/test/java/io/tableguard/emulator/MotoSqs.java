package io.tableguard.emulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto's server as the SQS queue the emulator's events go to, started for one test class (the operator's tests
 * have their own, shared helper; the emulator module does not depend on them). Stopped by its process id.
 */
final class MotoSqs implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> PROXY_VARIABLES = List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
      "http_proxy", "https_proxy", "all_proxy", "no_proxy");

  private final Process process;
  private final URI endpoint;
  private final Path log;
  final SqsClient sqs;

  private MotoSqs(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
    this.sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  static MotoSqs start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Path.of("target", "moto-sqs-" + port + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
        String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile());
    isolate(builder.environment());
    MotoSqs moto = new MotoSqs(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    try {
      moto.awaitAnswer();
    } catch (RuntimeException | InterruptedException e) {
      moto.close();
      throw e;
    }
    return moto;
  }

  /** Fake credentials and no proxy keep moto away from real AWS accounts. */
  private static void isolate(Map<String, String> environment) {
    PROXY_VARIABLES.forEach(environment::remove);
    environment.remove("AWS_PROFILE");
    environment.remove("AWS_SESSION_TOKEN");
    environment.put("AWS_ACCESS_KEY_ID", "testing");
    environment.put("AWS_SECRET_ACCESS_KEY", "testing");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    environment.put("PYTHONUNBUFFERED", "1");
  }

  private void awaitAnswer() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2))
        .GET().build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto exited with " + process.exitValue() + "; see " + log);
      }
      try {
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("moto did not answer on " + endpoint + " within " + START_TIMEOUT + "; see " + log);
  }

  URI createQueue(String name) {
    return URI.create(sqs.createQueue(r -> r.queueName(name)).queueUrl());
  }

  @Override
  public void close() {
    sqs.close();
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
