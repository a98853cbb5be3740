package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import io.tableguard.model.restore.TableRestoreStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreQueueAdmissionTest {
  private static final String ACCOUNT_REGION = "123456789012/us-east-1";

  @Test
  void admitsUpToTheLimitInCreationOrderAndQueuesTheRest() {
    RestoreQueue queue = new RestoreQueue(1);
    TableRestore older = restore("a", "2025-03-01T09:00:00Z", RestorePhase.Queued);
    TableRestore newer = restore("b", "2025-03-01T09:00:05Z", RestorePhase.Queued);
    List<TableRestore> all = List.of(older, newer);

    assertThat(queue.admit(newer, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).as("next after the older one").isEqualTo(1);
    assertThat(queue.admit(older, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).isZero();
    assertThat(queue.admit(newer, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).as("the slot is taken").isEqualTo(1);
  }

  @Test
  void anAdmittedRestoreWhoseStartFailedKeepsItsSlotInsteadOfQueueingBehindItself() {
    RestoreQueue queue = new RestoreQueue(1);
    TableRestore restore = restore("a", "2025-03-01T09:00:00Z", RestorePhase.Pending);
    List<TableRestore> all = List.of(restore);

    assertThat(queue.admit(restore, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).isZero();
    // Its start failed (throttled), so the cache still shows it Pending when it is retried.
    assertThat(queue.admit(restore, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).isZero();
  }

  @Test
  void aReleasedAdmissionFreesTheSlot() {
    RestoreQueue queue = new RestoreQueue(1);
    TableRestore first = restore("a", "2025-03-01T09:00:00Z", RestorePhase.Pending);
    TableRestore second = restore("b", "2025-03-01T09:00:05Z", RestorePhase.Queued);
    List<TableRestore> all = List.of(first, second);
    assertThat(queue.admit(first, ACCOUNT_REGION, all, r -> ACCOUNT_REGION)).isZero();

    queue.release("a");

    assertThat(queue.admit(second, ACCOUNT_REGION, List.of(second), r -> ACCOUNT_REGION)).isZero();
  }

  @Test
  void anAdmissionTheCacheShowsWithoutItsSourceStillCountsForItsAccountAndRegion() {
    RestoreQueue queue = new RestoreQueue(1);
    TableRestore first = restore("a", "2025-03-01T09:00:00Z", RestorePhase.Pending);
    TableRestore second = restore("b", "2025-03-01T09:00:00Z", RestorePhase.Pending);
    List<TableRestore> all = List.of(first, second);
    // Created together: the cache's copies show neither restore's source yet, so they name no account.
    assertThat(queue.admit(first, ACCOUNT_REGION, all, r -> "")).isZero();

    assertThat(queue.admit(second, ACCOUNT_REGION, all, r -> "")).as("the slot is taken").isEqualTo(1);
  }

  private static TableRestore restore(String uid, String created, RestorePhase phase) {
    TableRestore restore = new TableRestore();
    restore.getMetadata().setName(uid);
    restore.getMetadata().setNamespace("team");
    restore.getMetadata().setUid(uid);
    restore.getMetadata().setCreationTimestamp(created);
    restore.setStatus(new TableRestoreStatus());
    restore.getStatus().setPhase(phase);
    return restore;
  }
}
