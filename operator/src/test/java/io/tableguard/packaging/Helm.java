package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableguard.testsupport.KubeApi;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real helm binary (built by .ci/build-helm) on the repository's chart. */
final class Helm {
  static final Path CHART = KubeApi.repoRoot().resolve("charts/tableguard");
  static final String KUBE_VERSION = "1.34.0";

  private Helm() {}

  /** helm from ~/.cache/tableguard/bin or PATH; fails the test, saying how to get it, when there is none. */
  static Path binary() {
    Path cached = Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache"),
        "tableguard", "bin", "helm");
    Path helm = Stream.concat(Stream.of(cached), onPath("helm").stream()).filter(p -> p.toFile().canExecute())
        .findFirst().orElse(null);
    assertThat(helm).as("helm is neither at %s nor on PATH: run .ci/setup (it runs .ci/build-helm)", cached)
        .isNotNull();
    return helm;
  }

  /** `helm template` in a namespace, with the namespace as the release name: cluster-wide names stay unique. */
  static String template(String namespace, List<String> more) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "template", namespace, CHART.toString(),
        "--namespace", namespace, "--kube-version", KUBE_VERSION));
    command.addAll(more);
    return run(command);
  }

  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s says:%n%s", String.join(" ", command), output).isZero();
    return output;
  }

  static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program)).filter(p -> p.toFile().canExecute()).findFirst();
  }
}
