package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
}
