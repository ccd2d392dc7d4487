package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.app.Main;
import org.tqd.app.Settings;
import org.tqd.sandbox.TdxSandbox;

/**
 * {@code tqd worker} with {@code TQD_CONSOLE_PORT} set serves the operator console in its own
 * process, on its own Temporal client, ledger and codec keys; without it, no console. The worker
 * runs as a command (in a thread, and once as its own JVM for SIGTERM) against the TDX sandbox, a
 * real PostgreSQL and the worker's embedded Temporal test server.
 */
class WorkerConsoleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static E2ePostgres postgres;
  private static String databaseUrl;
  private static TdxSandbox sandbox;

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    postgres = E2ePostgres.start();
    databaseUrl = postgres.newDatabase();
    sandbox = Scenario.sandbox(5, 41).build().start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void restore() {
    Settings.override(null);
  }

  private Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("HOME", dir.toString());
    env.put("TDX_BASE_URL", sandbox.baseUrl());
    env.put("TDX_BEID", sandbox.beid().toString());
    env.put("TDX_WEB_SERVICES_KEY", sandbox.webServicesKey().toString());
    env.put("TDX_TICKET_APP_ID", Integer.toString(sandbox.ticketAppId()));
    env.put("TDX_APP_ID", Integer.toString(sandbox.assetAppId()));
    env.put("TQD_METRICS_PORT", "-1");
    env.put("TQD_CODEC_KEYS_FILE", Scenario.testKeysFile());
    env.putAll(more);
    return env;
  }

  private int run(Map<String, String> more, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    Settings.override(Settings.of(env(more)));
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Runs {@code tqd worker ...} in a thread; interrupting it stops the worker as a signal does. */
  private Thread worker(Map<String, String> more, AtomicInteger exit, String... args) {
    Settings.override(Settings.of(env(more)));
    String[] argv = new String[args.length + 1];
    argv[0] = "worker";
    System.arraycopy(args, 0, argv, 1, args.length);
    StringWriter sink = new StringWriter();
    Thread t =
        new Thread(
            () ->
                exit.set(
                    Main.execute(argv, new PrintWriter(sink, true), new PrintWriter(sink, true))),
            "worker-under-test");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first answer of the path once the port listens, within two minutes. */
  private static HttpResponse<String> await(int port, String path, Thread or) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return get(port, path, null);
      } catch (ConnectException notYet) {
        if (or != null && !or.isAlive()) {
          throw new AssertionError("the worker ended before serving port " + port);
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nothing answered on port " + port + " within two minutes");
  }

  private String viewerToken(String name) {
    assertThat(run(Map.of(), "console", "token", "create", "--name", name, "--role", "viewer"))
        .as(err.toString())
        .isZero();
    List<String> lines = out.toString().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void theWorkerServesTheConsoleWhenTqdConsolePortIsSet() throws Exception {
    String token = viewerToken("worker-console-viewer");
    Path pipelines = dir.resolve("pipelines.yaml");
    Files.writeString(
        pipelines,
        "pipelines:\n"
            + "  - name: laptops\n    report_id: 1\n    actions: [{type: summary_comment}]\n"
            + "  - name: printers\n    report_id: 2\n    actions: [{type: summary_comment}]\n");
    int port = freePort();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread worker =
        worker(
            Map.of("TQD_CONSOLE_PORT", Integer.toString(port)),
            exit,
            "--pipeline",
            pipelines.toString());
    try {
      HttpResponse<String> anonymous = await(port, "/api/v1/queues", worker);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(anonymous.body()).at("/error/code").asText())
          .isEqualTo("UNAUTHENTICATED");

      HttpResponse<String> viewer = get(port, "/api/v1/queues", token);
      assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
      JsonNode queues = JSON.readTree(viewer.body()).get("queues");
      assertThat(queues.findValuesAsText("pipeline")).containsExactly("laptops", "printers");

      HttpResponse<String> metrics = get(port, "/metrics", null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("tqd_api_requests_total");
    } finally {
      worker.interrupt();
      worker.join(60_000);
    }
    assertThat(worker.isAlive()).as("the worker stopped").isFalse();
    assertThat(listening(port)).as("the console stopped with the worker").isFalse();
  }

  @Test
  void withoutTqdConsolePortNothingListens() throws Exception {
    int consolePort = freePort();
    int metricsPort = freePort();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread worker = worker(Map.of("TQD_METRICS_PORT", Integer.toString(metricsPort)), exit);
    try {
      // the worker is up once its /health answers
      HttpResponse<String> health = await(metricsPort, "/health", worker);
      assertThat(health.statusCode()).isIn(200, 503);
      assertThat(listening(consolePort)).as("no console on " + consolePort).isFalse();
    } finally {
      worker.interrupt();
      worker.join(60_000);
    }
  }

  @Test
  void badConsoleSettingsStopTheWorkerWithExit2BeforeItStarts() throws Exception {
    int metricsPort = freePort();
    assertThat(
            run(
                Map.of(
                    "TQD_CONSOLE_PORT", "70000", "TQD_METRICS_PORT", Integer.toString(metricsPort)),
                "worker"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("TQD_CONSOLE_PORT", "70000");
    assertThat(listening(metricsPort)).as("the worker's metrics never started").isFalse();

    assertThat(
            run(
                Map.of(
                    "TQD_CONSOLE_PORT", Integer.toString(freePort()),
                    "TQD_OIDC_ISSUER", "https://login.example.edu",
                    "TQD_OIDC_CLIENT_ID", "tqd-console",
                    "TQD_OIDC_CLIENT_SECRET", "never-printed-secret",
                    "TQD_OIDC_ROLE_MAP", "it-helpdesk=superuser"),
                "worker"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("TQD_OIDC_ROLE_MAP", "it-helpdesk=superuser")
        .doesNotContain("never-printed-secret");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "report_id: [\n");
    assertThat(
            run(
                Map.of("TQD_CONSOLE_PORT", Integer.toString(freePort())),
                "worker",
                "--pipeline",
                broken.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("broken.yaml");

    assertThat(
            run(
                Map.of(
                    "TQD_CONSOLE_PORT", Integer.toString(freePort()),
                    "DAEMON_REPORT_ID", "report-1344",
                    "TQD_METRICS_PORT", Integer.toString(metricsPort)),
                "worker"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("DAEMON_REPORT_ID", "report-1344");
    assertThat(listening(metricsPort)).as("the worker's metrics never started").isFalse();
  }

  @Test
  void aConsolePortInUseStopsTheWholeWorker() throws Exception {
    int metricsPort = freePort();
    try (ServerSocket taken = new ServerSocket(0)) {
      int exit =
          run(
              Map.of(
                  "TQD_CONSOLE_PORT", Integer.toString(taken.getLocalPort()),
                  "TQD_METRICS_PORT", Integer.toString(metricsPort)),
              "worker");
      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .contains("cannot serve the console", "TQD_CONSOLE_PORT")
          .contains(Integer.toString(taken.getLocalPort()));
    }
    assertThat(listening(metricsPort)).as("the worker's metrics stopped with it").isFalse();
  }

  @Test
  void helpNamesTheConsoleSetting() {
    assertThat(run(Map.of(), "worker", "--help")).isZero();
    assertThat(out.toString()).contains("TQD_CONSOLE_PORT", "--pipeline", "tqd console");
  }

  @Test
  void sigtermStopsTheWorkerAndItsConsole() throws Exception {
    int port = freePort();
    Path log = dir.resolve("worker.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "worker"));
    Map<String, String> penv = pb.environment();
    penv.keySet().removeIf(k -> k.startsWith("TDX_") || k.startsWith("TEMPORAL_"));
    penv.keySet().removeIf(k -> k.startsWith("TQD_"));
    penv.putAll(env(Map.of("TQD_CONSOLE_PORT", Integer.toString(port))));
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process worker = pb.start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      HttpResponse<String> anonymous = null;
      while (anonymous == null && System.nanoTime() < deadline && worker.isAlive()) {
        try {
          anonymous = get(port, "/api/v1/queues", null);
        } catch (ConnectException notYet) {
          Thread.sleep(100);
        }
      }
      String started = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(anonymous).as("the console answered; output:%n%s", started).isNotNull();
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(started)
          .contains("the worker hosts the operator console on http://127.0.0.1:" + port);

      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(output).contains("Worker shutdown complete").doesNotContain("Exception in thread");
      assertThat(listening(port)).as("the console stopped with the worker").isFalse();
    } finally {
      worker.destroyForcibly();
      worker.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
