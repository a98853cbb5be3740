package io.tableguard.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tableguard.TableguardOperator;
import io.tableguard.config.ChangeEventSettings;
import io.tableguard.config.OperatorSettings;
import io.tableguard.emulator.PitrEmulator;
import io.tableguard.model.protection.DriftPolicy;
import io.tableguard.model.protection.ProtectedTable;
import io.tableguard.model.restore.RestorePhase;
import io.tableguard.model.restore.TableRestore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Each test gets a fresh moto account behind a recording, fault-injecting proxy, its own namespace on the
 * shared real API server, and a running operator that talks to AWS only through the proxy.
 */
public abstract class OperatorTestBase {
  protected static final String REGION = DynamoTables.REGION;
  protected static final Duration STATUS_TIMEOUT = TableguardResources.STATUS_TIMEOUT;

  protected final KubeApi kube = KubeApi.shared();
  protected KubernetesClient client;
  protected AwsFaultProxy aws;
  /** Talks to moto directly: what "someone outside the operator" does, not counted by the proxy. */
  protected DynamoDbClient dynamo;
  protected String namespace;
  protected TableguardResources resources;
  protected TableguardOperator operator;

  /** A fresh emulator per test where a test class asks for one; moto otherwise. */
  private PitrEmulator emulator;

  /**
   * Restore tests answer true: the PITR emulator restores the data as it was at the requested second,
   * where moto copies the current data whatever the time.
   */
  protected boolean timeFaithfulAws() {
    return false;
  }

  /** How the emulator of a {@link #timeFaithfulAws()} test runs: restores ACTIVE at once, no faults. */
  protected PitrEmulator.Options emulatorOptions() {
    return PitrEmulator.Options.defaults().withRestoreDelay(Duration.ZERO);
  }

  /** The emulator of a {@link #timeFaithfulAws()} test (null otherwise), to count or change its faults. */
  protected PitrEmulator emulator() {
    return emulator;
  }

  @BeforeEach
  void startWorld() {
    URI awsEndpoint;
    if (timeFaithfulAws()) {
      emulator = new PitrEmulator(emulatorOptions());
      awsEndpoint = emulator.endpoint();
    } else {
      MotoServer moto = MotoServer.shared();
      moto.reset();
      awsEndpoint = moto.endpoint();
    }
    aws = AwsFaultProxy.start(awsEndpoint);
    dynamo = DynamoTables.client(awsEndpoint);
    client = kube.client();
    namespace = kube.createNamespace(namespacePrefix());
    resources = new TableguardResources(client, namespace);
    operator = startOperator();
  }

  /** The test's namespace is this prefix and a number. */
  protected String namespacePrefix() {
    return getClass().getSimpleName();
  }

  @AfterEach
  void stopWorld() {
    stopOperator();
    kube.deleteTableguardResources(namespace);
    aws.close();
    dynamo.close();
    if (emulator != null) {
      emulator.close();
    }
  }

  protected OperatorSettings settings() {
    return OperatorSettings.forEndpoint(aws.endpoint(), REGION, 0);
  }

  protected TableguardOperator startOperator() {
    operator = new TableguardOperator(settings(), ChangeEventSettings.off(), operatorClient(), operatorClock())
        .start();
    return operator;
  }

  /** The operator's clock: the system's, unless a test moves time by hand (schedules across days). */
  protected Clock operatorClock() {
    return Clock.systemUTC();
  }

  /** The operator's own Kubernetes client, which it closes. */
  protected KubernetesClient operatorClient() {
    return kube.newRecordedClient();
  }

  protected void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Table names are unique per test so that no two tests ever claim the same table. */
  protected String tableName(String base) {
    return namespace + "-" + base;
  }

  protected void createTable(String name) {
    DynamoTables.create(dynamo, name);
  }

  /**
   * A whole second after every write made so far and before every write made after this returns: what a
   * person picks as "the last good second". Restores are to the second.
   */
  protected static Instant lastGoodSecond() {
    Instant second = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    await().pollDelay(Duration.between(Instant.now(), second.plusMillis(1100)))
        .atMost(Duration.ofSeconds(5)).until(() -> true);
    return second;
  }

