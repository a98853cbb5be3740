package io.tableguard.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The emulator's command line, for people running it by hand: the options it takes, and what it says it runs. */
final class CommandLine {
  static final String USAGE = "PitrEmulator [port [faultRate [faultSeed]]] [--aws-limits] "
      + "[--tag-propagation-delay SECONDS] [--event-queue SQS_QUEUE_URL] [--account ACCESS_KEY_ID=ACCOUNT_ID ...]";

  private CommandLine() {}

  static PitrEmulator.Options parse(String[] args) {
    PitrEmulator.Options options = PitrEmulator.Options.defaults();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--aws-limits" -> options = options.withAwsLimits(true);
        case "--tag-propagation-delay" -> options = options.withTagPropagationDelay(
            Duration.ofMillis(Math.round(Double.parseDouble(valueOf(args, ++i)) * 1000)));
        case "--event-queue" -> options = options.withEventQueue(URI.create(valueOf(args, ++i)));
        case "--account" -> {
          String[] keyAndAccount = valueOf(args, ++i).split("=", 2);
          if (keyAndAccount.length != 2) {
            throw new IllegalArgumentException("--account takes ACCESS_KEY_ID=ACCOUNT_ID, not " + args[i]);
          }
          options = options.withAccount(keyAndAccount[0], keyAndAccount[1]);
        }
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
          }
          positional.add(args[i]);
        }
      }
    }
    int port = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 8000;
    double faultRate = positional.size() > 1 ? Double.parseDouble(positional.get(1)) : 0;
    long faultSeed = positional.size() > 2 ? Long.parseLong(positional.get(2)) : 0;
    return options.withPort(port).withFaultRate(faultRate, faultSeed);
  }

  /** One line saying where the emulator listens and which of its optional behaviours are on. */
  static String describe(PitrEmulator.Options options, URI endpoint) {
    StringBuilder line = new StringBuilder("DynamoDB PITR emulator on " + endpoint + " (aws dynamodb --endpoint-url "
        + endpoint + " ...)");
    if (options.faultRate() > 0) {
      line.append(", failing ").append(options.faultRate()).append(" of requests (seed ")
          .append(options.faultSeed()).append(')');
    }
    if (options.awsLimits() != null) {
      line.append(", enforcing ").append(options.awsLimits());
    }
    if (!options.tagPropagationDelay().isZero()) {
      line.append(", tags seen after ").append(options.tagPropagationDelay());
    }
    if (!options.accessKeyAccounts().isEmpty()) {
      line.append(", accounts by access key ").append(new TreeMap<>(options.accessKeyAccounts()));
    }
    if (options.eventQueue() != null) {
      line.append(", CloudTrail events to ").append(options.eventQueue());
    }
    return line.toString();
  }

  private static String valueOf(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value; usage: " + USAGE);
    }
    return args[i];
  }
}
