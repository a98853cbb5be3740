package io.tableguard.testsupport;

import io.tableguard.dataplane.ShardWriteBack;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shard's checkpoints in memory, for driving the write-back engine without Kubernetes; optionally "killed" on
 * one save: that save throws instead of keeping the checkpoint, as a pod killed after a page's writes and before its
 * checkpoint would leave it.
 */
public final class InMemoryCheckpoints implements ShardWriteBack.Checkpoints {
  private final AtomicReference<ShardWriteBack.Checkpoint> saved = new AtomicReference<>();
  private final AtomicInteger saves = new AtomicInteger();
  private final int killedOnSave;

  /** Every save kept. */
  public InMemoryCheckpoints() {
    this(0);
  }

  /** The save with this number (1 is the first) throws; 0: none does. */
  public InMemoryCheckpoints(int killedOnSave) {
    this.killedOnSave = killedOnSave;
  }

  @Override
  public Optional<ShardWriteBack.Checkpoint> load() {
    return Optional.ofNullable(saved.get());
  }

  @Override
  public void save(ShardWriteBack.Checkpoint checkpoint) {
    if (saves.incrementAndGet() == killedOnSave) {
      throw new IllegalStateException("killed after page " + killedOnSave + "'s writes, before its checkpoint");
    }
    saved.set(checkpoint);
  }
}
