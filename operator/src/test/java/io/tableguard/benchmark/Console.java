package io.tableguard.benchmark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Keeps the terminal for the benchmark's own words: progress lines on stderr, the table on stdout. Everything else
 * (the API server's, the emulator's and DynamoDB Local's logs, whatever a library prints) goes to a log file, so
 * that stdout can be piped or diffed as it is.
 */
final class Console {
  private static final long STARTED = System.nanoTime();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static PrintStream out = System.out;
  private static PrintStream err = System.err;

  private Console() {
  }

  /** Sends System.out, System.err and every logger to the file; call before anything else starts. */
  static void divert(Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
      out = System.out;
      err = System.err;
      System.setOut(log);
      System.setErr(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + logFile, e);
    }
    logToFile(logFile);
  }

  /** A progress line on stderr, headed by the time since the start. */
  static void progress(String format, Object... args) {
    long seconds = Duration.ofNanos(System.nanoTime() - STARTED).toSeconds();
    err.printf(Locale.ROOT, "[%s +%02d:%02d:%02d] %s%n", LocalTime.now().format(CLOCK),
        seconds / 3600, seconds / 60 % 60, seconds % 60, String.format(Locale.ROOT, format, args));
    err.flush();
  }

  /** The result, on stdout. */
  static void result(String text) {
    out.print(text);
    out.flush();
  }

  /** Replaces the test classpath's logback-test.xml (which logs to the console) with the file. */
  private static void logToFile(Path logFile) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setFile(logFile.toString());
    file.setEncoder(encoder);
    file.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(file);
    context.getLogger("io.tableguard").setLevel(Level.INFO);
    context.getLogger("io.fabric8.kubeapitest").setLevel(Level.INFO);
  }
}
