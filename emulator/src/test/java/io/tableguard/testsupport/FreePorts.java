package io.tableguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks loopback ports for child processes that cannot be told to bind port 0 and report back. */
public final class FreePorts {

  private FreePorts() {
  }

  /**
   * A port that was free a moment ago; another process may still take it before the caller binds,
   * so callers should fail clearly rather than hang when their bind fails.
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  static InetAddress loopback() {
    try {
      // Explicitly IPv4: moto is told to bind 127.0.0.1, and getLoopbackAddress() may answer ::1.
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
