package io.tableguard.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Linux and the JDK's tools say of a process: memory from /proc/PID/status, CPU time from /proc/PID/stat, and
 * the Java heap from jstat and jcmd, which read the JVM from outside, so the operator needs no code for it.
 */
final class ProcessStats {
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessStats() {
  }

  /**
   * @param cpuSeconds user plus system CPU time since the process started
   * @param rssKib resident memory now (VmRSS)
   * @param peakRssKib the most resident memory it ever had (VmHWM)
   */
  record Sample(double cpuSeconds, long rssKib, long peakRssKib) {
  }

  /** @param usedKib occupied heap; @param committedKib heap the JVM holds from the system */
  record Heap(long usedKib, long committedKib) {
  }

  static Sample sample(long pid) {
    String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
    // The command name, in parentheses, may hold spaces: fields are counted after its closing one.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5); the 3rd (state) is fields[0] here.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    String status = read(Path.of("/proc", String.valueOf(pid), "status"));
    return new Sample(ticks / (double) TICKS_PER_SECOND, kib(status, "VmRSS:"), kib(status, "VmHWM:"));
  }

  /** The heap now, or (with {@code afterFullGc}) what survives a full collection: the live set. */
  static Heap heap(long pid, boolean afterFullGc) {
    if (afterFullGc) {
      run(jdkTool("jcmd"), String.valueOf(pid), "GC.run");
    }
    // Column names (S0C S1C S0U S1U EC EU OC OU ...), then values in KiB; looked for, as a "Picked up
    // JAVA_TOOL_OPTIONS" line may come first.
    List<String> lines = run(jdkTool("jstat"), "-gc", String.valueOf(pid)).lines().map(String::trim).toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("S0C")).findFirst()
        .orElseThrow(() -> new IllegalStateException("jstat printed no S0C column: " + lines)));
    String[] names = lines.get(header).split("\\s+");
    String[] values = lines.get(header + 1).split("\\s+");
    double used = 0;
    double committed = 0;
    for (int i = 0; i < names.length; i++) {
      switch (names[i]) {
        case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(values[i]);
        case "S0C", "S1C", "EC", "OC" -> committed += Double.parseDouble(values[i]);
        default -> {
        }
      }
    }
    return new Heap(Math.round(used), Math.round(committed));
  }

  private static long kib(String status, String field) {
    return status.lines().filter(l -> l.startsWith(field)).findFirst()
        .map(l -> Long.parseLong(l.substring(field.length()).replace("kB", "").trim()))
        .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc status"));
  }

  /** The JDK that runs the benchmark also has the tools that can attach to the operator it started. */
  private static String jdkTool(String name) {
    Path tool = Path.of(System.getProperty("java.home"), "bin", name);
    return Files.isExecutable(tool) ? tool.toString() : name;
  }

  private static long ticksPerSecond() {
    try {
      return Long.parseLong(run("getconf", "CLK_TCK").trim());
    } catch (RuntimeException e) {
      // What Linux has used on every common architecture.
      return 100;
    }
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
