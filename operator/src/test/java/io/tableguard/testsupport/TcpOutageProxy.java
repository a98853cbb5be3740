package io.tableguard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fixed loopback port in front of a TCP server (the API server: TLS passes through untouched) that can go
 * away and come back on the same port, as a restarted API server does for its clients: every open
 * connection (watches included) is cut and new ones are refused until {@link #restore()}.
 */
public final class TcpOutageProxy implements AutoCloseable {
  private final InetSocketAddress backend;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  public TcpOutageProxy(String backendHost, int backendPort) {
    this.backend = new InetSocketAddress(backendHost, backendPort);
    this.port = FreePorts.pick();
    restore();
  }

  public int port() {
    return port;
  }

  /** Refuse and cut everything, as a stopped API server does. */
  public synchronized void cut() {
    closeQuietly(listener);
    open.forEach(TcpOutageProxy::closeQuietly);
    open.clear();
  }

  public synchronized void restore() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen again on loopback port " + port, e);
    }
    Thread acceptor = new Thread(() -> accept(listener), "tcp-outage-proxy-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(backend.getAddress(), backend.getPort());
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException cut) {
        // One side went away: the other goes too, as with a dying server.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-outage-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    cut();
  }
}
