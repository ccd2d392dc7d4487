package org.tqd.bench;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.workflows.pipeline.PipelineDefinition;

/**
 * tqd as {@code tqd run} assembles it, in this process: a TDX sandbox, the app's {@link Services}
 * (embedded Temporal test server unless a Temporal address is given, embedded PostgreSQL in a
 * temporary directory), a worker (unless it runs in a process of its own) and the poller of {@code
 * tqd run} ({@link Services#poller}: the ledger decides, the asset and ticket indexes are synced
 * before a poll starts tickets). Closing it stops everything and deletes the database directory.
 */
final class Harness implements AutoCloseable {

  /**
   * What to assemble.
   *
   * @param tickets queue tickets the sandbox generates into its report
   * @param seed sandbox data seed
   * @param limits the sandbox's rate limits
   * @param tdxRate {@code TQD_TDX_RATE_LIMIT} in activities per second of this process's clock; 0
   *     leaves it unset (no ceiling, as tqd's default)
   * @param tdxConcurrency {@code TQD_TDX_CONCURRENCY}
   * @param emulateQueueRate whether to enforce {@code tdxRate} in the worker (see {@link
   *     RateEmulatingWorker}) because the test server ignores the task-queue rate
   * @param pipeline the pipeline the poller starts
   * @param temporalAddress a Temporal server to use, or null for the embedded test server
   * @param inProcessWorker whether to run the worker in this process (false: another process runs
   *     it against {@link #databaseUrl()})
   */
  record Options(
      int tickets,
      long seed,
      RateLimits limits,
      double tdxRate,
      int tdxConcurrency,
      boolean emulateQueueRate,
      PipelineDefinition pipeline,
      String temporalAddress,
      boolean inProcessWorker) {

    Options(
        int tickets,
        long seed,
        RateLimits limits,
        double tdxRate,
        int tdxConcurrency,
        boolean emulateQueueRate,
        PipelineDefinition pipeline) {
      this(tickets, seed, limits, tdxRate, tdxConcurrency, emulateQueueRate, pipeline, null, true);
    }
  }

  final TdxSandbox sandbox;
  final Services services;
  final ReportPoller poller;
  final PipelineDefinition pipeline;
  final Map<String, String> env;
  private final Path pgDir;
  private final AutoCloseable worker;

  private Harness(
      TdxSandbox sandbox,
      Services services,
      ReportPoller poller,
      PipelineDefinition pipeline,
      Map<String, String> env,
      Path pgDir,
      AutoCloseable worker) {
    this.env = env;
    this.sandbox = sandbox;
    this.services = services;
    this.poller = poller;
    this.pipeline = pipeline;
    this.pgDir = pgDir;
    this.worker = worker;
  }

  static Harness start(Options o) throws IOException {
    Path pgDir = Files.createTempDirectory("tqd-bench-pg");
    TdxSandbox sandbox = null;
    Services services = null;
    try {
      sandbox =
          TdxSandbox.builder()
              .tickets(o.tickets())
              .seed(o.seed())
              .rateLimits(o.limits())
              .build()
              .start();
      Map<String, String> env = sandbox.tqdSettings();
      env.put("TQD_EMBEDDED_PG_DIR", pgDir.toString());
      env.put("TQD_EMBEDDED_PG_PORT", Integer.toString(freePort()));
      if (o.tdxRate() > 0) {
        env.put("TQD_TDX_RATE_LIMIT", Double.toString(o.tdxRate()));
      }
      if (o.temporalAddress() != null) {
        env.put("TEMPORAL_ADDRESS", o.temporalAddress());
      }
      env.put("TQD_TDX_CONCURRENCY", Integer.toString(o.tdxConcurrency()));
      env.put("TQD_METRICS_PORT", "-1");
      Services wired = new Services(Settings.of(env));
      services = wired;
      wired.ledger();
      var client = wired.client();
      int park = o.pipeline().maxRunsBeforePark();
      AutoCloseable worker =
          !o.inProcessWorker()
              ? () -> {}
              : o.emulateQueueRate() && o.tdxRate() > 0
                  ? RateEmulatingWorker.start(
                      client, wired.activities(park), wired.workerSettings(), o.tdxRate())
                  : wired.startWorker(wired.workerSettings(), park);
      ReportPoller poller =
          wired.poller(
              StarterOptions.newBuilder(sandbox.reportId(), o.pipeline().pipeline())
                  .setMaxRunsBeforePark(park)
                  .setWorkflowExecutionTimeout(Duration.ofHours(2))
                  .build(),
              null);
      return new Harness(sandbox, wired, poller, o.pipeline(), env, pgDir, worker);
    } catch (RuntimeException | IOException e) {
      if (services != null) {
        services.close();
      }
      if (sandbox != null) {
        sandbox.close();
      }
      deleteTree(pgDir);
      throw e;
    }
  }

  /** The ledger database's URL, for a worker in another process. */
  String databaseUrl() {
    return "jdbc:postgresql://localhost:" + env.get("TQD_EMBEDDED_PG_PORT") + "/tqd?user=postgres";
  }

  /** 429 answers the tqd clients of this process received, per method template. */
  Map<String, Long> rateLimitedByMethod() {
    Map<String, Long> out = new TreeMap<>();
    for (var meter : services.registry().find("tqd_tdx_calls").tag("status", "429").counters()) {
      out.merge(meter.getId().getTag("method"), (long) meter.count(), Long::sum);
    }
    return out;
  }

  /** All 429 answers the tqd clients of this process received. */
  long rateLimited() {
    Counter c = services.registry().find("tqd_tdx_rate_limited").counter();
    return c == null ? 0 : (long) c.count();
  }

  @Override
  public void close() {
    try {
      worker.close();
    } catch (Exception e) {
      System.err.println("bench: stopping the worker: " + e);
    }
    services.close();
    sandbox.close();
    deleteTree(pgDir);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; what is left is the operating system's to clean
    }
  }
}