  /**
   * A TableRestore of {@code protectedTable} into a table of the same name as the restore, held in Restoring
   * (AWS answers CREATING for the new table) until {@code aws.clearRewrites()}; returns it once AWS took it.
   */
  protected TableRestore restoreHeldInRestoring(String name, String protectedTable) {
    keepCreating(tableName(name));
    create(tableRestore(name, protectedTable, tableName(name)));
    return awaitRestore(name, r -> r.getStatus().getPhase() == RestorePhase.Restoring
        && r.getStatus().getTargetTableArn() != null);
  }

  /** A table and a ProtectedTable of the same name with default settings, protected; returns the table name. */
  protected String protectTable(String name) {
    String table = tableName(name);
    createTable(table);
    create(protectedTable(name, table));
    awaitReady(name, "Protected");
    return table;
  }

  /** Makes DescribeTable answer CREATING for this table, as AWS does for the whole of a long restore. */
  protected void keepCreating(String table) {
    java.util.regex.Pattern named = java.util.regex.Pattern.compile("\"TableName\"\\s*:\\s*\""
        + java.util.regex.Pattern.quote(table) + "\"");
    aws.rewriteAnswers("DescribeTable", body -> named.matcher(body).find()
        ? body.replaceAll("\"TableStatus\"\\s*:\\s*\"ACTIVE\"", "\"TableStatus\": \"CREATING\"") : body);
  }

  /** A table whose PITR is already on, watched by a ProtectedTable with driftPolicy: Report. */
  protected String watchTable(String name, String checkInterval) {
    String table = tableName(name);
    createTable(table);
    changePitrOutsideOperator(table, true, 35);
    ProtectedTable watch = protectedTable(name, table);
    watch.getSpec().setDriftPolicy(DriftPolicy.Report);
    watch.getSpec().setCheckInterval(checkInterval);
    create(watch);
    awaitReady(name, "Protected");
    return table;
  }

  /** What a person in another account sees: moto keeps one set of tables per account, reached by a role. */
  protected DynamoDbClient dynamoInOtherAccount(String roleArn, String region) {
    Credentials credentials;
    try (StsClient sts = StsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build()) {
      credentials = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("test")).credentials();
    }
    aws.clearCalls();
    return DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
        .build();
  }

  protected PointInTimeRecoveryDescription pitrOf(String table) {
    return dynamo.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
  }

  /** Turns PITR off, or sets another period, as a person with the AWS console would. */
  protected void changePitrOutsideOperator(String table, boolean enabled, Integer periodDays) {
    dynamo.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(
        s -> s.pointInTimeRecoveryEnabled(enabled).recoveryPeriodInDays(periodDays)));
  }

  protected static ProtectedTable protectedTable(String name, String table) {
    return TableguardResources.protectedTable(name, table);
  }

  protected ProtectedTable create(ProtectedTable pt) {
    return resources.create(pt);
  }

  protected ProtectedTable get(String name) {
    return resources.get(name);
  }

  protected ProtectedTable awaitStatus(String name, Predicate<ProtectedTable> condition) {
    return resources.awaitStatus(name, condition);
  }

  protected ProtectedTable awaitReady(String name, String reason) {
    return resources.awaitReady(name, reason);
  }

  protected static TableRestore tableRestore(String name, String protectedTable, String targetTable) {
    return TableguardResources.tableRestore(name, protectedTable, targetTable);
  }

  protected TableRestore create(TableRestore restore) {
    return resources.create(restore);
  }

  protected TableRestore getRestore(String name) {
    return resources.getRestore(name);
  }

  protected TableRestore awaitRestore(String name, Predicate<TableRestore> condition) {
    return resources.awaitRestore(name, condition);
  }

  protected TableRestore awaitPhase(String name, RestorePhase phase) {
    return resources.awaitPhase(name, phase);
  }

  /** A GET of the metrics port. */
  protected HttpResponse<String> httpGet(String path) throws IOException, InterruptedException {
    return get(operator.httpPort(), path);
  }

  /** A GET of the probe port (/healthz, /readyz). */
  protected HttpResponse<String> probeGet(String path) throws IOException, InterruptedException {
    return get(operator.probePort(), path);
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  protected PrometheusText scrapeMetrics() throws IOException, InterruptedException {
    return PrometheusText.parse(httpGet("/metrics").body());
  }

  protected List<Event> events(String name) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && name.equals(e.getRegarding().getName()))
        .toList();
  }

  protected Event awaitEvent(String name, String reason) {
    await().atMost(STATUS_TIMEOUT).until(() -> events(name).stream().anyMatch(e -> reason.equals(e.getReason())));
    return events(name).stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow();
  }
}
