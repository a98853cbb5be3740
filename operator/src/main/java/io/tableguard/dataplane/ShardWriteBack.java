package io.tableguard.dataplane;

import io.tableguard.model.restore.WriteBackMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One shard of a write-back, resumable: first the selection's items at the restore point (the intermediate table)
 * are compared with the live table, read consistently, and put back or replaced; then, in every mode but
 * MissingOnly, the selection's live items are read and those absent at the restore point are found (and, in
 * Revert, deleted). A checkpoint is saved after each page's writes are done; a pod killed mid-page resumes at the
 * page it was on, where an item already as at the restore point counts as {@link Outcome#AlreadyRestored}.
 */
public final class ShardWriteBack {
  private static final Logger log = LoggerFactory.getLogger(ShardWriteBack.class);
  private static final int PAGE = 100;

  /** What to write back, and how fast. */
  public record Plan(WriteBackMode mode, String intermediateTable, String liveTable, List<String> keyAttributes,
      Selection selection, String versionAttribute, Expression condition, String ttlAttribute, Instant now,
      double maxWritesPerSecond, double maxReadsPerSecond, int shard, int shards, int writeThreads,
      boolean sampleKeys) {
    public Plan {
      keyAttributes = List.copyOf(keyAttributes);
      if (shard < 0 || shard >= shards) {
        throw new IllegalArgumentException("shard " + shard + " of " + shards);
      }
    }
  }

  /** Where a page starts: which partition value or key chunk, and the key after which it goes on. */
  public record Position(int index, Map<String, AttributeValue> lastKey) {
    static final Position START = new Position(0, null);
  }

  /** Pass 1 reads the restore point, pass 2 the live table. */
  public record Checkpoint(int pass, Position position, Tally.Counts counts, boolean done) {}

  /** Where a shard keeps its checkpoint; a save that lost a race to another pod throws {@link LostRace}. */
  public interface Checkpoints {
    Optional<Checkpoint> load();

    void save(Checkpoint checkpoint);
  }

  /** Another pod saved this shard's checkpoint first: this one stops. */
  public static final class LostRace extends RuntimeException {
    public LostRace(String message) {
      super(message);
    }
  }

  private record Page(List<Map<String, AttributeValue>> items, Position next) {}

  private final DynamoDbClient dynamo;
  private final Plan plan;
  private final GuardedWrites writes;
  private final AdaptiveRate writeRate;
  private final AdaptiveRate readRate;
  private final List<Object> shardValues;

  public ShardWriteBack(DynamoDbClient dynamo, Plan plan) {
    this.dynamo = dynamo;
    this.plan = plan;
    this.writes = new GuardedWrites(dynamo, plan.liveTable(), plan.keyAttributes(), plan.versionAttribute(),
        plan.condition());
    this.writeRate = new AdaptiveRate(plan.maxWritesPerSecond());
    this.readRate = new AdaptiveRate(plan.maxReadsPerSecond());
    List<Object> values = new ArrayList<>();
    if (plan.selection() instanceof Selection.Partitions p) {
      p.values().stream().filter(v -> Selection.shardOf(v, plan.shards()) == plan.shard()).forEach(values::add);
    } else if (plan.selection() instanceof Selection.Keys k) {
      k.keys().stream().filter(v -> Selection.shardOf(v, plan.shards()) == plan.shard()).forEach(values::add);
    }
    this.shardValues = values;
  }

  /** Runs the shard from its checkpoint to the end; returns its counts. */
  public Tally.Counts run(Checkpoints checkpoints) {
    Optional<Checkpoint> saved = checkpoints.load();
    if (saved.isPresent() && saved.get().done()) {
      return saved.get().counts();
    }
    Checkpoint at = saved.orElse(new Checkpoint(1, Position.START, Tally.Counts.none(), false));
    boolean rerun = saved.isPresent();
    Tally tally = new Tally(at.counts());
    ExecutorService threads = Executors.newFixedThreadPool(plan.writeThreads());
    try {
      for (int pass = at.pass(); pass <= 2; pass++) {
        if (pass == 2 && plan.mode() == WriteBackMode.MissingOnly) {
          break;
        }
        Position position = pass == at.pass() ? at.position() : Position.START;
        while (position != null) {
          Page page = pass == 1 ? read(plan.intermediateTable(), position, false)
              : read(plan.liveTable(), position, true);
          process(pass, page.items(), tally, rerun, threads);
          rerun = false;
          position = page.next();
          checkpoints.save(position == null && pass == 1
              ? new Checkpoint(2, Position.START, tally.counts(), false)
              : new Checkpoint(pass, position == null ? Position.START : position, tally.counts(), false));
        }
      }
      Tally.Counts counts = tally.counts();
      checkpoints.save(new Checkpoint(2, Position.START, counts, true));
      return counts;
    } finally {
      threads.shutdownNow();
    }
  }

  private void process(int pass, List<Map<String, AttributeValue>> items, Tally tally, boolean rerun,
      ExecutorService threads) {
    if (items.isEmpty()) {
      return;
    }
    List<Map<String, AttributeValue>> keys = items.stream().map(this::key).toList();
    if (pass == 1) {
      readRate.acquire(keys.size());
    }
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> others = pass == 1
        ? batchGet(plan.liveTable(), keys, true) : batchGet(plan.intermediateTable(), keys, false);
    List<Future<?>> running = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> other = others.get(key(item));
      Map<String, AttributeValue> then = pass == 1 ? item : other;
      Map<String, AttributeValue> now = pass == 1 ? other : item;
      if (pass == 2 && then != null && !(filter() != null && !matchesFilterThen(key(item)))) {
        continue; // examined in pass 1
      }
      running.add(threads.submit(() -> decide(then, now, tally, rerun)));
    }
    for (Future<?> write : running) {
      try {
        write.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a write-back write failed unexpectedly", e.getCause());
      }
    }
  }

  private void decide(Map<String, AttributeValue> then, Map<String, AttributeValue> now, Tally tally,
      boolean rerun) {
    if (then != null && expired(then)) {
      tally.add(null, Outcome.SkippedExpired);
      return;
    }
    Difference difference = Difference.of(then, now);
    if (plan.sampleKeys() && difference != Difference.Same) {
      tally.sample(difference, ItemValues.keyJson(key(then != null ? then : now)));
    }
    WriteBackMode mode = plan.mode();
    Outcome outcome = switch (difference) {
      case Same -> rerun ? Outcome.AlreadyRestored : Outcome.Unchanged;
      case MissingNow -> mode == WriteBackMode.DiffOnly ? Outcome.Reported : write(() -> writes.putBack(then));
      case Changed -> mode == WriteBackMode.DiffOnly ? Outcome.Reported
          : mode == WriteBackMode.MissingOnly ? Outcome.SkippedExisting : write(() -> writes.replace(then, now));
      case AddedSince -> mode == WriteBackMode.DiffOnly ? Outcome.Reported
          : mode == WriteBackMode.Revert ? write(() -> writes.delete(now)) : Outcome.SkippedExisting;
    };
    tally.add(difference, outcome);
  }

  /** One guarded write at the write rate, slowing down and trying again while DynamoDB throttles it. */
  private Outcome write(Supplier<Outcome> write) {
    for (int attempt = 1; ; attempt++) {
      writeRate.acquire(1);
      try {
        return write.get();
      } catch (SdkServiceException e) {
        if (e.isThrottlingException() && attempt < 10) {
          writeRate.throttled();
          continue;
        }
        log.warn("write-back to {} failed: {} (status {})", plan.liveTable(), e.getClass().getSimpleName(),
            e.statusCode());
        return Outcome.Failed;
      }
    }
  }

  private boolean expired(Map<String, AttributeValue> item) {
    if (plan.ttlAttribute() == null) {
      return false;
    }
    AttributeValue ttl = item.get(plan.ttlAttribute());
    if (ttl == null || ttl.n() == null) {
      return false;
    }
    try {
      return Long.parseLong(ttl.n().split("\\.")[0]) < plan.now().getEpochSecond();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Expression filter() {
    return plan.selection() instanceof Selection.Everything everything ? everything.filter() : null;
  }

  private Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    plan.keyAttributes().forEach(k -> key.put(k, item.get(k)));
    return key;
  }

  /** Whether the restore point's version of this key is one the filter selects (then pass 1 examined it). */
  private boolean matchesFilterThen(Map<String, AttributeValue> key) {
    Expression filter = filter();
    Map<String, String> names = new HashMap<>(filter.names());
    Map<String, AttributeValue> values = new HashMap<>(filter.values());
    StringBuilder condition = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, AttributeValue> part : key.entrySet()) {
      names.put("#tgk" + i, part.getKey());
      values.put(":tgk" + i, part.getValue());
      condition.append(i == 0 ? "" : " AND ").append("#tgk").append(i).append(" = :tgk").append(i);
      i++;
    }
    return !dynamo.query(r -> r.tableName(plan.intermediateTable()).keyConditionExpression(condition.toString())
        .filterExpression(filter.text()).expressionAttributeNames(names).expressionAttributeValues(values))
        .items().isEmpty();
  }

  /** A page of the restore point (not rate-limited: nobody else uses it) or of the live table (at the read rate). */
  private Page read(String table, Position position, boolean consistent) {
    if (table.equals(plan.liveTable())) {
      readRate.acquire(PAGE);
    }
    if (plan.selection() instanceof Selection.Everything everything) {
      return scan(table, everything.filter(), position, consistent);
    }
    return plan.selection() instanceof Selection.Partitions ? query(table, position, consistent)
        : keys(table, position, consistent);
  }

  private Page scan(String table, Expression filter, Position position, boolean consistent) {
    ScanRequest.Builder request = ScanRequest.builder().tableName(table).segment(plan.shard())
        .totalSegments(plan.shards()).limit(PAGE).consistentRead(consistent)
        .exclusiveStartKey(position.lastKey());
    if (filter != null) {
      request.filterExpression(filter.text())
          .expressionAttributeNames(filter.names().isEmpty() ? null : filter.names())
          .expressionAttributeValues(filter.values().isEmpty() ? null : filter.values());
    }
    ScanResponse page = dynamo.scan(request.build());
    return new Page(page.items(), page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
        ? new Position(0, page.lastEvaluatedKey()) : null);
  }

  private Page query(String table, Position position, boolean consistent) {
    if (position.index() >= shardValues.size()) {
      return new Page(List.of(), null);
    }
    AttributeValue value = (AttributeValue) shardValues.get(position.index());
    QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).limit(PAGE).consistentRead(consistent)
        .keyConditionExpression("#tgp = :tgp").expressionAttributeNames(Map.of("#tgp", plan.keyAttributes().get(0)))
        .expressionAttributeValues(Map.of(":tgp", value)).exclusiveStartKey(position.lastKey()).build());
    boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
    Position next = more ? new Position(position.index(), page.lastEvaluatedKey())
        : position.index() + 1 < shardValues.size() ? new Position(position.index() + 1, null) : null;
    return new Page(page.items(), next);
  }

  @SuppressWarnings("unchecked")
  private Page keys(String table, Position position, boolean consistent) {
    int end = Math.min(shardValues.size(), position.index() + PAGE);
    List<Map<String, AttributeValue>> chunk = new ArrayList<>();
    for (int i = position.index(); i < end; i++) {
      chunk.add((Map<String, AttributeValue>) shardValues.get(i));
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(batchGet(table, chunk, consistent).values());
    return new Page(items, end < shardValues.size() ? new Position(end, null) : null);
  }

  /** The items of these keys that exist, by key; reads what BatchGetItem left unprocessed again. */
  private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> batchGet(String table,
      List<Map<String, AttributeValue>> keys, boolean consistent) {
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    Map<String, KeysAndAttributes> pending = Map.of(table,
        KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build());
    while (!pending.isEmpty()) {
      Map<String, KeysAndAttributes> request = pending;
      var answer = dynamo.batchGetItem(r -> r.requestItems(request));
      answer.responses().getOrDefault(table, List.of()).forEach(item -> found.put(key(item), item));
      pending = answer.hasUnprocessedKeys() ? answer.unprocessedKeys() : Map.of();
    }
    return found;
  }
}
