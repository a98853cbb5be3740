package io.tableguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.testsupport.OperatorImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's image (built by {@link OperatorImage}: Jib's {@code jib:buildTar} on the offline JRE base), its
 * config and layers checked as a container runtime reads them (docker-archive: manifest.json, config, layer tars).
 */
class ImageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path unpacked;
  static JsonNode config;
  static List<Path> layers = new ArrayList<>();
  static Set<String> files = new HashSet<>();

  @BeforeAll
  static void buildImage() throws Exception {
    Path image = OperatorImage.tar();
    run(List.of("tar", "-xf", image.toString(), "-C", unpacked.toString()), 60);
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    assertThat(manifest.get("RepoTags").get(0).asText()).startsWith("ghcr.io/tableguard/tableguard-operator:");
    config = JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile());
    for (JsonNode layer : manifest.get("Layers")) {
      Path path = unpacked.resolve(layer.asText());
      layers.add(path);
      for (String entry : run(List.of("tar", "-tf", path.toString()), 60).split("\n")) {
        files.add(normalize(entry));
      }
    }
  }

  @Test
  void runsAsNonRootUser() throws Exception {
    assertThat(config.at("/config/User").asText()).isEqualTo("65532:65532");
    // the base names that user, so the JVM has a user.home and tools show a name
    assertThat(fileInLayers("etc/passwd")).contains("nonroot:x:65532:65532:");
  }

  @Test
  void entrypointRunsTheOperatorOnTheJre() throws Exception {
    List<String> entrypoint = new ArrayList<>();
    config.at("/config/Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint).last().isEqualTo("io.tableguard.Main");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=/tmp", "-cp", "@/app/jib-classpath-file");
    List<String> env = new ArrayList<>();
    config.at("/config/Env").forEach(e -> env.add(e.asText()));
    assertThat(env).as("a PATH on which `java` is found").anyMatch(e -> e.startsWith("PATH=") && e.contains("/usr/bin"));
    assertThat(files).as("the JRE in the base").contains("usr/bin/java");
  }

  @Test
  void exposesTheHttpPortAndWorksInTmp() {
    assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/tmp");
  }

  @Test
  void layersHoldTheOperatorAndItsWholeClasspath() throws Exception {
    assertThat(files).contains("app/classes/io/tableguard/Main.class");
    String classpath = fileInLayers("app/jib-classpath-file").strip();
    assertThat(classpath.split(":")).hasSizeGreaterThan(10).allSatisfy(entry ->
        assertThat(files).as("classpath entry %s is in the image", entry).contains(normalize(entry)));
  }

  @Test
  void isReproducible() {
    assertThat(config.get("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  /** A file's content from the topmost layer that has it. */
  static String fileInLayers(String name) throws Exception {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Path layer = layers.get(i);
      String listing = run(List.of("tar", "-tf", layer.toString()), 60);
      for (String entry : listing.split("\n")) {
        if (normalize(entry).equals(name)) {
          return run(List.of("tar", "-xOf", layer.toString(), entry), 60);
        }
      }
    }
    throw new AssertionError(name + " is in none of the image's layers");
  }

  static String normalize(String entry) {
    String name = entry.strip();
    while (name.startsWith("./") || name.startsWith("/")) {
      name = name.substring(name.indexOf('/') + 1);
    }
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    return OperatorImage.run(command, timeoutSeconds);
  }
}
