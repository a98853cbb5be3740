package io.tableguard.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableguard.testsupport.AwsFaultProxy.RecordedCall;
import io.tableguard.testsupport.KubeApi;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The proxy's record of a run as CSV (time the request arrived, operation, table, HTTP status AWS answered), in
 * operator/target/benchmark-calls/: the figures of the table are counts and differences of these lines.
 */
final class CallLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CallLog() {
  }

  /** Returns the file, or null when it could not be written (the run's figures do not depend on it). */
  static Path write(List<RecordedCall> calls, String name) {
    Path file = KubeApi.repoRoot().resolve("operator/target/benchmark-calls").resolve(name + ".csv");
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file)) {
        out.write("at,operation,table,aws_status\n");
        for (RecordedCall call : calls) {
          out.write(call.at() + "," + call.operation() + "," + table(call.requestBody()) + "," + call.awsStatus()
              + "\n");
        }
      }
      return file;
    } catch (IOException e) {
      Console.progress("  cannot write %s: %s", file, e);
      return null;
    }
  }

  private static String table(String body) {
    try {
      return JSON.readTree(body).path("TableName").asText("");
    } catch (IOException | RuntimeException notJson) {
      // STS's form-encoded GetCallerIdentity names no table.
      return "";
    }
  }
}
