package io.tableguard.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * AWS's own host names, answered on 127.0.0.1:443, so an operator process resolves endpoints exactly as the AWS
 * SDK does in AWS (no endpoint override) and still never leaves the machine. A throwaway CA made with openssl at
 * start signs a certificate for {@link #hostNames()}; {@link #jvmOptions()} gives the operator JVM a hosts file
 * that maps only those names to 127.0.0.1 (every other name fails to resolve) and a truststore of that CA. Each
 * request is forwarded to the emulator as it came, and the host it asked for is recorded.
 */
public final class AwsHostnameFront implements AutoCloseable {
  private static final String PASSWORD = "changeit";
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
      "upgrade", "transfer-encoding", "keep-alive");

  private final List<String> hostNames;
  private final URI backend;
  private final Path directory;
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> askedFor = new CopyOnWriteArrayList<>();

  private AwsHostnameFront(List<String> hostNames, URI backend) throws Exception {
    this.hostNames = List.copyOf(hostNames);
    this.backend = backend;
    this.directory = Files.createTempDirectory("aws-front");
    makeCertificates();
    // localhost too: the JVM resolves nothing else, and a kubeconfig may name it.
    Files.writeString(directory.resolve("hosts"), "127.0.0.1 localhost\n" + hostNames.stream()
        .map(h -> "127.0.0.1 " + h + "\n").reduce("", String::concat));
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    server.start();
  }

  /** Answers for these AWS host names on 127.0.0.1:443 and forwards to {@code backend} (an emulator). */
  public static AwsHostnameFront start(List<String> hostNames, URI backend) {
    try {
      return new AwsHostnameFront(hostNames, backend);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot answer for AWS host names on 127.0.0.1:443 (root may bind it)", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the TLS front for AWS host names", e);
    }
  }

  public List<String> hostNames() {
    return hostNames;
  }

  /** For the operator JVM: resolve only {@link #hostNames()}, all to 127.0.0.1, and trust the throwaway CA. */
  public List<String> jvmOptions() {
    return List.of("-Djdk.net.hosts.file=" + directory.resolve("hosts"),
        "-Djavax.net.ssl.trustStore=" + directory.resolve("truststore.p12"),
        "-Djavax.net.ssl.trustStorePassword=" + PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /** The host of every request so far (its Host header), in order. */
  public List<String> hostsAskedFor() {
    return List.copyOf(askedFor);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      askedFor.add(host == null ? "" : host.replaceFirst(":443$", ""));
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofMinutes(1))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
  }

  /** A CA, and a server certificate it signed for every host name; the server's as PKCS12, the CA as truststore. */
  private void makeCertificates() throws Exception {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < hostNames.size(); i++) {
      names.append(i == 0 ? "" : ",").append("DNS:").append(hostNames.get(i));
    }
    Files.writeString(directory.resolve("san.ext"), "subjectAltName=" + names + "\n");
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=tableguard test CA",
        "-keyout", "ca.key", "-out", "ca.crt");
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + hostNames.get(0),
        "-keyout", "server.key", "-out", "server.csr");
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "1", "-extfile", "san.ext", "-out", "server.crt");
    run("openssl", "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-name", "server",
        "-passout", "pass:" + PASSWORD, "-out", "server.p12");
    run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
        "-alias", "ca", "-file", "ca.crt", "-storetype", "PKCS12", "-keystore", "truststore.p12",
        "-storepass", PASSWORD);
  }

  private SSLContext serverContext() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve("server.p12"))) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  private void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
