package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.tableguard.aws.PriorityTokenBucket.Priority;
import org.junit.jupiter.api.Test;

class PriorityTokenBucketTest {
  @Test
  void urgentCallersAreServedBeforeRoutineCallersAlreadyWaiting() throws Exception {
    PriorityTokenBucket bucket = new PriorityTokenBucket(10, System::nanoTime);
    List<String> served = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch routineWaiting = new CountDownLatch(1);
    bucket.acquire(false);
    for (int i = 0; i < 5; i++) {
      int n = i;
      pool.submit(() -> {
        routineWaiting.countDown();
        bucket.acquire(false);
        served.add("routine" + n);
        return null;
      });
    }
    routineWaiting.await();
    Thread.sleep(20);
    for (int i = 0; i < 2; i++) {
      int n = i;
      pool.submit(() -> {
        bucket.acquire(true);
        served.add("urgent" + n);
        return null;
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(served).hasSize(7);
    // At most one routine caller (already due when the urgent ones arrived) goes before them.
    assertThat(served.subList(0, 3)).contains("urgent0", "urgent1");
  }

  @Test
  void permitsComeOneIntervalApartWithNothingBanked() throws Exception {
    PriorityTokenBucket bucket = new PriorityTokenBucket(20, System::nanoTime);
    Thread.sleep(300);
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      bucket.acquire(false);
    }
    // six permits at 20/s after an idle spell: the first at once, the others 50 ms apart (no burst)
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(240);
  }

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long PATIENCE = SECOND / 4;

  /** A clock the test moves: at one permit a second, nothing waited for here is more than a quarter second away. */
  private final AtomicLong now = new AtomicLong();
  private final PriorityTokenBucket oneASecond = new PriorityTokenBucket(1, now::get);

  @Test
  void callersWhosePermitIsNotDueSoonAreToldWhenAndServedInTheirTurn() {
    assertThat(oneASecond.tryAcquire("a", Priority.ROUTINE, PATIENCE)).isZero();
    assertThat(oneASecond.tryAcquire("b", Priority.ROUTINE, PATIENCE)).isEqualTo(SECOND);
    assertThat(oneASecond.tryAcquire("c", Priority.ROUTINE, PATIENCE)).isEqualTo(2 * SECOND);

    now.set(SECOND);
    assertThat(oneASecond.tryAcquire("c", Priority.ROUTINE, PATIENCE)).as("c, early: b is expected now")
        .isEqualTo(SECOND);
    assertThat(oneASecond.tryAcquire("b", Priority.ROUTINE, PATIENCE)).as("b, back in its turn").isZero();
    assertThat(oneASecond.tryAcquire("d", Priority.ROUTINE, PATIENCE)).as("d, new: behind c")
        .isEqualTo(2 * SECOND);
    now.set(2 * SECOND);
    assertThat(oneASecond.tryAcquire("c", Priority.ROUTINE, PATIENCE)).isZero();
  }

  @Test
  void urgentCallersGoAheadOfRoutinePlacesAndAFollowUpAheadOfBoth() {
    oneASecond.tryAcquire("a", Priority.ROUTINE, PATIENCE);
    assertThat(oneASecond.tryAcquire("routine", Priority.ROUTINE, PATIENCE)).isEqualTo(SECOND);
    assertThat(oneASecond.tryAcquire("urgent", Priority.URGENT, PATIENCE)).isEqualTo(SECOND);
    assertThat(oneASecond.tryAcquire("followUp", Priority.FOLLOW_UP, PATIENCE)).isEqualTo(SECOND);

    now.set(SECOND);
    assertThat(oneASecond.tryAcquire("routine", Priority.ROUTINE, PATIENCE)).isEqualTo(2 * SECOND);
    assertThat(oneASecond.tryAcquire("urgent", Priority.URGENT, PATIENCE)).isEqualTo(SECOND);
    assertThat(oneASecond.tryAcquire("followUp", Priority.FOLLOW_UP, PATIENCE)).isZero();
    now.set(2 * SECOND);
    assertThat(oneASecond.tryAcquire("urgent", Priority.URGENT, PATIENCE)).isZero();
    now.set(3 * SECOND);
    assertThat(oneASecond.tryAcquire("routine", Priority.ROUTINE, PATIENCE)).isZero();
  }

  @Test
  void aPlaceWhoseCallerDoesNotComeBackHoldsThePermitsOnlyBriefly() {
    oneASecond.tryAcquire("a", Priority.ROUTINE, PATIENCE);
    assertThat(oneASecond.tryAcquire("gone", Priority.ROUTINE, PATIENCE)).isEqualTo(SECOND);

    now.set(SECOND + PriorityTokenBucket.NO_SHOW / 2);
    assertThat(oneASecond.tryAcquire("next", Priority.ROUTINE, PATIENCE)).as("gone may still come").isPositive();
    now.set(SECOND + PriorityTokenBucket.NO_SHOW + 1);
    assertThat(oneASecond.tryAcquire("next", Priority.ROUTINE, PATIENCE)).isZero();
  }

  @Test
  void aCallerBackALittleEarlyWaitsForItsPermitInItsThread() {
    oneASecond.tryAcquire("a", Priority.ROUTINE, PATIENCE);
    oneASecond.tryAcquire("b", Priority.ROUTINE, PATIENCE);
    assertThat(oneASecond.tryAcquire("late", Priority.ROUTINE, PATIENCE)).isEqualTo(2 * SECOND);
    now.set(SECOND);
    oneASecond.tryAcquire("b", Priority.ROUTINE, PATIENCE);

    // Back a quarter second before its permit: it waits that long (the test's clock stands still) and has it.
    now.set(2 * SECOND - PATIENCE);
    assertThat(oneASecond.tryAcquire("late", Priority.ROUTINE, PATIENCE)).isZero();
    now.set(3 * SECOND);
    assertThat(oneASecond.tryAcquire("walk-in", Priority.ROUTINE, PATIENCE)).isZero();
  }
}
