package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The races a test means, made the same way every time: a write right after a read, a write held in flight. */
class RaceHooksTest extends EmulatorTestBase {
  private static final String KEY = "{\"pk\": {\"S\": \"order-7\"}}";

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Test
  void theApplicationWritesRightAfterTheReaderReadTheItem() {
    String table = "race-read";
    EmulatorClients.createTable(dynamo, table);
    put(table, "order-7", 1);
    emulator.afterNextRead(table, KEY, () -> put(table, "order-7", 2));

    var scanned = dynamo.scan(r -> r.tableName(table).consistentRead(true)).items();

    assertThat(scanned).singleElement().satisfies(i -> assertThat(i.get("amount").n()).isEqualTo("1"));
    assertThat(amount(table, "order-7")).as("written before the reader had its answer").isEqualTo("2");
    assertThat(amount(table, "order-7")).as("once only: later reads run no write").isEqualTo("2");
  }

  @Test
  void aWriteHeldInFlightIsAppliedOnlyWhenReleasedWhileOtherTablesAreWritten() throws Exception {
    String table = "race-hold";
    String other = "race-other";
    EmulatorClients.createTable(dynamo, table);
    EmulatorClients.createTable(dynamo, other);
    dynamo.updateContinuousBackups(r -> r.tableName(table)
        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    put(table, "order-7", 1);
    PitrEmulator.WriteHold hold = emulator.holdNextWrite(table, KEY);

    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> put(table, "order-7", 3));
    hold.awaitHeld(Duration.ofSeconds(10));
    put(other, "order-1", 9);
    assertThat(amount(table, "order-7")).as("not applied while held").isEqualTo("1");
    assertThat(write).isNotDone();

    hold.release();
    write.get(10, TimeUnit.SECONDS);
    assertThat(amount(table, "order-7")).isEqualTo("3");
  }

  private void put(String table, String key, int amount) {
    dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(key),
        "amount", AttributeValue.fromN(String.valueOf(amount)))));
  }

  private String amount(String table, String key) {
    return dynamo.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS(key)))).item().get("amount").n();
  }
}
