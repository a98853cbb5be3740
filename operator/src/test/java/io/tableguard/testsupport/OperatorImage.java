package io.tableguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's image, built the one way it is defined: Jib (operator/pom.xml) with {@code jib:buildTar}, on the
 * JRE base image {@code .ci/build-jre-base} makes offline from Debian packages. Built once per test run: ImageTest
 * reads its config and layers, the local-node end-to-end test runs it in a Pod.
 */
public final class OperatorImage {
  public static final Path BASE = Path.of(
      System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache"),
      "tableguard", "jre-base", "jre17-base.tar");
  private static Path built;

  private OperatorImage() {}

  /** The image as a docker-archive tar (its RepoTags name it), built at the first call. */
  public static synchronized Path tar() throws IOException, InterruptedException {
    if (built != null) {
      return built;
    }
    assertThat(BASE).as("no JRE base image at %s: run .ci/setup (it runs .ci/build-jre-base)", BASE).isRegularFile();
    Path mvn = onPath("mvn");
    Path operator = KubeApi.repoRoot().resolve("operator");
    Path image = operator.resolve("target/tableguard-image.tar");
    Files.deleteIfExists(image);
    // The module's classes are compiled already (tests run after compile); jib:buildTar only packs them.
    // Not under the build's Maven lock: the outer Maven holds it while this test runs. Not offline either:
    // on a fresh machine this is the first build that needs the Jib plugin, which Maven fetches then.
    run(List.of(mvn.toString(), "-B", "-q", "-f", operator.resolve("pom.xml").toString(), "jib:buildTar",
        "-Djib.base=tar://" + BASE, "-Djib.outputPaths.tar=" + image), 300);
    built = image;
    return built;
  }

  public static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    File log = File.createTempFile("tableguard-command", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectError(log).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly();
      }
      assertThat(done).as("%s finished within %ss", command, timeoutSeconds).isTrue();
      assertThat(process.exitValue()).as("%s says:%n%s%s", String.join(" ", command), output,
          Files.readString(log.toPath())).isZero();
      return output;
    } finally {
      Files.deleteIfExists(log.toPath());
    }
  }

  private static Path onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program)).filter(p -> p.toFile().canExecute()).findFirst()
        .orElseThrow(() -> new AssertionError(program + " is not on PATH (the image is built with the Jib Maven "
            + "plugin)"));
  }
}
