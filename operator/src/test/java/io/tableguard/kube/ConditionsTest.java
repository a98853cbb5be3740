package io.tableguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.tableguard.model.SharedReason;
import io.tableguard.model.protection.ProtectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.750Z");
  private static final Instant T1 = Instant.parse("2024-05-01T10:05:00Z");
  private static final Instant T2 = Instant.parse("2024-05-01T11:00:00Z");

  private final List<Condition> conditions = new ArrayList<>();

  @Test
  void addsANewConditionWithAllItsFields() {
    Conditions.set(conditions, 3, Conditions.READY, true, ProtectionReason.Protected, "PITR is on", T0);

    assertThat(conditions).hasSize(1);
    Condition c = conditions.get(0);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("Protected");
    assertThat(c.getMessage()).isEqualTo("PITR is on");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void keepsTheTransitionTimeWhenTheStatusStaysButUpdatesTheRest() {
    Conditions.set(conditions, 1, Conditions.READY, false, SharedReason.TableNotFound, "no table", T0);
    Conditions.set(conditions, 2, Conditions.READY, false, SharedReason.AccessDenied, "denied", T1);

    assertThat(conditions).hasSize(1);
    Condition c = conditions.get(0);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("AccessDenied");
    assertThat(c.getMessage()).isEqualTo("denied");
    assertThat(c.getObservedGeneration()).isEqualTo(2L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusFlips() {
    Conditions.set(conditions, 1, Conditions.READY, false, SharedReason.TableNotFound, "no table", T0);
    Conditions.set(conditions, 1, Conditions.READY, true, ProtectionReason.Protected, "on", T1);

    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T10:05:00Z");
    });

    Conditions.set(conditions, 1, Conditions.READY, false, ProtectionReason.DriftDetected, "off", T2);
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2024-05-01T11:00:00Z");
  }

  @Test
  void leavesOtherConditionTypesAlone() {
    Conditions.set(conditions, 1, "Drifted", false, ProtectionReason.NoDrift, "", T0);
    Conditions.set(conditions, 1, Conditions.READY, true, ProtectionReason.Protected, "on", T0);
    Conditions.set(conditions, 2, Conditions.READY, false, ProtectionReason.DriftDetected, "off", T1);

    assertThat(conditions).extracting(Condition::getType).containsExactly("Drifted", "Ready");
    assertThat(Conditions.find(conditions, "Drifted").get().getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(Conditions.find(conditions, "Drifted").get().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void readsStatusAndReason() {
    Conditions.set(conditions, 1, Conditions.READY, true, ProtectionReason.Protected, "on", T0);
    Conditions.set(conditions, 1, "Drifted", false, ProtectionReason.NoDrift, "", T0);

    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(conditions, "Drifted")).isFalse();
    assertThat(Conditions.reason(conditions, "Drifted")).contains("NoDrift");
  }

  @Test
  void answersEmptyOrFalseForMissingTypesAndLists() {
    Conditions.set(conditions, 1, "Drifted", true, ProtectionReason.DriftCorrected, "", T0);

    assertThat(Conditions.find(conditions, Conditions.READY)).isEmpty();
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isFalse();
    assertThat(Conditions.reason(conditions, Conditions.READY)).isEmpty();
    assertThat(Conditions.find(null, Conditions.READY)).isEmpty();
    assertThat(Conditions.isTrue(null, Conditions.READY)).isFalse();
    assertThat(Conditions.reason(null, Conditions.READY)).isEmpty();
  }

  @Test
  void removesOnlyTheGivenType() {
    Conditions.set(conditions, 1, Conditions.READY, true, ProtectionReason.Protected, "on", T0);
    Conditions.set(conditions, 1, "Drifted", false, ProtectionReason.NoDrift, "", T0);

    Conditions.remove(conditions, "Drifted");

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready");
  }
}
