package io.tableguard.aws;

/**
 * A spec whose table the operator will not touch: its text claims something the operator cannot verify or
 * the administrator does not allow. The reason is the condition reason users see.
 */
public class TargetRefused extends RuntimeException {
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String ROLE_NOT_ALLOWED = "RoleNotAllowed";
  /** The administrator's access policy does not let the namespace reach the table with these credentials. */
  public static final String TABLE_NOT_ALLOWED = "TableNotAllowed";
  public static final String ACCOUNT_MISMATCH = "AccountMismatch";
  /** A region that is not a real AWS region code, or not of the ARN's partition. */
  public static final String INVALID_REGION = "InvalidRegion";
  /** AWS answered from another region (or partition) than the one the resource claims. */
  public static final String REGION_MISMATCH = "RegionMismatch";

  private final String reason;

  public TargetRefused(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
