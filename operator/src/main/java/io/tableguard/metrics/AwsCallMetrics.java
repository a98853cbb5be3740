package io.tableguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tableguard.aws.BudgetNotDue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call by operation and outcome, as the SDK finishes it (after its own retries), so
 * tableguard_aws_requests_total shows what the operator really asks of AWS.
 */
public class AwsCallMetrics implements ExecutionInterceptor {
  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.exception() instanceof BudgetNotDue) {
      // Never sent: the operator's own budget had no permit yet, and the call is made when it has.
      return;
    }
    count(attributes, outcomeOf(context.exception()));
  }

  static String outcomeOf(Throwable failure) {
    if (failure instanceof AwsServiceException e) {
      if (e.isThrottlingException()) {
        return "throttled";
      }
      if (e.statusCode() == 403 || (e.awsErrorDetails() != null
          && e.awsErrorDetails().errorCode() != null && e.awsErrorDetails().errorCode().startsWith("AccessDenied"))) {
        return "access_denied";
      }
      return e.statusCode() >= 500 ? "server_error" : "client_error";
    }
    return "no_response";
  }

  private void count(ExecutionAttributes attributes, String outcome) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Counter.builder("tableguard.aws.requests")
        .description("AWS API calls made by the operator, by operation and outcome")
        .tag("operation", operation == null ? "unknown" : operation)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
