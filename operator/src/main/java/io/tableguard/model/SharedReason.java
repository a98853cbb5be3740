package io.tableguard.model;

/** Reasons every kind shows: a spec the operator refuses to act on, another install, and AWS's failures. */
public enum SharedReason implements Reason {
  /** The spec cannot be read as a table (no region and no default, an ARN that is not a table's). */
  InvalidSpec,
  /** The access policy does not let the namespace use spec.aws.roleArn. */
  RoleNotAllowed,
  /** The access policy does not give the namespace the table with these credentials. */
  TableNotAllowed,
  /** The account in the ARN, or of AWS's answer, is not the account the calls land in. */
  AccountMismatch,
  /** Not a real AWS region code, or not of the ARN's partition. */
  InvalidRegion,
  /** AWS answered from another region (or partition) than the one the resource claims. */
  RegionMismatch,
  /** Another tableguard install serves this AWS account and region. */
  ManagedByAnotherInstall,
  /** AWS has no such table. */
  TableNotFound,
  /** Waiting: the ProtectedTable a resource names (spec.protectedTableRef, same namespace) does not exist (yet). */
  ProtectedTableNotFound,
  /** Waiting, or Failed: the ProtectedTable a resource names has not verified its table, or lost it to another. */
  ProtectedTableNotReady,
  /** AWS has no such backup (deleted outside tableguard), or the TableBackup named holds none. */
  BackupNotFound,
  /** IAM (or STS) refused a call. */
  AccessDenied,
  /** AWS throttled a call, or the operator's own budget did. */
  Throttled,
  /** AWS did not answer, or answered with a server error. */
  AwsUnavailable,
  /** AWS refused a request as invalid. */
  AwsRequestRejected
}
