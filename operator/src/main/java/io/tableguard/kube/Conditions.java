package io.tableguard.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tableguard.model.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions the Kubernetes way: lastTransitionTime moves only when the status flips, so a condition
 * that is re-asserted on every check does not flap.
 */
public final class Conditions {
  public static final String READY = "Ready";

  private Conditions() {}

  public static void set(List<Condition> conditions, long generation, String type, boolean status, Reason reason,
      String message, Instant now) {
    String value = status ? "True" : "False";
    Optional<Condition> existing = find(conditions, type);
    String transition = existing.filter(c -> value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(Timestamps.format(now));
    Condition updated = new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason.name())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
  }

  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** The condition of this type has this reason. */
  public static boolean hasReason(List<Condition> conditions, String type, Reason reason) {
    return reason(conditions, type).filter(reason.name()::equals).isPresent();
  }

  public static Optional<String> reason(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getReason);
  }
}
