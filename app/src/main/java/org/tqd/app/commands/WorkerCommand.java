package org.tqd.app.commands;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.app.ConsoleHost;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.worker.TqdWorker;
import org.tqd.worker.WorkerSettings;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tqd worker}: the Temporal worker service. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Temporal worker: TicketWorkflow and ledger activities on task queue tqd-tickets,"
          + " TDX actions on tqd-tdx (rate-limited by the server).",
      "Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS*, DATABASE_URL, TDX_*,"
          + " TQD_TDX_RATE_LIMIT, TQD_TDX_CONCURRENCY, TQD_TICKET_CONCURRENCY, TQD_METRICS_PORT,"
          + " TQD_SHUTDOWN_GRACE.",
      "With TQD_CONSOLE_PORT set, the worker also serves the operator console (as tqd console:"
          + " the operator page, /api/v1/, /metrics, the codec endpoint) on that port, for the"
          + " pipelines of --pipeline (or TQD_PIPELINE, else the standard pipeline); the console's"
          + " other settings are those of tqd console. Unset, it serves no console.",
      "SIGTERM stops polling and lets in-flight activities finish within the grace period;"
          + " the console stops with it."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Option(
      names = "--max-runs-before-park",
      paramLabel = "N",
      defaultValue = "3",
      description = "Failed runs after which an action is parked (default ${DEFAULT-VALUE}).")
  int maxRunsBeforePark = TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK;

  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Checks.atLeast(maxRunsBeforePark, 1, "--max-runs-before-park");
    Settings settings = Settings.load();
    String consolePort = settings.get("TQD_CONSOLE_PORT");
    ConsoleHost.Config consoleConfig = null;
    List<PipelineDefinition> consolePipelines = null;
    if (consolePort != null && !consolePort.isBlank()) {
      consoleConfig = ConsoleHost.Config.load(settings);
      consolePipelines = ConsoleHost.withEnvironmentReport(pipeline.loadAll(settings), settings);
    } else if (pipeline.file != null) {
      log.warn(
          "--pipeline names the pipelines of the console the worker hosts; without"
              + " TQD_CONSOLE_PORT it serves no console, so the file is not read");
    }
    Services services = new Services(settings);
    services.checkSettings(true);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<ConsoleHost> console = new AtomicReference<>();
    try {
      WorkerSettings workerSettings = services.workerSettings();
      services.tdxForActivities();
      services.openLedgerAndTemporal();
      if (services.temporalEmbedded()) {
        log.warn(
            "no TEMPORAL_ADDRESS: this worker serves its own embedded test server, which nothing"
                + " else can reach unless told its address; set TEMPORAL_ADDRESS for real use");
      }
      TqdWorker worker = services.startWorker(workerSettings, maxRunsBeforePark);
      services.serveMetrics(workerSettings.metricsPort(), worker::isHealthy);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    closeConsole(console);
                    services.close();
                    log.info("Worker shutdown complete");
                    stopped.countDown();
                  },
                  "tqd-worker-stop"));
      if (consoleConfig != null) {
        // last, once the worker runs and SIGTERM stops both: a console that answers means a
        // worker that works
        ConsoleHost host = ConsoleHost.start(services, consoleConfig, consolePipelines);
        console.set(host);
        log.info(
            "the worker hosts the operator console on http://{}:{} (TQD_CONSOLE_PORT)",
            consoleConfig.console().host(),
            host.port());
      }
      stopped.await();
      return ExitCodes.OK;
    } finally {
      closeConsole(console);
      services.close();
    }
  }

  private static void closeConsole(AtomicReference<ConsoleHost> console) {
    ConsoleHost host = console.getAndSet(null);
    if (host != null) {
      host.close();
    }
  }
}
