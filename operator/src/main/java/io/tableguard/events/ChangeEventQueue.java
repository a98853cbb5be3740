package io.tableguard.events;

import io.tableguard.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * One SQS queue that an EventBridge rule fills with DynamoDB's CloudTrail events: long-polled, and emptied of what
 * was handled. The operator calls only sqs:ReceiveMessage and sqs:DeleteMessageBatch (authorized as
 * sqs:DeleteMessage) on it.
 */
public class ChangeEventQueue {
  /** SQS's longest long poll: one call a queue every 20 s while nothing happens. */
  public static final int WAIT_SECONDS = 20;
  /** SQS's most messages per receive, and per DeleteMessageBatch. */
  public static final int MAX_MESSAGES = 10;
  /** The long poll plus room for the answer; the operator's usual call time limit may be shorter than the poll. */
  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(WAIT_SECONDS + 15);
  /** sqs.REGION.amazonaws.com, and the legacy REGION.queue.amazonaws.com. */
  private static final Pattern AWS_HOST =
      Pattern.compile("^(?:sqs[.-]([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?$");

  private final URI url;
  private final SqsClient sqs;

  /** A received message: its body, and the handle that deletes it. */
  public record Message(String messageId, String receiptHandle, String body) {
  }

  public ChangeEventQueue(URI url, AwsClients clients, Optional<String> defaultRegion) {
    this.url = url;
    this.sqs = clients.sqs(region(url, defaultRegion), endpoint(url));
  }

  /** Where the client is sent: the queue URL's own host unless it is AWS's, whose endpoint the SDK knows. */
  static Optional<URI> endpoint(URI queueUrl) {
    String host = queueUrl.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn")) {
      return Optional.empty();
    }
    return Optional.of(URI.create(queueUrl.getScheme() + "://" + queueUrl.getRawAuthority()));
  }

  /** The region in AWS's host name, else the operator's default region (an emulator's URL names none). */
  static String region(URI queueUrl, Optional<String> defaultRegion) {
    Matcher host = AWS_HOST.matcher(queueUrl.getHost().toLowerCase(Locale.ROOT));
    if (host.matches()) {
      return host.group(1) != null ? host.group(1) : host.group(2);
    }
    return defaultRegion.orElseThrow(() -> new IllegalArgumentException("the queue URL " + queueUrl
        + " names no region and the operator has none (AWS_REGION or TABLEGUARD_DEFAULT_REGION)"));
  }

  public URI url() {
    return url;
  }

  /** Waits up to {@link #WAIT_SECONDS} for up to {@link #MAX_MESSAGES} messages; SDK errors are thrown as they are. */
  public List<Message> receive() {
    return sqs.receiveMessage(r -> r.queueUrl(url.toString())
            .waitTimeSeconds(WAIT_SECONDS)
            .maxNumberOfMessages(MAX_MESSAGES)
            .overrideConfiguration(o -> o.apiCallTimeout(RECEIVE_TIMEOUT)))
        .messages().stream()
        .map(m -> new Message(m.messageId(), m.receiptHandle(), m.body()))
        .toList();
  }

  /**
   * Deletes the messages (at most {@link #MAX_MESSAGES}); returns how many SQS would not delete. Those come back
   * after the queue's visibility timeout and are handled again, which only wakes their resources once more.
   */
  public int delete(List<Message> messages) {
    if (messages.isEmpty()) {
      return 0;
    }
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      // Batch entry ids are the message's position: SQS allows only letters, digits, - and _ there.
      entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
          .receiptHandle(messages.get(i).receiptHandle()).build());
    }
    DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(url.toString()).entries(entries));
    return response.failed().size();
  }
}
