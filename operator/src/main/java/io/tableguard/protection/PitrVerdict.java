package io.tableguard.protection;

import io.tableguard.aws.TableObservation.PitrSettings;

/** How the PITR that AWS reports compares with what the ProtectedTable declares. */
public enum PitrVerdict {
  /** On, with the declared period. */
  IN_SYNC,
  /** AWS is still turning PITR on: wait, do not call again. */
  ENABLING,
  /** Not yet as declared, and never was for this generation: first enablement or a spec change. */
  NEEDS_APPLY,
  /** It was as declared for this generation and someone changed it outside the operator. */
  DRIFTED;

  public static PitrVerdict assess(int declaredPeriodDays, PitrSettings actual, boolean wasInSyncForThisGeneration) {
    if (actual.matches(declaredPeriodDays)) {
      return IN_SYNC;
    }
    if (actual.enabling()) {
      return ENABLING;
    }
    return wasInSyncForThisGeneration ? DRIFTED : NEEDS_APPLY;
  }
}
