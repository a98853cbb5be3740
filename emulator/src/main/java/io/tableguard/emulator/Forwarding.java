package io.tableguard.emulator;

import java.util.Locale;
import java.util.Set;

/** Headers that HTTP forwarding must not copy: hop-by-hop ones and those java.net.http sets itself. */
final class Forwarding {
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "x-amz-crc32");

  private Forwarding() {}

  static boolean forwardable(String header) {
    return !NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT));
  }
}
