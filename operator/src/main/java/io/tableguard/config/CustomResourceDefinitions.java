package io.tableguard.config;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs tableguard's CRDs and waits until the API server serves them: for TABLEGUARD_INSTALL_CRDS=true,
 * the sandbox and the tests. In a cluster the Helm chart or `kubectl apply -f crds/` does it instead.
 */
public final class CustomResourceDefinitions {
  /** The CRDs the build generates into the operator jar (the same files as crds/). */
  public static final List<String> BUNDLED = List.of("protectedtables.tableguard.io-v1.yml",
      "tablerestores.tableguard.io-v1.yml", "tablebackups.tableguard.io-v1.yml",
      "tablebackupschedules.tableguard.io-v1.yml");

  private CustomResourceDefinitions() {}

  public static void installBundled(KubernetesClient client) {
    for (String name : BUNDLED) {
      try (InputStream in = CustomResourceDefinitions.class.getResourceAsStream("/META-INF/fabric8/" + name)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + name + " is not in the operator jar");
        }
        install(client, in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read CRD " + name, e);
      }
    }
  }

  /** Server-side applies one CRD and waits (at most a minute) until it is Established. */
  public static void install(KubernetesClient client, InputStream yaml) {
    CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class);
    client.resource(crd).serverSideApply();
    client.resource(crd).waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
        && c.getStatus().getConditions().stream()
            .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
        60, TimeUnit.SECONDS);
  }
}
