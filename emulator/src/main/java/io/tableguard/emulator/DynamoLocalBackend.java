package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, AWS's own engine, running in this JVM in memory, and the way the emulator talks to it: plain
 * DynamoDB JSON over HTTP, exactly as any client would.
 *
 * <p>DynamoDB Local keeps one database per access key and Region it is called with (it runs without
 * {@code -sharedDb}), so each account and Region of the emulator is one of its databases: {@link #in} gives the
 * view that signs every call as that account, access key = account id, whatever the client signed with.
 */
class DynamoLocalBackend implements AutoCloseable {
  /** The client's signature, replaced by this backend's. */
  private static final Set<String> SIGNATURE = Set.of("authorization", "x-amz-date",
      "x-amz-security-token");
  /** Null in a view made by {@link #in}: only the backend that started DynamoDB Local stops it. */
  private final DynamoDBProxyServer server;
  private final URI endpoint;
  private final HttpClient http;
  private final ObjectMapper json;
  /** DynamoDB Local accepts any credentials but wants them well-formed, and picks the database by them. */
  private final String authorization;

  DynamoLocalBackend(ObjectMapper json) {
    this.json = json;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
    this.authorization = authorization(AccountRegion.DEFAULT);
    useBundledSqliteLibrary();
    int port = freePort();
    try {
      server = ServerRunner.createServerFromCommandLineArgs(
          new String[] {"-inMemory", "-disableTelemetry", "-port", String.valueOf(port)});
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
    }
    endpoint = URI.create("http://127.0.0.1:" + port);
  }

  private DynamoLocalBackend(DynamoLocalBackend engine, AccountRegion scope) {
    this.server = null;
    this.endpoint = engine.endpoint;
    this.http = engine.http;
    this.json = engine.json;
    this.authorization = authorization(scope);
  }

  /** The same DynamoDB Local, holding the tables of this account and Region only. */
  DynamoLocalBackend in(AccountRegion scope) {
    return new DynamoLocalBackend(this, scope);
  }

  private static String authorization(AccountRegion scope) {
    return "AWS4-HMAC-SHA256 Credential=" + scope.account() + "/20250101/" + scope.region()
        + "/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0";
  }

  URI endpoint() {
    return endpoint;
  }

  /** Calls an operation and returns its answer, or throws the error DynamoDB Local answered. */
  JsonNode call(String operation, JsonNode body) {
    HttpResponse<byte[]> response = send(operation, Map.of(), bytes(body));
    JsonNode answer = parse(response.body());
    if (response.statusCode() >= 300) {
      throw new AwsError(response.statusCode(), answer.path("__type").asText("InternalServerError"),
          answer.path("message").asText(answer.path("Message").asText("")));
    }
    return answer;
  }

  /**
   * Passes a client's request through, its headers too but signed as this backend's account and Region, and returns
   * DynamoDB Local's answer.
   */
  HttpResponse<byte[]> send(String operation, Map<String, List<String>> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> {
      if (Forwarding.forwardable(name) && !SIGNATURE.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    request.header("Authorization", authorization).header("X-Amz-Date", "20250101T000000Z");
    if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("X-Amz-Target"))) {
      request.header("X-Amz-Target", "DynamoDB_20120810." + operation)
          .header("Content-Type", "application/x-amz-json-1.0");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("DynamoDB Local did not answer " + operation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every item of a table, read consistently, page by page. */
  List<ObjectNode> scanAll(String table) {
    List<ObjectNode> items = new ArrayList<>();
    JsonNode lastKey = null;
    do {
      ObjectNode request = json.createObjectNode().put("TableName", table).put("ConsistentRead", true);
      if (lastKey != null) {
        request.set("ExclusiveStartKey", lastKey);
      }
      JsonNode page = call("Scan", request);
      page.path("Items").forEach(i -> items.add((ObjectNode) i));
      lastKey = page.get("LastEvaluatedKey");
    } while (lastKey != null && !lastKey.isEmpty());
    return items;
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? json.createObjectNode() : json.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(body), e);
    }
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }

  /**
   * DynamoDB Local's SQLite engine needs its native library; Maven puts it on the class path as a plain
   * file, so point sqlite4java at the folder that holds it.
   */
  private static void useBundledSqliteLibrary() {
    if (System.getProperty("sqlite4java.library.path") != null) {
      return;
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("libsqlite4java-linux-amd64") || name.startsWith("libsqlite4java-osx")
          || name.startsWith("sqlite4java-win32-x64")) {
        System.setProperty("sqlite4java.library.path", new File(entry).getParent());
        return;
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
