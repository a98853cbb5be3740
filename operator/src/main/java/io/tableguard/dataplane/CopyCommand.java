package io.tableguard.dataplane;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code tableguard copy}: what a copy Job's pod runs, the same jar as the operator. It writes back the shard of its
 * completion index and exits 0 when the shard is done (or another pod holds it), non-zero when it failed, so that
 * the Job's backoffLimitPerIndex tries it again from its checkpoint.
 *
 * <p>Its AWS credentials are a file the operator keeps fresh in a Secret mounted into the pod
 * (AWS_SHARED_CREDENTIALS_FILE), read again whenever it changed: a session scoped to the two tables, never the
 * operator's own.
 */
public final class CopyCommand {
  private static final Logger log = LoggerFactory.getLogger(CopyCommand.class);

  private CopyCommand() {}

  /** Runs the shard; returns the process's exit code. */
  public static int run(Map<String, String> env) {
    CopyPlan plan = CopyPlan.fromJson(required(env, CopyPlan.ENVIRONMENT));
    int shard = Integer.parseInt(required(env, "JOB_COMPLETION_INDEX"));
    String namespace = required(env, "POD_NAMESPACE");
    String progress = plan.progressName(shard);
    try (KubernetesClient kube = new KubernetesClientBuilder().build();
        DynamoDbClient dynamo = dynamo(plan, env)) {
      log.info("copy {}/{}: shard {} of {}, {} into {} ({})", namespace, progress, shard,
          plan.items().getWriteBack().getShards(), plan.intermediateTable(), plan.liveTable(),
          plan.items().getWriteBack().getMode());
      Tally.Counts counts = new ShardWriteBack(dynamo, plan.shard(shard))
          .run(new ConfigMapCheckpoints(kube, namespace, progress));
      log.info("copy {}/{}: shard {} done: {} examined, {} written, {} deleted, {} skipped as changed", namespace,
          progress, shard, counts.examined(), counts.of(Outcome.Written), counts.of(Outcome.Deleted),
          counts.of(Outcome.SkippedChanged));
      return 0;
    } catch (ShardWriteBack.LostRace race) {
      log.info("copy {}/{}: {}; this pod stops", namespace, progress, race.getMessage());
      return 0;
    } catch (RuntimeException e) {
      log.error("copy {}/{}: shard {} failed: {}", namespace, progress, shard, e.toString());
      return 1;
    }
  }

  private static DynamoDbClient dynamo(CopyPlan plan, Map<String, String> env) {
    var builder = DynamoDbClient.builder().region(Region.of(plan.region())).credentialsProvider(credentials(env));
    plan.endpointOverride().map(URI::create).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String file = env.get("AWS_SHARED_CREDENTIALS_FILE");
    if (file == null || file.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return ProfileCredentialsProvider.builder().profileName("default")
        .profileFile(ProfileFileSupplier.reloadWhenModified(Path.of(file), ProfileFile.Type.CREDENTIALS)).build();
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set: tableguard copy runs in a copy Job's pod, which the "
          + "operator builds");
    }
    return value;
  }
}
