package io.tableguard.events;

import io.tableguard.aws.TableTarget;
import io.tableguard.kube.RetryBackoff;
import io.tableguard.metrics.ChangeEventMetrics.Outcome;
import io.tableguard.metrics.ChangeEventMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Long-polls each change-event queue on a thread of its own, on the leader only: each message is read as a
 * {@link TableChangeEvent}, wakes the resources its table concerns ({@link TableChanges}), is counted, and is
 * deleted, whatever it was. An SQS failure is logged once per failure streak and retried with backoff; a message
 * never stops the polling. Events only bring checks forward: every resource is still checked each checkInterval.
 */
public final class ChangeEventPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeEventPoller.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final List<ChangeEventQueue> queues;
  private final TableChanges changes;
  private final ChangeEventMetrics metrics;
  /** Whether an event's caller is the operator itself: its own writes wake nothing. */
  private final Predicate<String> ownCaller;
  private final RetryBackoff backoff = new RetryBackoff(FIRST_BACKOFF);
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private boolean closed;

  public ChangeEventPoller(List<ChangeEventQueue> queues, TableChanges changes, ChangeEventMetrics metrics,
      Predicate<String> ownCaller) {
    this.queues = List.copyOf(queues);
    this.changes = changes;
    this.metrics = metrics;
    this.ownCaller = ownCaller;
  }

  /** Starts polling (once; on the leader, when it starts leading). */
  public synchronized void start() {
    if (running || closed || queues.isEmpty()) {
      return;
    }
    running = true;
    for (int i = 0; i < queues.size(); i++) {
      ChangeEventQueue queue = queues.get(i);
      Thread thread = new Thread(() -> poll(queue), "tableguard-change-events-" + i);
      // The operator's shutdown closes the SQS clients, which ends a long poll at once.
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    log.info("reading DynamoDB change events from {} queue(s): {}", queues.size(),
        queues.stream().map(q -> q.url().toString()).toList());
  }

  private void poll(ChangeEventQueue queue) {
    String key = queue.url().toString();
    boolean failing = false;
    while (running) {
      try {
        List<ChangeEventQueue.Message> messages = queue.receive();
        if (!running) {
          // Closing: left on the queue, visible again to the next leader after the visibility timeout.
          return;
        }
        messages.forEach(m -> metrics.count(handle(m)));
        int notDeleted = queue.delete(messages);
        if (notDeleted > 0) {
          log.warn("SQS did not delete {} of {} messages from {}; they will be read again", notDeleted,
              messages.size(), key);
        }
        if (failing) {
          log.info("change-event queue {} answers again", key);
          failing = false;
        }
        backoff.reset(key);
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        Duration retryIn = backoff.next(key, MAX_BACKOFF);
        if (!failing) {
          // Once per streak: a queue that stays unreachable must not flood the log. Checks go on regardless.
          log.warn("cannot read change-event queue {}: {}; retrying with backoff (every resource is still checked "
              + "each checkInterval)", key, summary(e));
          failing = true;
        }
        if (!pause(retryIn)) {
          return;
        }
      }
    }
  }

  /** Never throws: a message must not stop the polling. */
  Outcome handle(ChangeEventQueue.Message message) {
    try {
      TableChangeEvent event = TableChangeEvent.parse(message.body(), ownCaller);
      if (event instanceof TableChangeEvent.Malformed malformed) {
        log.debug("change event {} is malformed: {}", message.messageId(), malformed.why());
        return Outcome.MALFORMED;
      }
      if (event instanceof TableChangeEvent.Ignored ignored) {
        log.debug("change event {} ignored: {}", message.messageId(), ignored.why());
        return Outcome.IGNORED;
      }
      return wake((TableChangeEvent.Change) event);
    } catch (RuntimeException e) {
      log.warn("change event {} could not be handled: {}", message.messageId(), e.toString());
      return Outcome.IGNORED;
    }
  }

  private Outcome wake(TableChangeEvent.Change change) {
    StringJoiner line = new StringJoiner("; ");
    for (TableTarget table : change.tables()) {
      List<String> woken = changes.wake(table);
      if (!woken.isEmpty()) {
        line.add(table + ": reconciling " + String.join(", ", woken));
      }
    }
    if (line.length() == 0) {
      log.debug("{} on {}: no resource of this install has verified that table", change.eventName(),
          change.tables());
      return Outcome.IGNORED;
    }
    log.info("{} on {}", change.eventName(), line);
    return Outcome.HANDLED;
  }

  private static String summary(RuntimeException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + ")";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private boolean pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    running = false;
    threads.forEach(Thread::interrupt);
  }
}
