package io.tableguard.testsupport;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the kubelet and the Job controller for the operator's copy Jobs, and nothing else, on the bare API server
 * (which has neither): every index of an Indexed Job labelled {@code app.kubernetes.io/component=copy} runs as a
 * process of this same class path with the pod's command arguments and environment, its mounted Secret written to a
 * file, and a kubeconfig holding a token of the Job's own ServiceAccount (TokenRequest), at most {@code parallelism}
 * at once, each index retried up to {@code backoffLimitPerIndex}; then the Job's status is written as the Job
 * controller writes it. The real-node test (LocalNodeEndToEndTest) shows real pods doing the same. The sandbox
 * uses it too (the operator's test-jar), on its bare API server.
 */
public final class CopyJobKubelet implements AutoCloseable {
  private static final Pattern ACCESS_KEY = Pattern.compile("aws_access_key_id = (\\S+)");

  private final String adminKubeconfig;
  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService jobs = Executors.newCachedThreadPool();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> accessKeys = ConcurrentHashMap.newKeySet();
  private final List<String> credentialFiles = new CopyOnWriteArrayList<>();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Path work;

  /**
   * @param adminKubeconfig the API server's address and CA (its credentials are not used: pods get their token)
   * @param namespace where the operator creates its copy Jobs
   */
  public CopyJobKubelet(String adminKubeconfig, KubernetesClient client, String namespace) {
    this.adminKubeconfig = adminKubeconfig;
    this.client = client;
    this.namespace = namespace;
    try {
      this.work = Files.createTempDirectory("copy-kubelet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    watcher.scheduleWithFixedDelay(this::look, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** The AWS access keys the copy pods were given: the scoped sessions, to find their calls among the recorded. */
  public Set<String> accessKeys() {
    return Set.copyOf(accessKeys);
  }

  /** The credentials files (AWS profile format) the copy pods were given, latest last. */
  public List<String> credentialFiles() {
    return List.copyOf(credentialFiles);
  }

  /** Kills the process running this index of the Job now, as SIGKILL kills a pod. */
  public boolean kill(String job, int index) {
    Process process = running.get(job + "/" + index);
    if (process == null) {
      return false;
    }
    process.destroyForcibly();
    return true;
  }

  /** Whether this index of the Job runs now. */
  public boolean isRunning(String job, int index) {
    Process process = running.get(job + "/" + index);
    return process != null && process.isAlive();
  }

  private void look() {
    try {
      for (Job job : client.batch().v1().jobs().inNamespace(namespace).withLabel("app.kubernetes.io/component", "copy")
          .list().getItems()) {
        if (seen.add(job.getMetadata().getUid())) {
          jobs.submit(() -> run(job));
        }
      }
    } catch (RuntimeException e) {
      // The API server may be gone at the end of a test; the next look tries again.
    }
  }

  private void run(Job job) {
    String name = job.getMetadata().getName();
    int completions = job.getSpec().getCompletions();
    int parallelism = job.getSpec().getParallelism();
    int retries = job.getSpec().getBackoffLimitPerIndex() == null ? 0 : job.getSpec().getBackoffLimitPerIndex();
    status(name, s -> s.withStartTime(Instant.now().toString()).withActive(Math.min(parallelism, completions)));
    ExecutorService pods = Executors.newFixedThreadPool(parallelism);
    List<Future<Boolean>> indexes = new ArrayList<>();
    for (int index = 0; index < completions; index++) {
      int i = index;
      indexes.add(pods.submit(() -> {
        for (int attempt = 0; attempt <= retries; attempt++) {
          if (runPod(job, i) == 0) {
            return true;
          }
        }
        return false;
      }));
    }
    List<Integer> failed = new ArrayList<>();
    for (int index = 0; index < completions; index++) {
      try {
        if (!indexes.get(index).get()) {
          failed.add(index);
        }
      } catch (Exception e) {
        failed.add(index);
      }
    }
    pods.shutdown();
    String now = Instant.now().toString();
    if (failed.isEmpty()) {
      status(name, s -> s.withActive(0).withSucceeded(completions).withCompletedIndexes(range(completions))
          .withCompletionTime(now).withConditions(condition("SuccessCriteriaMet", now), condition("Complete", now)));
    } else {
      status(name, s -> s.withActive(0).withFailed(failed.size()).withSucceeded(completions - failed.size())
          .withFailedIndexes(failed.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""))
          .withConditions(condition("FailureTarget", now), condition("Failed", now)));
    }
  }

  private int runPod(Job job, int index) {
    String name = job.getMetadata().getName();
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var.getValue() != null ? var.getValue() : namespace);
    }
    env.put("JOB_COMPLETION_INDEX", String.valueOf(index));
    try {
      Path pod = Files.createTempDirectory(work, name + "-" + index + "-");
      Path credentials = pod.resolve("credentials");
      Secret secret = client.secrets().inNamespace(namespace).withName(name + "-aws").get();
      String file = new String(Base64.getDecoder().decode(secret.getData().get("credentials")),
          StandardCharsets.UTF_8);
      Matcher key = ACCESS_KEY.matcher(file);
      if (key.find()) {
        accessKeys.add(key.group(1));
      }
      credentialFiles.add(file);
      Files.writeString(credentials, file);
      env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
      env.put("KUBECONFIG", kubeconfigOf(job, pod).toString());
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.tableguard.Main"));
      command.addAll(container.getArgs());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(pod.resolve("log").toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      running.put(name + "/" + index, process);
      return process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** A kubeconfig that is the Job's ServiceAccount: what its pods would get mounted. */
  private Path kubeconfigOf(Job job, Path pod) throws IOException {
    String account = job.getSpec().getTemplate().getSpec().getServiceAccountName();
    String token = client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
    Config admin = Config.fromKubeconfig(adminKubeconfig);
    String ca = admin.getCaCertData() != null ? admin.getCaCertData()
        : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
    Path file = pod.resolve("kubeconfig");
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
        + admin.getMasterUrl() + "\n    certificate-authority-data: " + ca + "\nusers:\n- name: u\n  user:\n    token: "
        + token + "\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n    namespace: " + namespace
        + "\ncurrent-context: x\n");
    return file;
  }

  private static String range(int completions) {
    return completions == 1 ? "0" : "0-" + (completions - 1);
  }

  private static JobCondition condition(String type, String now) {
    return new JobConditionBuilder().withType(type).withStatus("True").withLastProbeTime(now)
        .withLastTransitionTime(now).withReason(type).withMessage("the test's kubelet").build();
  }

  private void status(String job, Consumer<JobStatusBuilder> change) {
    client.batch().v1().jobs().inNamespace(namespace).withName(job).editStatus(j -> {
      JobStatusBuilder builder = new JobStatusBuilder(j.getStatus() == null ? new JobStatus() : j.getStatus());
      change.accept(builder);
      j.setStatus(builder.build());
      return j;
    });
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    running.values().forEach(Process::destroyForcibly);
    jobs.shutdownNow();
  }
}
