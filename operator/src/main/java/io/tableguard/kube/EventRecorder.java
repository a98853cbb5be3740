package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTimeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tableguard.model.Reason;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events (events.k8s.io/v1) about a resource, and the matching log line, so that
 * `kubectl describe` and the operator log tell the same story.
 */
public class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
  public static final String CONTROLLER = "tableguard.io/operator";
  /** Event names are DNS subdomains. */
  private static final int MAX_NAME = 253;

  public enum Type { Normal, Warning }

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.instance = System.getenv().getOrDefault("HOSTNAME", "tableguard");
  }

  public void record(HasMetadata resource, Type type, Reason reason, String action, String note) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    if (type == Type.Warning) {
      log.warn("{}/{} {} {}: {}", ns, name, resource.getKind(), reason, note);
    } else {
      log.info("{}/{} {} {}: {}", ns, name, resource.getKind(), reason, note);
    }
    var event = new EventBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(eventName(name))
        .endMetadata()
        .withType(type.name())
        .withReason(reason.name())
        .withAction(action)
        .withNote(truncate(note))
        .withReportingController(CONTROLLER)
        .withReportingInstance(instance)
        .withEventTime(new MicroTimeBuilder().withTime(MICRO_TIME.format(clock.instant().atOffset(java.time.ZoneOffset.UTC))).build())
        .withRegarding(new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withNamespace(ns)
            .withName(name)
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .build())
        .build();
    try {
      client.resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: losing one must never fail the reconcile that reports it.
      log.warn("{}/{} could not record Event {}: {}", ns, name, reason, e.getMessage());
    }
  }

  /**
   * The resource's name and a random suffix, within the 253 characters of a DNS subdomain: a resource name may
   * itself be 253 long, so it is cut, and cut back to a letter or digit, as a subdomain must end with one.
   */
  private static String eventName(String resourceName) {
    String suffix = "." + UUID.randomUUID().toString().substring(0, 8);
    String prefix = resourceName.length() <= MAX_NAME - suffix.length() ? resourceName
        : resourceName.substring(0, MAX_NAME - suffix.length()).replaceAll("[^a-z0-9]+$", "");
    return prefix + suffix;
  }

  /** The API server rejects notes over 1 KiB. */
  private static String truncate(String note) {
    return note.length() <= 1024 ? note : note.substring(0, 1021) + "...";
  }
}
