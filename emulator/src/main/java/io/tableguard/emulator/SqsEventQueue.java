package io.tableguard.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to one SQS queue with SendMessage of SQS's JSON protocol, in the background and in the order
 * given, so that a slow or absent queue never slows nor fails the DynamoDB call whose event it carries: a
 * failure is logged and counted, and the emulator goes on. The request is not signed (moto, the queue the
 * tests use, does not check); its credential scope names the queue's Region, which moto files queues under.
 */
final class SqsEventQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqsEventQueue.class);
  /** sqs.eu-west-1.amazonaws.com style hosts; anything else (moto on loopback) is taken as us-east-1. */
  private static final Pattern REGIONAL_HOST = Pattern.compile("^sqs\\.([a-z0-9-]+)\\.amazonaws\\.com");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI queueUrl;
  private final String region;
  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(TIMEOUT).build();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "emulator-events");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  SqsEventQueue(URI queueUrl, ObjectMapper json) {
    this.queueUrl = queueUrl;
    this.json = json;
    Matcher host = REGIONAL_HOST.matcher(queueUrl.getHost());
    this.region = host.find() ? host.group(1) : "us-east-1";
  }

  /**
   * Builds the body in the background and sends it; the future says whether SQS took it, and never has to be
   * looked at. Building there too keeps what it costs (such as looking up a table's ARN) off the caller.
   */
  CompletableFuture<Void> publish(Supplier<String> body) {
    CompletableFuture<Void> sending;
    try {
      sending = CompletableFuture.runAsync(() -> send(body.get()), sender);
    } catch (RejectedExecutionException closed) {
      sending = CompletableFuture.failedFuture(closed);
    }
    return sending.whenComplete((ok, error) -> {
      if (error == null) {
        sent.incrementAndGet();
      } else {
        failed.incrementAndGet();
        log.warn("could not send an event to {}: {}", queueUrl, error.toString());
      }
    });
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  private void send(String body) {
    byte[] request = bytes(json.createObjectNode().put("QueueUrl", queueUrl.toString()).put("MessageBody", body));
    HttpRequest post = HttpRequest.newBuilder(queueUrl.resolve("/")).timeout(TIMEOUT)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "AmazonSQS.SendMessage")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=emulator/20250101/" + region
            + "/sqs/aws4_request, SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
    HttpResponse<String> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("SQS answered " + response.statusCode() + ": " + response.body());
    }
  }

  private byte[] bytes(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets the events already given go out for a moment, so a test's last call still has its event. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.shutdownNow();
    }
  }
}
