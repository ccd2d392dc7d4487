package org.tqd.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.actions.ActionActivitiesImpl;
import org.tqd.activities.actions.ActionJournal;
import org.tqd.activities.actions.ActionSettings;
import org.tqd.activities.actions.LedgerActivitiesImpl;
import org.tqd.activities.actions.TicketActivitiesImpl;
import org.tqd.activities.actions.UndoActivitiesImpl;
import org.tqd.activities.actions.WriteGate;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.DatabaseUrl;
import org.tqd.activities.ledger.EmbeddedLedgerDatabase;
import org.tqd.activities.ledger.LedgerRetention;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.activities.ledger.WriteBudget;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.starter.LedgerWorkTracker;
import org.tqd.starter.PauseCheck;
import org.tqd.starter.PollListener;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.tdx.RateLimitMode;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.worker.ActivityImplementations;
import org.tqd.worker.MetricsServer;
import org.tqd.worker.TemporalClients;
import org.tqd.worker.TemporalConnectionConfig;
import org.tqd.worker.TemporalUnavailableException;
import org.tqd.worker.TqdWorker;
import org.tqd.worker.WorkerSettings;
import org.tqd.worker.WorkerVersioning;
import org.tqd.worker.codec.CodecKeys;
import org.tqd.worker.codec.PayloadEncryption;

/**
 * Wires tqd's parts from the settings, once, in the order a command needs them, and closes them in
 * reverse order. Each part is created on first use, so a command that needs only the ledger never
 * connects to Temporal or TDX.
 */
