package io.tableguard.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.testsupport.KubeApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chart's ServiceAccount and RBAC, rendered by helm for a release in {@code releaseNamespace} and created on
 * the test API server; {@link #client()} authenticates as that ServiceAccount (a TokenRequest token), so an
 * operator using it can do exactly what the chart grants.
 */
public final class ChartServiceAccount {
  private final KubeApi kube;
  private final List<HasMetadata> manifests;
  private final ServiceAccount account;

  public ChartServiceAccount(KubeApi kube, String releaseNamespace, List<String> helmArgs) {
    this.kube = kube;
    List<String> args = new ArrayList<>(List.of("--show-only", "templates/serviceaccount.yaml", "--show-only",
        "templates/rbac.yaml"));
    args.addAll(helmArgs);
    try {
      manifests = kube.client().load(new ByteArrayInputStream(Helm.template(releaseNamespace, args)
          .getBytes(StandardCharsets.UTF_8))).items();
    } catch (Exception e) {
      throw new IllegalStateException("cannot render the chart's RBAC", e);
    }
    manifests.forEach(manifest -> kube.client().resource(manifest).serverSideApply());
    account = manifests.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast)
        .findFirst().orElseThrow();
  }

  List<HasMetadata> manifests() {
    return manifests;
  }

  String userName() {
    return "system:serviceaccount:" + account.getMetadata().getNamespace() + ":" + account.getMetadata().getName();
  }

  /** A new recorded client (every request kept for RbacTest) with a one-hour token of the ServiceAccount. */
  public KubernetesClient client() {
    String token = kube.client().serviceAccounts().inNamespace(account.getMetadata().getNamespace())
        .withName(account.getMetadata().getName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    Config admin = Config.fromKubeconfig(kube.kubeconfig());
    return KubeApi.newRecordedClient(new ConfigBuilder(admin).withOauthToken(token).withClientCertData(null)
        .withClientKeyData(null).withClientCertFile(null).withClientKeyFile(null).build());
  }
}
