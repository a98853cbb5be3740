package io.tableguard.aws;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The account of the operator's own credentials, asked of STS until it answers. It keys the claims on tables
 * named without a role, so it is never guessed: while STS fails, every caller gets a retryable failure and
 * acts on nothing whose claim depends on it.
 */
public class CallerAccount implements Supplier<String> {
  private static final Logger log = LoggerFactory.getLogger(CallerAccount.class);

  private final AwsClients clients;
  private final Optional<String> region;
  private volatile String account;
  private volatile String arn;

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
        GetCallerIdentityResponse identity = lookUp();
        arn = identity.arn();
        account = identity.account();
        log.info("Operator credentials belong to AWS account {} ({})", account, arn);
      }
      return account;
    }
  }

  /** Who the operator's own credentials are (GetCallerIdentity's ARN), once STS has answered; never asks. */
  public Optional<String> knownArn() {
    return Optional.ofNullable(arn);
  }

  private GetCallerIdentityResponse lookUp() {
    try {
      return clients.sts(region.orElse("us-east-1")).getCallerIdentity();
    } catch (SdkException e) {
      AwsFailure failure = AwsFailures.classify(e, "sts:GetCallerIdentity");
      log.warn("Could not ask STS for the operator's own account ({}); tables named without a role wait until "
          + "it answers", failure.getMessage());
      // Never permanent: even a denial may be fixed by granting the action, and the next call asks again.
      throw new AwsFailure(AwsFailure.Kind.UNAVAILABLE, failure.operation(), "the operator's own AWS account is "
          + "not known yet (" + failure.getMessage() + "); grant sts:GetCallerIdentity to the operator's role "
          + "if this lasts", e);
    }
  }
}
