package io.tableguard.restore;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tableguard.config.CopyJobSettings;
import io.tableguard.dataplane.CopyPlan;
import io.tableguard.model.restore.TableRestore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The copy Job of an item-level restore and what it needs, all built here and nowhere else, all in the operator's
 * namespace (a Job in the tenant's namespace would hand the copy's write access to anyone who may create pods
 * there), all named from the restore's uid so a restart finds them instead of making second ones:
 * <ul>
 *   <li>one progress ConfigMap per shard, which only the operator creates;
 *   <li>a ServiceAccount, and a Role that lets it get and update exactly those ConfigMaps (RBAC cannot tell one pod
 *       from another, so a Role per Job), bound to it;
 *   <li>a Secret with the Job's AWS credentials, a session scoped to the two tables, refreshed by the operator;
 *   <li>the Indexed Job: one completion per shard, {@code parallelism} pods, a pod replaced only once the old one is
 *       gone, disruptions not counted as failures, the copy subcommand of the operator's image, locked down.
 * </ul>
 * Nothing here has an owner reference (none reaches across namespaces): the TableRestore's finalizer deletes them by
 * label, and so does the end of the write-back.
 */
final class CopyJobs {
  static final String RESTORE_UID = "tableguard.io/restore-uid";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String COPY = "copy";
  static final String CREDENTIALS_FILE = "credentials";
  private static final String CREDENTIALS_DIR = "/var/run/tableguard/aws";
  private static final String EXPIRES = "tableguard.io/credentials-expire-at";

  private final KubernetesClient client;
  private final CopyJobSettings settings;

  CopyJobs(KubernetesClient client, CopyJobSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  static String name(TableRestore restore) {
    return "tg-copy-" + restore.getMetadata().getUid();
  }

  String namespace() {
    return settings.namespace();
  }

  /** Creates what is missing; never changes what exists (a progress ConfigMap holds the shard's checkpoint). */
  void ensure(TableRestore restore, CopyPlan plan, String credentials, String expiresAt) {
    String name = name(restore);
    int shards = restore.getSpec().getItems().getWriteBack().getShards();
    List<String> progress = IntStream.range(0, shards).mapToObj(plan::progressName).toList();
    for (String map : progress) {
      createIfAbsent(new ConfigMapBuilder().withMetadata(meta(restore, map)).build());
    }
    createIfAbsent(new ServiceAccountBuilder().withMetadata(meta(restore, name))
        .withAutomountServiceAccountToken(true).build());
    createIfAbsent(new RoleBuilder().withMetadata(meta(restore, name)).addNewRule().withApiGroups("")
        .withResources("configmaps").withResourceNames(progress).withVerbs("get", "update").endRule().build());
    createIfAbsent(new RoleBindingBuilder().withMetadata(meta(restore, name)).withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace()).endSubject().build());
    createIfAbsent(secret(restore, credentials, expiresAt));
    createIfAbsent(job(restore, plan));
  }

  /**
   * Puts new credentials in the Job's Secret (a merge patch: the operator never reads Secrets); mounted Secrets reach
   * the pods within a minute or so.
   */
  void refreshCredentials(TableRestore restore, String credentials, String expiresAt) {
    // The object itself is the merge patch: with a name alone, the client would read the Secret first.
    client.secrets().inNamespace(namespace()).resource(secret(restore, credentials, expiresAt))
        .patch(PatchContext.of(PatchType.JSON_MERGE));
  }

  Optional<Job> job(TableRestore restore) {
    return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace()).withName(name(restore)).get());
  }

  List<ConfigMap> progress(TableRestore restore) {
    return client.configMaps().inNamespace(namespace()).withLabel(RESTORE_UID, restore.getMetadata().getUid())
        .list().getItems();
  }

  /** Deletes the Job (its pods with it), the credentials, the RBAC and the progress of this restore. */
  void delete(TableRestore restore) {
    String uid = restore.getMetadata().getUid();
    client.batch().v1().jobs().inNamespace(namespace()).withLabel(RESTORE_UID, uid)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    client.secrets().inNamespace(namespace()).withLabel(RESTORE_UID, uid).delete();
    client.rbac().roleBindings().inNamespace(namespace()).withLabel(RESTORE_UID, uid).delete();
    client.rbac().roles().inNamespace(namespace()).withLabel(RESTORE_UID, uid).delete();
    client.serviceAccounts().inNamespace(namespace()).withLabel(RESTORE_UID, uid).delete();
    client.configMaps().inNamespace(namespace()).withLabel(RESTORE_UID, uid).delete();
  }

  private Secret secret(TableRestore restore, String credentials, String expiresAt) {
    ObjectMeta meta = meta(restore, name(restore) + "-aws");
    meta.setAnnotations(Map.of(EXPIRES, expiresAt, "tableguard.io/restore",
        restore.getMetadata().getNamespace() + "/" + restore.getMetadata().getName()));
    return new SecretBuilder().withMetadata(meta).withType("Opaque").withData(Map.of(CREDENTIALS_FILE,
        Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))).build();
  }

  private Job job(TableRestore restore, CopyPlan plan) {
    String name = name(restore);
    var writeBack = restore.getSpec().getItems().getWriteBack();
    Map<String, Quantity> resources = Map.of("cpu", new Quantity(settings.cpu()), "memory",
        new Quantity(settings.memory()));
    return new JobBuilder().withMetadata(meta(restore, name)).withNewSpec()
        .withCompletionMode("Indexed").withCompletions(writeBack.getShards()).withParallelism(writeBack.getParallelism())
        .withBackoffLimitPerIndex(settings.backoffLimitPerIndex()).withMaxFailedIndexes(0)
        .withActiveDeadlineSeconds(settings.activeDeadline().toSeconds())
        .withPodReplacementPolicy("Failed")
        .withNewPodFailurePolicy().addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget")
        .withStatus("True").endOnPodCondition().endRule().endPodFailurePolicy()
        .withNewTemplate().withNewMetadata().withLabels(labels(restore)).endMetadata()
        .withNewSpec().withRestartPolicy("Never").withServiceAccountName(name)
        .withHostNetwork(settings.hostNetwork() ? true : null)
        .withDnsPolicy(settings.hostNetwork() ? "ClusterFirstWithHostNet" : null)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withNewSeccompProfile()
        .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer().withName(COPY).withImage(settings.image()).withArgs(COPY)
        .addNewEnv().withName(CopyPlan.ENVIRONMENT).withValue(plan.toJson()).endEnv()
        .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("AWS_SHARED_CREDENTIALS_FILE").withValue(CREDENTIALS_DIR + "/" + CREDENTIALS_FILE)
        .endEnv()
        .addNewEnv().withName("AWS_REGION").withValue(plan.region()).endEnv()
        .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").endEnv()
        .addAllToEnv(settings.extraEnv().entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null))
            .toList())
        .withNewResources().withRequests(resources).withLimits(resources).endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
        .addNewVolumeMount().withName("aws").withMountPath(CREDENTIALS_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("aws").withNewSecret().withSecretName(name + "-aws").endSecret().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  private ObjectMeta meta(TableRestore restore, String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace()).withLabels(labels(restore))
        .withAnnotations(Map.of("tableguard.io/restore", restore.getMetadata().getNamespace() + "/"
            + restore.getMetadata().getName()))
        .build();
  }

  private static Map<String, String> labels(TableRestore restore) {
    return Map.of(RESTORE_UID, restore.getMetadata().getUid(), COMPONENT, COPY,
        "app.kubernetes.io/managed-by", "tableguard");
  }

  private void createIfAbsent(HasMetadata resource) {
    try {
      client.resource(resource).inNamespace(namespace()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
