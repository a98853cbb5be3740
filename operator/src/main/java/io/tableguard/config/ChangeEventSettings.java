package io.tableguard.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event-driven drift detection, opt-in: the SQS queues (one per AWS account and region) to which an EventBridge rule
 * routes DynamoDB's CloudTrail events. Events only wake resources early; every resource is still checked each
 * checkInterval, which stays the guarantee.
 *
 * <p>Kept apart from {@link OperatorSettings} so that turning events on changes nothing else.
 */
public record ChangeEventSettings(List<URI> queueUrls) {
  public static final String QUEUE_URLS_VARIABLE = "TABLEGUARD_EVENT_QUEUE_URLS";

  public ChangeEventSettings {
    queueUrls = List.copyOf(queueUrls);
  }

  /** No queue: the operator polls only. */
  public static ChangeEventSettings off() {
    return new ChangeEventSettings(List.of());
  }

  public static ChangeEventSettings forQueues(List<URI> queueUrls) {
    return new ChangeEventSettings(queueUrls);
  }

  /** {@code TABLEGUARD_EVENT_QUEUE_URLS}: comma-separated https (or, for an emulator, http) queue URLs. */
  public static ChangeEventSettings fromEnvironment(Map<String, String> env) {
    String text = env.get("TABLEGUARD_EVENT_QUEUE_URLS");
    List<URI> urls = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          urls.add(queueUrl(part.strip()));
        }
      }
    }
    return new ChangeEventSettings(urls);
  }

  public boolean enabled() {
    return !queueUrls.isEmpty();
  }

  private static URI queueUrl(String text) {
    URI url;
    try {
      url = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(QUEUE_URLS_VARIABLE + ": not a URL: " + text, e);
    }
    if (url.getHost() == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
        || url.getPath() == null || url.getPath().split("/").length < 3) {
      throw new IllegalArgumentException(QUEUE_URLS_VARIABLE + ": not an SQS queue URL "
          + "(https://sqs.REGION.amazonaws.com/ACCOUNT/NAME): " + text);
    }
    return url;
  }
}
