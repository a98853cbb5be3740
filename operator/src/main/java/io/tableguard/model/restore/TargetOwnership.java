package io.tableguard.model.restore;

/**
 * Whether the operator can prove it created a TableRestore's table. Only a Proven table is ever changed
 * (tagged, settings copied) or deleted by the operator.
 */
public enum TargetOwnership {
  /** AWS's answer to this TableRestore's restore call created it, or it carries this TableRestore's UID tag. */
  Proven,
  /**
   * It answers this TableRestore's recorded request (same source, same instant, created after the request), but
   * neither the answer nor the tag was seen: it may be this restore after a crash, or someone else's.
   */
  Unproven
}
