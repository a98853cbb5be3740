package io.tableguard.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every AWS call of the operator, with its failure sorted into the kinds the reconcilers act on. (The rate
 * limit is taken per HTTP request by the clients themselves: see AwsClients.)
 */
public class AwsCalls {

  public <T> T call(TableTarget target, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsFailures.classify(e, operation);
    }
  }

  public void run(TableTarget target, String operation, Runnable call) {
    call(target, operation, () -> {
      call.run();
      return null;
    });
  }
}
