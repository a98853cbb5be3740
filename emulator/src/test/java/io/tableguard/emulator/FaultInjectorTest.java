package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableguard.emulator.FaultInjector.Fault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests fail: as many as the rate says, half throttled, the same ones for the same seed. */
class FaultInjectorTest {
  @Test
  void theSameSeedFailsTheSameRequests() {
    assertThat(draws(new FaultInjector(0.3, 42), 1_000)).isEqualTo(draws(new FaultInjector(0.3, 42), 1_000));
  }

  @Test
  void theRateOfRequestsFailHalfThrottledHalfInternal() {
    FaultInjector injector = new FaultInjector(0.3, 7);
    List<Fault> draws = draws(injector, 10_000);
    long faults = draws.stream().filter(f -> f != null).count();
    long throttled = draws.stream().filter(f -> f == Fault.THROTTLING).count();

    assertThat(injector.injected()).isEqualTo(faults);
    assertThat(faults).isBetween(2_800L, 3_200L);
    assertThat((double) throttled / faults).isBetween(0.45, 0.55);
  }

  @Test
  void rateZeroIsOffAndOnlyZeroToOneIsARate() {
    FaultInjector injector = new FaultInjector(0, 1);
    assertThat(draws(injector, 1_000)).containsOnlyNulls();
    injector.setRate(1);
    assertThat(draws(injector, 1_000)).doesNotContainNull();
    assertThatThrownBy(() -> injector.setRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PitrEmulator.Options.defaults().withFaultRate(-0.1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PitrEmulator.Options.defaults().withFaultRate(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Fault> draws(FaultInjector injector, int count) {
    List<Fault> draws = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      draws.add(injector.draw());
    }
    return draws;
  }
}
