package io.tableguard.emulator;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the requests that fail the way AWS fails under load, so a client's retries can be tried against the
 * emulator: a seeded Random decides, so a run with the same seed and the same requests in the same order
 * fails the same ones.
 */
final class FaultInjector {
  /** The two failures every AWS client must retry, as DynamoDB's JSON protocol and STS's query protocol word them. */
  enum Fault {
    THROTTLING(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.", "Throttling",
        "Rate exceeded"),
    INTERNAL(500, "InternalServerError", "Internal server error", "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.");

    private final int status;
    private final String jsonType;
    private final String jsonMessage;
    private final String queryCode;
    private final String queryMessage;

    Fault(int status, String jsonType, String jsonMessage, String queryCode, String queryMessage) {
      this.status = status;
      this.jsonType = jsonType;
      this.jsonMessage = jsonMessage;
      this.queryCode = queryCode;
      this.queryMessage = queryMessage;
    }

    /** DynamoDB's types carry its namespace; Application Auto Scaling's go bare, as the emulator's others do. */
    AwsError json(boolean dynamo) {
      return dynamo ? AwsError.dynamo(status, jsonType, jsonMessage) : new AwsError(status, jsonType, jsonMessage);
    }

    AwsError query() {
      return new AwsError(status, queryCode, queryMessage);
    }
  }

  private final Random random;
  private final AtomicLong injected = new AtomicLong();
  private volatile double rate;

  FaultInjector(double rate, long seed) {
    this.random = new Random(seed);
    setRate(rate);
  }

  static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1, not " + rate);
    }
    return rate;
  }

  void setRate(double newRate) {
    rate = checkRate(newRate);
  }

  long injected() {
    return injected.get();
  }

  /** The fault to answer the next request with, or null to serve it. */
  Fault draw() {
    double current = rate;
    if (current == 0) {
      // Off draws nothing, so the seeded sequence starts with the first request that may fail.
      return null;
    }
    double roll = random.nextDouble();
    if (roll >= current) {
      return null;
    }
    injected.incrementAndGet();
    // The lower half of the failing range throttles and the upper half is a 500: half and half at any rate.
    return roll < current / 2 ? Fault.THROTTLING : Fault.INTERNAL;
  }
}
