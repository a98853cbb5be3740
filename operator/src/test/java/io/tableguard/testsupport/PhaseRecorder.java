package io.tableguard.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import java.util.ArrayList;
import java.util.List;

/**
 * Every phase each TableRestore of a namespace shows, in order, as a watch sees it: polling would miss a phase
 * that lasts less than a poll, and a phase that went back and forth is exactly what a crash test looks for.
 * Start it before the resources are created; a name is taken to stand for one resource for the whole test.
 */
public final class PhaseRecorder implements AutoCloseable {
  private final String namespace;
  private final StatusHistory<TableRestore, RestorePhase> phases;

  private PhaseRecorder(KubernetesClient client, String namespace) {
    this.namespace = namespace;
    this.phases = StatusHistory.watch(client, namespace, TableRestore.class,
        restore -> restore.getStatus() == null ? null : restore.getStatus().getPhase());
  }

  public static PhaseRecorder watch(KubernetesClient client, String namespace) {
    return new PhaseRecorder(client, namespace);
  }

  /** The distinct phases of the resource, in the order seen; a phase seen again after another is listed again. */
  public List<RestorePhase> phases(String name) {
    return phases.of(name);
  }

  /**
   * Fails when a resource's phase went back in the order Pending, Queued, Restoring, ApplyingSettings, then
   * Completed or Failed (the enum's order), or left a terminal phase; or when the watch was lost, since the
   * history would then have holes.
   */
  public void assertNoPhaseWentBackwards() {
    List<String> backwards = new ArrayList<>();
    phases.all().forEach((name, seen) -> {
      for (int i = 1; i < seen.size(); i++) {
        if (seen.get(i - 1).terminal() || seen.get(i).ordinal() < seen.get(i - 1).ordinal()) {
          backwards.add(name + ": " + seen);
          break;
        }
      }
    });
    if (!backwards.isEmpty()) {
      throw new AssertionError("TableRestore phases went backwards in " + namespace + ": "
          + String.join("; ", backwards));
    }
  }

  @Override
  public void close() {
    phases.close();
  }
}
