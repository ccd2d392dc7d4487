package org.tqd.app.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.QueueOverview;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.starter.MicrometerPollMetrics;
import org.tqd.starter.OutcomeTable;
import org.tqd.starter.PauseCheck;
import org.tqd.starter.PollHealth;
import org.tqd.starter.PollListener;
import org.tqd.starter.PollResult;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd run}: the starter, with the Python daemon's flags and environment variables. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Poll the report and start one workflow per ticket with work left. With a pipelines: file,"
          + " poll every enabled pipeline's report, each at its own interval.",
      "Without TEMPORAL_ADDRESS, runs an embedded Temporal test server and a worker in this"
          + " process too (development), and waits for the poll's workflows before exiting.",
      "Environment: DAEMON_REPORT_ID, DAEMON_INTERVAL, DAEMON_DRY_RUN, TQD_PIPELINE,"
          + " TQD_RECHECK_INTERVAL, TQD_STARTER_METRICS_PORT, TQD_RETENTION_DAYS (daemon: daily"
          + " purge), TQD_CODEC_*, TDX_*, DATABASE_URL, TEMPORAL_*; see the README."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  /**
   * Default metrics port of {@code tqd run --daemon} (the worker's is 9464), so that a starter and
   * a worker sharing one settings file never ask for the same port.
   */
  static final int DEFAULT_METRICS_PORT = 9465;

  /** The starter's own metrics port setting; {@code TQD_METRICS_PORT} is the worker's. */
  static final String METRICS_PORT_SETTING = "TQD_STARTER_METRICS_PORT";

  @Option(
      names = "--report-id",
      paramLabel = "ID",
      description =
          "Report to poll (default: DAEMON_REPORT_ID, then pipeline.yaml's report_id). Not allowed"
              + " with a pipelines: file, whose pipelines name their reports.")
  Integer reportId;

  @Option(
      names = "--daemon",
      description = "Poll for ever, every --interval seconds (default: once).")
  boolean daemon;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      description =
          "Seconds between polls in daemon mode (default: a pipeline's interval:, else"
              + " DAEMON_INTERVAL, else 300; given here, it overrides every pipeline's).")
  Integer interval;

  @Option(
      names = "--recheck-interval",
      paramLabel = "SECONDS",
      description =
          "How often a ticket waiting for a condition that its report row cannot show is evaluated"
              + " again (default: TQD_RECHECK_INTERVAL, else 6 poll intervals).")
  Integer recheckInterval;

  @Option(
      names = "--dry-run",
      description =
          "Plan only: read TDX and report what would be written; write nothing (also DAEMON_DRY_RUN=true).")
  boolean dryRun;

  @Option(
      names = "--wait",
      description = "Wait for this poll's workflows and print each ticket's outcome.")
  boolean await;

  @Option(
      names = "--wait-timeout",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description = "How long --wait waits (default ${DEFAULT-VALUE}).")
  long waitTimeout;

  @Option(
      names = "--ticket-column",
      paramLabel = "NAME",
      defaultValue = "TicketID",
      description = "Report column holding the ticket ID (default ${DEFAULT-VALUE}).")
  String ticketColumn;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics and /health on this port: 1 to 65535, 0 any free port, -1 none. Daemon"
              + " mode: default TQD_STARTER_METRICS_PORT, else 9465. A single poll serves none"
              + " unless this is given.")
  Integer metricsPort;

  @Option(
      names = "--json",
      description = "With --wait (or without TEMPORAL_ADDRESS): print the outcomes as JSON.")
  boolean json;

  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Checks.seconds(waitTimeout, "--wait-timeout");
    Checks.nonBlank(
        ticketColumn, "--ticket-column", "name the report column that holds ticket IDs (TicketID)");
    Settings settings = Settings.load();
    PipelineFile file = pipeline.loadFile(settings);
    List<Polled> polled = plan(file, settings);
    boolean dry = dryRun || settings.getBoolean("DAEMON_DRY_RUN");
    int port = metricsPort(daemon, metricsPort, settings);
    int maxRunsBeforePark = polled.get(0).def().maxRunsBeforePark();

    Services services = new Services(settings);
    // Every setting is checked before anything starts, so that a bad one costs nothing.
    services.checkSettings(services.temporalEmbedded());
    try {
      if (dry) {
        log.info("*** DRY RUN MODE - No changes will be made ***");
      }
      if (daemon && !file.multi()) {
        log.info(
            "*** DAEMON MODE - Polling every {} seconds ***", polled.get(0).every().toSeconds());
      } else if (daemon) {
        log.info("*** DAEMON MODE - Polling {} pipelines ***", polled.size());
      }
      // Configuration, the ledger and Temporal first, so that each fails with its own message.
      services.tdxForCommands();
      services.openLedgerAndTemporal();
      boolean embedded = services.temporalEmbedded();
      if (embedded) {
        log.info("no TEMPORAL_ADDRESS: running an embedded Temporal test server and a worker here");
        services.startWorker(services.workerSettings().withMetricsPort(-1), maxRunsBeforePark);
      }
      PauseCheck pauses = services.pauseCheck();
      List<ReportPoller> pollers = new ArrayList<>();
      List<PollHealth> healths = new ArrayList<>();
      for (Polled p : polled) {
        // /health: DOWN while the ledger cannot be read and after 3 failed polls in a row.
        PollHealth health =
            new PollHealth(
                new MicrometerPollMetrics(services.registry(), p.report(), p.def().name()),
                PollHealth.DEFAULT_FAILED_POLLS);
        healths.add(health);
        StarterOptions options =
            StarterOptions.newBuilder(p.report(), p.def().pipeline())
                .setIdColumn(ticketColumn)
                .setDryRun(dry)
                .setMaxRunsBeforePark(p.def().maxRunsBeforePark())
                .setInterval(p.every())
                .setRecheckInterval(recheckInterval(settings))
                .setPauseCheck(pauses)
                .build();
        QueueOverview overview = new QueueOverview(services.database().jdbi());
        PollListener listener =
            r -> {
              health.pollFinished(r);
              try {
                java.time.Instant ended = r.startedAt().plus(r.duration());
                overview.recordPoll(
                    p.def().pipeline().pipelineId(),
                    p.report(),
                    r.error() == null ? r.found() : null,
                    ended,
                    daemon ? ended.plus(p.every()) : null,
                    r.error() == null ? null : r.error().message());
              } catch (RuntimeException e) {
                log.warn("could not record the poll for the queues overview: {}", e.getMessage());
              }
            };
        pollers.add(services.poller(options, listener));
        log.info(
            "report {}, pipeline {}{} ({}): {}",
            p.report(),
            p.def().name() == null ? "" : p.def().name() + " ",
            p.def().pipeline().pipelineId(),
            p.def().source(),
            String.join(", ", p.def().pipeline().actionIds()));
      }
      services.serveMetrics(port, () -> healths.stream().allMatch(PollHealth::healthy));

      if (daemon) {
        // SIGTERM: no new starts, the current polls finish, then the in-process worker (if any)
        // drains its activities. The hook must not wait for the main thread: System.exit blocks
        // while hooks run.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      log.info("stopping: finishing the current poll");
                      // A poll waiting after a 429 would otherwise hold the shutdown for a minute.
                      services.stopTdxWaits();
                      pollers.forEach(ReportPoller::stop);
                      try {
                        for (ReportPoller poller : pollers) {
                          poller.stopAndWait(Duration.ofSeconds(60));
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      services.close();
                      log.info("Daemon shutdown complete");
                    },
                    "tqd-stop"));
        services.scheduleRetention();
        runDaemons(pollers);
        return ExitCodes.OK;
      }

      int status = ExitCodes.OK;
      List<PollResult> results = new ArrayList<>();
      for (ReportPoller poller : pollers) {
        PollResult result = poller.pollOnce();
        results.add(result);
        if (result.error() != null) {
          status =
              Math.max(
                  status,
                  result.error().kind() == PollResult.ErrorKind.CONFIGURATION
                      ? ExitCodes.USAGE
                      : ExitCodes.RUNTIME_FAILURE);
        } else if (result.startErrors() > 0) {
          status = Math.max(status, ExitCodes.RUNTIME_FAILURE);
        }
      }
      if (await || embedded) {
        PrintWriter out = spec.commandLine().getOut();
        List<java.util.Map<String, Object>> polls = new ArrayList<>();
        for (int i = 0; i < pollers.size(); i++) {
          if (results.get(i).error() != null) {
            continue;
          }
          if (file.multi() && !json) {
            out.printf("Pipeline %s:%n", polled.get(i).def().name());
          }
          List<TicketOutcome> outcomes =
              pollers.get(i).awaitOutcomes(results.get(i), Duration.ofSeconds(waitTimeout));
          if (json) {
            java.util.Map<String, Object> one = outcomesJson(results.get(i), outcomes);
            one.put("pipeline", polled.get(i).def().name());
            one.put("pipeline_id", polled.get(i).def().pipeline().pipelineId());
            polls.add(one);
          } else {
            for (String line : OutcomeTable.lines(outcomes)) {
              out.println(line);
            }
          }
          if (outcomes.stream().anyMatch(o -> o.status() != TicketOutcome.Status.SUCCEEDED)) {
            status = Math.max(status, ExitCodes.RUNTIME_FAILURE);
          }
        }
        if (json) {
          // one pipeline: its poll; a pipelines: file: every pipeline's poll
          JsonOutput.print(
              out, polls.size() == 1 ? polls.get(0) : java.util.Map.of("polls", polls));
        }
        out.flush();
      }
      return status;
    } finally {
      services.close();
    }
  }

  /** One pipeline to poll: its definition, report and interval. */
  record Polled(PipelineDefinition def, int report, Duration every) {}

  /**
   * The pipelines to poll and how: a file of one pipeline takes its report from {@code
   * --report-id}, {@code DAEMON_REPORT_ID} or the file; a {@code pipelines:} file names each
   * pipeline's report and optional interval, and {@code --report-id} is an error with it.
   */
  private List<Polled> plan(PipelineFile file, Settings settings) {
    Duration every = interval(settings);
    if (!file.multi()) {
      PipelineDefinition def = file.pipelines().get(0);
      return List.of(new Polled(def, reportId(settings, def), every));
    }
    if (reportId != null) {
      throw UserError.config(
          "--report-id cannot be used with "
              + file.source()
              + ": it holds a pipelines: list, and each pipeline names its own report_id there."
              + " Remove --report-id, or point --pipeline at a file of one pipeline");
    }
    Integer env = settings.getInt("DAEMON_REPORT_ID");
    if (env != null && env != 0) {
      log.warn(
          "DAEMON_REPORT_ID={} is ignored: {} holds a pipelines: list, each with its own"
              + " report_id",
          env,
          file.source());
    }
    List<Polled> out = new ArrayList<>();
    for (PipelineDefinition def : file.pipelines()) {
      if (!def.enabled()) {
        log.info("pipeline {} is disabled (enabled: false); not polled", def.name());
        continue;
      }
      out.add(
          new Polled(
              def,
              def.reportId(),
              def.interval() != null && interval == null ? def.interval() : every));
    }
    if (out.isEmpty()) {
      throw UserError.config(
          "every pipeline in "
              + file.source()
              + " is disabled (enabled: false): nothing to poll. Enable one, or stop the"
              + " starter");
    }
    return out;
  }

  /** Runs every poller's daemon loop, each on its own thread, until all have stopped. */
  private static void runDaemons(List<ReportPoller> pollers) throws InterruptedException {
    if (pollers.size() == 1) {
      pollers.get(0).runDaemon();
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (ReportPoller poller : pollers) {
      String name = poller.options().pipeline().name();
      Thread t = new Thread(poller::runDaemon, "tqd-poll-" + name);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /**
   * The port the starter serves metrics on, -1 for none. A daemon serves them on {@code
   * --metrics-port}, else {@code TQD_STARTER_METRICS_PORT}, else {@value #DEFAULT_METRICS_PORT}; a
   * single poll (a cron job, a one-off command beside a running daemon) binds no port unless {@code
   * --metrics-port} asks for one. {@code TQD_METRICS_PORT} is the worker's and is not read here: a
   * worker and a starter that share one settings file (systemd's {@code /etc/tqd/tqd.env}) would
   * otherwise both ask for it.
   */
  static int metricsPort(boolean daemon, Integer option, Settings settings) {
    String range = "a port from 1 to 65535, 0 for any free port or -1 for none";
    if (option != null) {
      if (option < -1 || option > 65535) {
        throw UserError.config("--metrics-port must be " + range + ", got " + option);
      }
      return option;
    }
    Integer configured = settings.getInt(METRICS_PORT_SETTING, -1, 65535, range);
    if (!daemon) {
      return -1;
    }
    return configured == null ? DEFAULT_METRICS_PORT : configured;
  }

  private int reportId(Settings settings, PipelineDefinition def) {
    if (reportId != null) {
      return positive(reportId, "--report-id");
    }
    Integer env = settings.getInt("DAEMON_REPORT_ID");
    if (env != null && env != 0) {
      return positive(env, "DAEMON_REPORT_ID");
    }
    if (def.reportId() != null) {
      return def.reportId();
    }
    throw UserError.config(
        "Report ID not specified. Use --report-id or set DAEMON_REPORT_ID env var"
            + " (or report_id in pipeline.yaml)");
  }

  private Duration interval(Settings settings) {
    Integer seconds = interval != null ? interval : settings.getInt("DAEMON_INTERVAL");
    if (seconds == null) {
      return StarterOptions.DEFAULT_INTERVAL;
    }
    return Duration.ofSeconds(
        positive(seconds, interval != null ? "--interval" : "DAEMON_INTERVAL"));
  }

  /** The recheck interval, or null for the default of 6 poll intervals. */
  private Duration recheckInterval(Settings settings) {
    Integer seconds =
        recheckInterval != null ? recheckInterval : settings.getInt("TQD_RECHECK_INTERVAL");
    if (seconds == null) {
      return null;
    }
    return Duration.ofSeconds(
        positive(seconds, recheckInterval != null ? "--recheck-interval" : "TQD_RECHECK_INTERVAL"));
  }

  private static int positive(int value, String name) {
    if (value <= 0) {
      throw UserError.config(name + " must be a positive integer, got " + value);
    }
    return value;
  }

  static java.util.Map<String, Object> outcomesJson(PollResult poll, List<TicketOutcome> outcomes) {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("report_id", poll.reportId());
    out.put("dry_run", poll.dryRun());
    out.put("found", poll.found());
    out.put("started", poll.started());
    List<java.util.Map<String, Object>> tickets = new java.util.ArrayList<>();
    for (TicketOutcome o : outcomes) {
      java.util.Map<String, Object> t = new java.util.LinkedHashMap<>();
      t.put("ticket_id", o.ticketId());
      t.put("workflow_id", o.workflowId());
      t.put("run_id", o.runId());
      t.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
      t.put("message", o.message());
      List<java.util.Map<String, Object>> actions = new java.util.ArrayList<>();
      for (org.tqd.workflows.activities.ActionResult a : o.actions()) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("action_id", a.actionId());
        m.put("type", a.type());
        m.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", a.message());
        m.put("writes", a.plannedWrites());
        m.put("assets_added", a.assetsAdded());
        actions.add(m);
      }
      t.put("actions", actions);
      tickets.add(t);
    }
    out.put("tickets", tickets);
    return out;
  }
}