public final class Services implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Services.class);

  /** Default port of the embedded PostgreSQL, shared by tqd processes on one machine. */
  public static final int DEFAULT_EMBEDDED_PG_PORT = 54329;

  private final Settings settings;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  // The ledger and Temporal have their own locks, so that openLedgerAndTemporal() can start both at
  // once; everything else is guarded by this object.
  private final Object databaseLock = new Object();
  private final Object temporalLock = new Object();
  private PrometheusMeterRegistry registry;
  // volatile: stopTdxWaits() reads them from a shutdown hook without taking this object's lock
  private volatile TdxClient tdxForActivities;
  private volatile TdxClient tdxForCommands;
  private Database database;
  private ActionLedger ledger;
  private SyncedAssetIndex assetIndex;
  private SyncedTicketIndex ticketIndex;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private EmbeddedTemporal embeddedTemporal;
  private String namespace;
  private TemporalConnectionConfig temporalConfig;
  private boolean temporalConfigRead;
  private CodecKeys codecKeys;

  public Services(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** The metrics registry of this process (Prometheus). */
  public synchronized PrometheusMeterRegistry registry() {
    if (registry == null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
    return registry;
  }

  /** The TDX client for activities: a 429 surfaces at once, so Temporal retries at the reset. */
  public synchronized TdxClient tdxForActivities() {
    if (tdxForActivities == null) {
      tdxForActivities = tdx(RateLimitMode.SURFACE);
    }
    return tdxForActivities;
  }

  /**
   * The TDX client for the poller and commands: a 429 waits for the reset, a bounded number of
   * times.
   */
  public synchronized TdxClient tdxForCommands() {
    if (tdxForCommands == null) {
      tdxForCommands = tdx(RateLimitMode.WAIT);
    }
    return tdxForCommands;
  }

  private TdxClient tdx(RateLimitMode mode) {
    TdxClientConfig config;
    try {
      config =
          TdxClientConfig.fromEnvironment(settings.asMap())
              .rateLimitMode(mode)
              .listener(this::countTdxCall)
              .build();
    } catch (IllegalArgumentException e) {
      throw UserError.config(
          e.getMessage()
              + "\nRequired: TDX_BASE_URL, TDX_APP_ID, and one of TDX_BEID+TDX_WEB_SERVICES_KEY,"
              + " TDX_USERNAME+TDX_PASSWORD, or TDX_API_TOKEN (in the environment or .env).");
    }
    return new TdxClient(config);
  }

  /**
   * Ends every TDX wait of this process at once (see {@link TdxClient#close()}): a call waiting for
   * a rate-limit window or after a 429 fails now instead of sitting out the window, so a SIGTERM
   * during such a wait ends the process within seconds. Calls that need no wait still go out, so
   * activities that can finish in the worker's grace period do. Safe from any thread, without
   * waiting for the main thread.
   */
  public void stopTdxWaits() {
    TdxClient activities = tdxForActivities;
    TdxClient commands = tdxForCommands;
    if (commands != null) {
      commands.close();
    }
    if (activities != null) {
      activities.close();
    }
  }

  private void countTdxCall(String method, int status, long nanos) {
    Counter.builder("tqd_tdx_calls")
        .description("TDX Web API calls by method template and HTTP status (0: no response)")
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .register(registry())
        .increment();
    if (status == 429) {
      Counter.builder("tqd_tdx_rate_limited").register(registry()).increment();
    }
  }

  /** The ledger database: {@code DATABASE_URL}, or the embedded PostgreSQL; migrated. */
  public Database database() {
    synchronized (databaseLock) {
      return openDatabase();
    }
  }

  private Database openDatabase() {
    if (database == null) {
      DatabaseUrl url;
      String configured = settings.get("DATABASE_URL");
      if (configured != null) {
        try {
          url = DatabaseUrl.parse(configured);
        } catch (IllegalArgumentException e) {
          throw UserError.config("DATABASE_URL is invalid: " + e.getMessage());
        }
      } else {
        url = embeddedDatabase();
      }
      try {
        database = Database.connect(url);
        register(database);
        database.migrate();
      } catch (RuntimeException e) {
        throw UserError.runtime(
            "cannot use the ledger database "
                + url.redacted()
                + ": "
                + e.getMessage()
                + (configured != null ? " (check DATABASE_URL)" : ""),
            e);
      }
    }
    return database;
  }

  private DatabaseUrl embeddedDatabase() {
    String configuredDir = settings.get("TQD_EMBEDDED_PG_DIR");
    String home = settings.get("HOME");
    Path dir =
        configuredDir != null
            ? Path.of(configuredDir)
            : EmbeddedLedgerDatabase.defaultDataDirectory(home);
    Integer port = embeddedDatabasePort();
    int p = port == null ? DEFAULT_EMBEDDED_PG_PORT : port;
    try {
      // Before anything starts: a directory of another PostgreSQL major version (or an earlier
      // default directory holding a ledger) is a configuration problem, exit 2, which systemd's
      // RestartPreventExitStatus=2 does not restart in a loop.
      EmbeddedLedgerDatabase.checkDataDirectory(
          dir, configuredDir == null ? EmbeddedLedgerDatabase.legacyDataDirectory(home) : null);
      EmbeddedLedgerDatabase embedded = EmbeddedLedgerDatabase.start(dir, p);
      register(embedded);
      log.info(
          "ledger: embedded PostgreSQL {} in {} on port {} (set DATABASE_URL for a real"
              + " database)",
          EmbeddedLedgerDatabase.MAJOR_VERSION,
          dir,
          embedded.port());
      return embedded.databaseUrl();
    } catch (EmbeddedLedgerDatabase.IncompatibleDataException e) {
      throw UserError.config(e.getMessage());
    } catch (EmbeddedLedgerDatabase.InUseException e) {
      // Another tqd process on this machine runs the embedded database: share it.
      log.info("ledger: using the embedded PostgreSQL of another tqd process on port {}", p);
      return DatabaseUrl.parse("jdbc:postgresql://localhost:" + p + "/tqd?user=postgres");
    } catch (IllegalStateException e) {
      throw UserError.runtime(e.getMessage(), e);
    }
  }

  /** {@code TQD_EMBEDDED_PG_PORT}, checked; null when unset. */
  public Integer embeddedDatabasePort() {
    return settings.getInt("TQD_EMBEDDED_PG_PORT", 1, 65535, "a port from 1 to 65535");
  }

  /**
   * Opens the ledger database and connects to Temporal, as a command that needs both does first:
   * with the embedded test server, both start at the same time (PostgreSQL's start and the test
   * server's are each a second or more); with a configured frontend, the ledger first. A failure of
   * either is reported as {@link #database()} or {@link #client()} reports it, the ledger's first.
   */
  public void openLedgerAndTemporal() {
    if (!temporalEmbedded()) {
      // A Temporal frontend elsewhere: connecting costs little, and its deadline must not be
      // spent while this JVM is still busy starting the ledger (on a loaded machine that made a
      // reachable frontend look unreachable).
      ledger();
      client();
      return;
    }
    CompletableFuture<WorkflowClient> temporal = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                temporal.complete(client());
              } catch (Throwable e) {
                temporal.completeExceptionally(e);
              }
            },
            "tqd-temporal-start");
    starter.setDaemon(true);
    starter.start();
    try {
      ledger();
    } finally {
      // Whatever the ledger did, the Temporal start ends (and registers what it opened) first.
      try {
        temporal.join();
      } catch (CompletionException | CancellationException e) {
        // Reported below, or superseded by the ledger's failure.
      }
    }
    try {
      temporal.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The action ledger. */
  public ActionLedger ledger() {
    Database db = database();
    synchronized (this) {
      if (ledger == null) {
        ledger = new ActionLedger(db.jdbi());
      }
      return ledger;
    }
  }

  /** The kill switch ({@code tqd pause}/{@code tqd resume}) in the ledger's database. */
  public synchronized PauseSwitch pauseSwitch() {
    return new PauseSwitch(database().jdbi());
  }

  /** The kill switch as the starter asks it: one line saying who paused what, and why. */
  public PauseCheck pauseCheck() {
    PauseSwitch pauses = pauseSwitch();
    return name ->
        pauses
            .pauseOf(name)
            .map(
                p ->
                    (p.global() ? "every pipeline" : "pipeline " + p.scope())
                        + " paused by "
                        + p.pausedBy()
                        + " at "
                        + p.pausedAt()
                        + (p.reason() == null ? "" : ": " + p.reason()));
  }

  /** The personal-data purge of the ledger's database. */
  public synchronized LedgerRetention retention() {
    return new LedgerRetention(database().jdbi());
  }

  /** {@code TQD_RETENTION_DAYS}, checked; null when unset (personal data is kept). */
  public Integer retentionDays() {
    return settings.getInt("TQD_RETENTION_DAYS", 1, 36_500, "a number of days from 1 to 36500");
  }

  /**
   * Purges personal data once a day when {@code TQD_RETENTION_DAYS} is set (see {@link
   * RetentionSchedule}); stopped on close.
   */
  public void scheduleRetention() {
    Integer days = retentionDays();
    if (days == null) {
      return;
    }
    RetentionSchedule schedule = new RetentionSchedule(retention(), days).start();
    synchronized (this) {
      register(schedule);
    }
  }

  /** The computer index add_asset looks identifiers up in, synced from TDX. */
  public synchronized SyncedAssetIndex assetIndex() {
    if (assetIndex == null) {
      assetIndex =
          new SyncedAssetIndex(
              tdxForActivities(),
              new AssetIndex(database().jdbi()),
              SyncedAssetIndex.Options.defaults(),
              Clock.systemUTC());
    }
    return assetIndex;
  }

  /**
   * The active tickets and their computers, which find_active_tickets reads, synced from TDX once
   * per poll.
   */
  public synchronized SyncedTicketIndex ticketIndex() {
    if (ticketIndex == null) {
      ticketIndex =
          new SyncedTicketIndex(
              tdxForActivities(),
              new TicketIndex(database().jdbi()),
              SyncedTicketIndex.Options.defaults(),
              Clock.systemUTC());
    }
    return ticketIndex;
  }

  /**
   * The report poller of {@code tqd run}: the ledger decides which tickets need work, and the asset
   * and ticket indexes are synced with TDX before any is started (see {@link
   * IndexRefreshingTracker}).
   *
   * @param listener told about every poll (metrics), or null
   */
  public ReportPoller poller(StarterOptions options, PollListener listener) {
    return new ReportPoller(
        client(),
        tdxForCommands(),
        new SightingTracker(
            new IndexRefreshingTracker(
                new LedgerWorkTracker(ledger()), assetIndex(), ticketIndexForPoller()),
            retention()),
        options,
        null,
        listener);
  }

  /** The ticket index on the poller's TDX client (a 429 waits for the reset instead of failing). */
  private synchronized SyncedTicketIndex ticketIndexForPoller() {
    return new SyncedTicketIndex(
        tdxForCommands(),
        new TicketIndex(database().jdbi()),
        SyncedTicketIndex.Options.defaults(),
        Clock.systemUTC());
  }

  /**
   * True when neither {@code TEMPORAL_ADDRESS} nor a Temporal config profile names a frontend, so
   * this process runs its own test server.
   */
  public boolean temporalEmbedded() {
    return temporalConfig() == null;
  }

  /** The namespace workflows run in. */
  public String namespace() {
    TemporalConnectionConfig config = temporalConfig();
    if (config != null) {
      return config.namespace();
    }
    String ns = settings.get("TEMPORAL_NAMESPACE");
    return ns == null ? TemporalConnectionConfig.DEFAULT_NAMESPACE : ns;
  }

  /**
   * The Temporal connection settings (Temporal's names and config profiles, read once; deprecated
   * names are warned about once), checked; null when no address is configured.
   */
  public synchronized TemporalConnectionConfig temporalConfig() {
    if (!temporalConfigRead) {
      try {
        temporalConfig =
            TemporalConnectionConfig.fromEnvironment(settings.asMap(), w -> log.warn("{}", w));
      } catch (IllegalArgumentException e) {
        throw UserError.config(e.getMessage());
      }
      temporalConfigRead = true;
    }
    return temporalConfig;
  }

  /**
   * Checks, before anything starts, the settings a command that reaches Temporal reads: {@code
   * TEMPORAL_*}, the payload codec's keys ({@code TQD_CODEC_*}) and, for the embedded PostgreSQL,
   * {@code TQD_EMBEDDED_PG_PORT}; and, when {@code worker} is true, the worker's {@code TQD_*}
   * settings.
   */
  public void checkSettings(boolean worker) {
    temporalConfig();
    codecKeys();
    retentionDays();
    embeddedDatabasePort();
    if (worker) {
      workerSettings();
    }
  }

  /**
   * The keys of the payload codec ({@code TQD_CODEC_KEYS_FILE}, {@code TQD_CODEC_KEY_ID}; see
   * {@link PayloadEncryption}), read once.
   */
  public synchronized CodecKeys codecKeys() {
    if (codecKeys == null) {
      try {
        codecKeys = PayloadEncryption.keys(settings.asMap());
      } catch (IllegalArgumentException e) {
        throw UserError.config(e.getMessage());
      } catch (UncheckedIOException e) {
        throw UserError.runtime(e.getMessage() + "; set " + PayloadEncryption.KEYS_FILE, e);
      }
      log.debug("codec: {}", codecKeys);
    }
    return codecKeys;
  }

  /**
   * The Temporal client: {@code TEMPORAL_ADDRESS}, or an embedded test server. Its payloads (and
   * those of every worker made from it) are encrypted with {@link #codecKeys()}.
   */
  public WorkflowClient client() {
    synchronized (temporalLock) {
      return openClient();
    }
  }

  private WorkflowClient openClient() {
    if (client == null) {
      TemporalConnectionConfig config = temporalConfig();
      DataConverter converter = PayloadEncryption.dataConverter(codecKeys());
      if (config == null) {
        embeddedTemporal = EmbeddedTemporal.start(0);
        register(embeddedTemporal);
        config = TemporalConnectionConfig.plain(embeddedTemporal.address(), namespace());
      }
      try {
        stubs =
            TemporalClients.connect(
                config,
                embeddedTemporal == null ? null : embeddedTemporal.channel(),
                registry(),
                Duration.ofSeconds(10));
      } catch (TemporalUnavailableException e) {
        throw UserError.runtime(e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw UserError.config(e.getMessage());
      }
      log.info("Temporal: {}", config);
      WorkflowServiceStubs s = stubs;
      register(() -> s.shutdown());
      namespace = config.namespace();
      SearchAttributes.ensureRegistered(stubs, namespace);
      client = TemporalClients.client(stubs, namespace, converter);
    }
    return client;
  }

  /** The activity implementations of this process. */
  public ActivityImplementations activities(int maxRunsBeforePark) {
    TdxClient tdx = tdxForActivities();
    ActionLedger l = ledger();
    return new ActivityImplementations(
        new ActionActivitiesImpl(
                tdx,
                l,
                new ActionJournal(database().jdbi()),
                assetIndex(),
                ticketIndex(),
                ActionSettings.forTdx(tdx.config().baseUrl(), tdx.config().ticketAppId()),
                Clock.systemUTC(),
                maxRunsBeforePark,
                org.tqd.activities.notify.Notifications.of(
                    settings.asMap(), null, java.time.Duration.ofSeconds(1)))
            .withWriteGate(
                new WriteGate(
                    pauseSwitch(), new WriteBudget(database().jdbi()), maxRunsBeforePark)),
        new TicketActivitiesImpl(tdx, Clock.systemUTC()),
        new LedgerActivitiesImpl(l, maxRunsBeforePark),
        new UndoActivitiesImpl(tdx, l, Clock.systemUTC(), new TicketIndex(database().jdbi())));
  }

  /** Starts a worker in this process; it stops (draining in-flight activities) on close. */
  public TqdWorker startWorker(WorkerSettings workerSettings, int maxRunsBeforePark) {
    io.temporal.worker.WorkerDeploymentOptions deployment;
    try {
      deployment = WorkerVersioning.fromEnvironment(settings.asMap()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw UserError.config(e.getMessage());
    }
    TqdWorker worker =
        new TqdWorker(
            client(), activities(maxRunsBeforePark), workerSettings, registry(), deployment);
    register(worker);
    worker.start();
    return worker;
  }

  /** Serves /metrics and /health on the port (unless it is -1); stopped on close. */
  public MetricsServer serveMetrics(int port, java.util.function.BooleanSupplier healthy) {
    if (port < 0) {
      return null;
    }
    String address = settings.get("TQD_METRICS_ADDRESS");
    MetricsServer server = new MetricsServer(address, port, registry(), healthy);
    register(server);
    log.info(
        "metrics on http://{}:{}/metrics, health on /health",
        address == null || address.isBlank() ? "0.0.0.0" : address.strip(),
        server.port());
    return server;
  }

  /** The settings of the worker, from the environment. */
  public WorkerSettings workerSettings() {
    try {
      return WorkerSettings.fromEnvironment(settings.asMap());
    } catch (IllegalArgumentException e) {
      throw UserError.config(e.getMessage());
    }
  }

  /** Ends the TDX waits, then closes what was opened, newest first. */
  @Override
  public void close() {
    stopTdxWaits();
    closeAll();
  }

  /** Closes the part when this object closes, after the parts registered later. */
  private void register(AutoCloseable part) {
    synchronized (closeables) {
      closeables.push(part);
    }
  }

  private void closeAll() {
    while (true) {
      AutoCloseable c;
      synchronized (closeables) {
        if (closeables.isEmpty()) {
          return;
        }
        c = closeables.pop();
      }
      try {
        c.close();
      } catch (Exception e) {
        log.warn("while shutting down: {}", e.toString());
      }
    }
  }
}
