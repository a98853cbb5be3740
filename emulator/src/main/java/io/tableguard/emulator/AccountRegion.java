package io.tableguard.emulator;

/**
 * Where a request acts, as AWS places it: the account its credentials belong to and the Region it was signed for.
 * Each has its own tables, backups, tags, limits and auto scaling, as in AWS.
 */
record AccountRegion(String account, String region) {
  /** The account every access key belongs to unless configured otherwise, the one DynamoDB Local's ARNs name. */
  static final String DEFAULT_ACCOUNT = "000000000000";
  /** Where an unsigned request goes. */
  static final AccountRegion DEFAULT = new AccountRegion(DEFAULT_ACCOUNT, "us-east-1");

  @Override
  public String toString() {
    return account + "/" + region;
  }
}
