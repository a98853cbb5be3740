package io.tableguard.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator processes of one test ({@code @RegisterExtension}): when the test fails, each one's log tail is
 * attached to the failure, where the reader looks first; right after the test, before any {@code @AfterEach},
 * all are killed, so none reconciles while the test cleans up.
 */
public final class OperatorProcesses implements AfterTestExecutionCallback, AfterEachCallback {
  private static final int TAIL_LINES = 60;

  private final List<OperatorProcess> started = new ArrayList<>();

  public OperatorProcess start(String name, URI awsEndpoint) {
    return start(name, awsEndpoint, Map.of());
  }

  public OperatorProcess start(String name, URI awsEndpoint, Map<String, String> extraEnv) {
    OperatorProcess process = OperatorProcess.start(name, awsEndpoint, extraEnv);
    started.add(process);
    return process;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    context.getExecutionException().ifPresent(failure -> started.forEach(process ->
        failure.addSuppressed(new OperatorLog(process.toString() + (process.isAlive() ? "" : " (not running)") + "\n"
            + process.logTail(TAIL_LINES)))));
    killAll();
  }

  /** Also after a failed {@code @BeforeEach}, when the test itself never ran. */
  @Override
  public void afterEach(ExtensionContext context) {
    killAll();
  }

  private void killAll() {
    started.forEach(OperatorProcess::close);
    started.clear();
  }

  /** Carries a log tail in a failure report; its stack trace says nothing, so it has none. */
  private static final class OperatorLog extends Exception {
    OperatorLog(String message) {
      super(message, null, false, false);
    }
  }
}
