package io.tableguard.backup;

import io.tableguard.kube.PhaseHandler;
import io.tableguard.model.backup.BackupPhase;

/**
 * The work of one phase of a TableBackup (see {@link PhaseHandler}): before CreateBackup it writes the status
 * through {@link BackupContext#checkpointThen}. Failures that end the backup are thrown as {@link BackupFailure};
 * AWS failures as they come, for the reconciler's one failure handling.
 */
interface BackupPhaseHandler extends PhaseHandler<BackupPhase, BackupContext> {
}
