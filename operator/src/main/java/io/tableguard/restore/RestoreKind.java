package io.tableguard.restore;

import io.tableguard.aws.BackupGateway;
import io.tableguard.aws.CopySessions;
import io.tableguard.aws.RestoreGateway;
import io.tableguard.kind.Floors;
import io.tableguard.kind.Kind;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.metrics.RestoreMetrics;
import java.time.Duration;

/** TableRestore: restores a protected table to a point in time, once, and puts back what AWS leaves out. */
public final class RestoreKind implements Kind {
  @Override
  public void register(Floors floors, Controllers controllers) {
    controllers.register(new TableRestoreReconciler(floors.resolver(), floors.pitr(),
        new RestoreGateway(floors.aws(), floors.calls()), new BackupGateway(floors.aws(), floors.calls()),
        new RestoreQueue(floors.settings().maxConcurrentRestores()),
        new RestoreStatusRecorder(floors.events(), new RestoreMetrics(floors.registry()), floors.clock()),
        new RetryBackoff(Duration.ofSeconds(2)), floors.clock(), floors.settings().leaderElection().namespace(),
        floors.cluster(), floors.installs(), floors.settings().restoreSourceWait(),
        new WriteBackSetup(new CopyJobs(floors.client(), floors.settings().copyJobs()), new CopySessions(floors.aws()),
            floors.settings().copyJobs(), floors.settings().awsEndpointOverride()))
        .wakingOn(floors.changes().orElse(null)));
  }
}
