package io.tableguard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tableguard_aws_clients{client}}: the AWS clients and role sessions the operator holds open, by kind
 * (dynamodb, autoscaling, role_session, sts, sqs). Clients and sessions of deleted resources are closed once idle,
 * so this falls back when resources go; a count that only grows is a leak.
 */
public final class AwsClientMetrics {
  private AwsClientMetrics() {}

  public static void register(MeterRegistry registry, Supplier<Map<String, Integer>> live) {
    for (String kind : live.get().keySet()) {
      Gauge.builder("tableguard.aws.clients", () -> live.get().getOrDefault(kind, 0))
          .description("AWS clients and role sessions held open, by kind")
          .tag("client", kind)
          .register(registry);
    }
  }
}
