package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Races made on purpose, for tests: "the application writes this item right after the reader read it" and "this
 * write is in flight until the test lets it go". Each hook fires once, on the first matching call.
 */
final class RaceHooks {
  private record AfterRead(String table, String key, Runnable write) {}

  private record HeldWrite(String table, String key, CountDownLatch held, CountDownLatch released)
      implements PitrEmulator.WriteHold {
    @Override
    public void awaitHeld(Duration timeout) {
      if (!await(held, timeout)) {
        throw new IllegalStateException("no write to " + key + " in " + table + " within " + timeout);
      }
    }

    @Override
    public void release() {
      released.countDown();
    }
  }

  /** A held write gives up after this long, so a test that forgets to release cannot hang the emulator. */
  private static final Duration HOLD_LIMIT = Duration.ofMinutes(2);

  private final List<AfterRead> afterReads = new CopyOnWriteArrayList<>();
  private final List<HeldWrite> heldWrites = new CopyOnWriteArrayList<>();

  void afterNextRead(String table, JsonNode key, Runnable write) {
    afterReads.add(new AfterRead(table, ItemKeys.canonical(key), write));
  }

  PitrEmulator.WriteHold holdNextWrite(String table, JsonNode key) {
    HeldWrite hold = new HeldWrite(table, ItemKeys.canonical(key), new CountDownLatch(1), new CountDownLatch(1));
    heldWrites.add(hold);
    return hold;
  }

  /**
   * After DynamoDB Local answered a read and before the client has the answer: runs the write of the first hook
   * whose item the answer holds (GetItem, BatchGetItem, a Query or Scan page).
   */
  void read(String operation, JsonNode request, Supplier<JsonNode> answer,
      Function<String, List<String>> keyAttributes) {
    if (afterReads.isEmpty()) {
      // The answer is parsed only while a test waits for a read: reads are the emulator's hot path.
      return;
    }
    JsonNode parsed = answer.get();
    for (AfterRead hook : afterReads) {
      if (returned(operation, request, parsed, hook, keyAttributes) && afterReads.remove(hook)) {
        hook.write().run();
        return;
      }
    }
  }

  /** Before a write touches its items: waits while a hold on one of them is not released. */
  void beforeWrite(Map<String, List<ObjectNode>> written) {
    if (heldWrites.isEmpty() || written == null) {
      return;
    }
    for (HeldWrite hold : heldWrites) {
      boolean touches = written.getOrDefault(hold.table(), List.of()).stream()
          .anyMatch(k -> ItemKeys.canonical(k).equals(hold.key()));
      if (touches && heldWrites.remove(hold)) {
        hold.held().countDown();
        await(hold.released(), HOLD_LIMIT);
        return;
      }
    }
  }

  private static boolean returned(String operation, JsonNode request, JsonNode answer, AfterRead hook,
      Function<String, List<String>> keyAttributes) {
    return switch (operation) {
      case "GetItem" -> hook.table().equals(request.path("TableName").asText()) && answer.has("Item")
          && ItemKeys.canonical(request.path("Key")).equals(hook.key());
      case "Query", "Scan" -> hook.table().equals(request.path("TableName").asText())
          && holds(answer.path("Items"), hook, keyAttributes);
      case "BatchGetItem" -> holds(answer.path("Responses").path(hook.table()), hook, keyAttributes);
      default -> false;
    };
  }

  private static boolean holds(JsonNode items, AfterRead hook, Function<String, List<String>> keyAttributes) {
    List<String> attributes = keyAttributes.apply(hook.table());
    for (JsonNode item : items) {
      if (ItemKeys.canonical(ItemKeys.keyOf(item, attributes)).equals(hook.key())) {
        return true;
      }
    }
    return false;
  }

  private static boolean await(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
