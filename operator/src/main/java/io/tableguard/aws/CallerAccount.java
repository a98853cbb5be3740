package io.tableguard.aws;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The account of the operator's own credentials, asked of STS once: it keys conflicts and rate limits
 * for tables named without an ARN.
 */
public class CallerAccount implements Supplier<String> {
  private static final Logger log = LoggerFactory.getLogger(CallerAccount.class);
  static final String UNKNOWN = "default";

  private final AwsClients clients;
  private final Optional<String> region;
  private volatile String account;

  public CallerAccount(AwsClients clients, Optional<String> region) {
    this.clients = clients;
    this.region = region;
  }

  @Override
  public String get() {
    String known = account;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (account == null) {
        account = lookUp();
      }
      return account;
    }
  }

  private String lookUp() {
    try {
      String id = clients.sts(region.orElse("us-east-1")).getCallerIdentity().account();
      log.info("Operator credentials belong to AWS account {}", id);
      return id;
    } catch (SdkException e) {
      // Not fatal: conflicts are still found between resources that use the operator's own credentials.
      log.warn("Could not ask STS for the operator's account ({}); tables named without an ARN are keyed as "
          + "account '{}'", e.getMessage(), UNKNOWN);
      return UNKNOWN;
    }
  }
}
