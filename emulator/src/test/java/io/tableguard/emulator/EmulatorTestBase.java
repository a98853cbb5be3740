package io.tableguard.emulator;

import io.tableguard.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One emulator per test class, on a clock the tests move by hand, and an SDK client for it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorTestBase {
  static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
  MutableClock clock;
  PitrEmulator emulator;
  DynamoDbClient dynamo;

  /** How long restored tables stay CREATING in this class's tests. */
  abstract Duration restoreDelay();

  /** The emulator's options; a class may add its own to these. */
  PitrEmulator.Options options() {
    return PitrEmulator.Options.defaults().withRestoreDelay(restoreDelay()).withClock(clock);
  }

  @BeforeAll
  void start() {
    clock = new MutableClock(START);
    emulator = new PitrEmulator(options());
    dynamo = EmulatorClients.dynamo(emulator);
  }

  @AfterAll
  void stop() {
    dynamo.close();
    emulator.close();
  }
}
