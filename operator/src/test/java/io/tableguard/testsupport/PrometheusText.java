package io.tableguard.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The samples of a Prometheus text-format (0.0.4) scrape, for asserting on metric values. */
public final class PrometheusText {

  private final List<Sample> samples;

  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private PrometheusText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  public static PrometheusText parse(String body) {
    List<Sample> samples = new ArrayList<>();
    String[] lines = body.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(new LineParser(line).sample());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is no Prometheus sample: " + line, e);
      }
    }
    return new PrometheusText(samples);
  }

  /** The names of all samples: series names as Prometheus stores them, with _total, _bucket, _sum, _count. */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }

  public List<Sample> samples(String metricName) {
    return samples.stream().filter(sample -> sample.name().equals(metricName)).toList();
  }

  /**
   * The value of the one series of {@code metricName} that carries all the given labels. Several matches
   * fail, because then the assertion would silently depend on which series the registry printed first.
   */
  public OptionalDouble value(String metricName, Map<String, String> labels) {
    List<Sample> matches = samples(metricName).stream()
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
    if (matches.size() > 1) {
      throw new IllegalArgumentException(labels + " matches " + matches.size() + " series of "
          + metricName + ": " + matches);
    }
    return matches.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matches.get(0).value());
  }

  @Override
  public String toString() {
    return samples.toString();
  }

  /** Reads {@code name{label="value",...} value [timestamp]}. */
  private static final class LineParser {

    private final String line;
    private int position;

    LineParser(String line) {
      this.line = line;
    }

    Sample sample() {
      String name = until("{ \t");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("no metric name");
      }
      Map<String, String> labels = peek() == '{' ? labels() : Map.of();
      // OpenMetrics appends exemplars after " # "; they are not part of the sample's value.
      String rest = line.substring(position).split(" # ", 2)[0].strip();
      String[] valueAndTimestamp = rest.split("\\s+");
      if (rest.isEmpty() || valueAndTimestamp.length > 2) {
        throw new IllegalArgumentException("expected a value and an optional timestamp, got '" + rest + "'");
      }
      return new Sample(name, labels, number(valueAndTimestamp[0]));
    }

    private Map<String, String> labels() {
      Map<String, String> labels = new LinkedHashMap<>();
      position++;
      while (true) {
        skip(" \t,");
        if (peek() == '}') {
          position++;
          return Collections.unmodifiableMap(labels);
        }
        String name = until("=").strip();
        expect('=');
        skip(" \t");
        expect('"');
        labels.put(name, quotedRest());
      }
    }

    private String quotedRest() {
      StringBuilder value = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          char escaped = next();
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
    }

    private static double number(String text) {
      return switch (text) {
        case "NaN" -> Double.NaN;
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    }

    private String until(String stops) {
      int start = position;
      while (position < line.length() && stops.indexOf(line.charAt(position)) < 0) {
        position++;
      }
      return line.substring(start, position);
    }

    private void skip(String chars) {
      while (position < line.length() && chars.indexOf(line.charAt(position)) >= 0) {
        position++;
      }
    }

    private char peek() {
      return position < line.length() ? line.charAt(position) : '\0';
    }

    private char next() {
      if (position >= line.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return line.charAt(position++);
    }

    private void expect(char wanted) {
      if (next() != wanted) {
        throw new IllegalArgumentException("expected '" + wanted + "' at column " + position);
      }
    }
  }
}
