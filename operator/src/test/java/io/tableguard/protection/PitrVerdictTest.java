package io.tableguard.protection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.aws.TableObservation.PitrSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PitrVerdictTest {

  private static PitrSettings pitr(String status, Integer periodDays) {
    return new PitrSettings(status, Optional.ofNullable(periodDays), Optional.empty(), Optional.empty());
  }

  @Test
  void isInSyncWhenEnabledWithTheDeclaredPeriod() {
    assertThat(PitrVerdict.assess(7, pitr("ENABLED", 7), false)).isEqualTo(PitrVerdict.IN_SYNC);
    assertThat(PitrVerdict.assess(7, pitr("ENABLED", 7), true)).isEqualTo(PitrVerdict.IN_SYNC);
  }

  @Test
  void takesAMissingPeriodAsAwsDefaultOf35Days() {
    assertThat(PitrVerdict.assess(35, pitr("ENABLED", null), true)).isEqualTo(PitrVerdict.IN_SYNC);
    assertThat(PitrVerdict.assess(34, pitr("ENABLED", null), false)).isEqualTo(PitrVerdict.NEEDS_APPLY);
  }

  @Test
  void waitsWhileAwsIsEnabling() {
    assertThat(PitrVerdict.assess(7, pitr("ENABLING", null), false)).isEqualTo(PitrVerdict.ENABLING);
    assertThat(PitrVerdict.assess(7, pitr("ENABLING", 7), true)).isEqualTo(PitrVerdict.ENABLING);
  }

  @Test
  void needsApplyWhenDisabledAndNeverInSyncForThisGeneration() {
    assertThat(PitrVerdict.assess(35, pitr("DISABLED", null), false)).isEqualTo(PitrVerdict.NEEDS_APPLY);
  }

  @Test
  void isDriftedWhenDisabledAfterBeingInSyncForThisGeneration() {
    assertThat(PitrVerdict.assess(35, pitr("DISABLED", null), true)).isEqualTo(PitrVerdict.DRIFTED);
  }

  @Test
  void countsAPeriodMismatchAsNotInSync() {
    assertThat(PitrVerdict.assess(7, pitr("ENABLED", 14), false)).isEqualTo(PitrVerdict.NEEDS_APPLY);
    assertThat(PitrVerdict.assess(7, pitr("ENABLED", 14), true)).isEqualTo(PitrVerdict.DRIFTED);
  }
}
