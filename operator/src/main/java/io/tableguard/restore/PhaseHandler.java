package io.tableguard.restore;

import io.tableguard.model.restore.RestorePhase;

/**
 * The work of one phase of a TableRestore (see {@link io.tableguard.kube.PhaseHandler}). Before any AWS call that
 * cannot be undone it writes the status through {@link RestoreContext#checkpointThen}. Failures that end the
 * restore are thrown as {@link RestoreFailure}; AWS failures as they come, for the reconciler's one failure
 * handling.
 */
interface PhaseHandler extends io.tableguard.kube.PhaseHandler<RestorePhase, RestoreContext> {
}
