package io.tableguard.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The machine the figures come from, in a few words: they mean little without it. */
final class Machine {
  private Machine() {
  }

  static String describe() {
    return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + " RAM, Linux "
        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
  }

  private static String cpu() {
    return line(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).strip())
        .orElse("an unknown CPU");
  }

  private static String memory() {
    return line(Path.of("/proc/meminfo"), "MemTotal:")
        .map(l -> String.format(Locale.ROOT, "%.0f GiB",
            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
        .orElse("unknown");
  }

  private static Optional<String> line(Path file, String prefix) {
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(prefix)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
