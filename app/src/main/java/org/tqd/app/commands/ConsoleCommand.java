package org.tqd.app.commands;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.AuditLog;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.activities.ledger.QueueOverview;
import org.tqd.app.ConsoleHost;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.console.ConsoleSettings;
import org.tqd.console.api.OperatorApi;
import org.tqd.console.api.OperatorService;
import org.tqd.console.api.OperatorService.PauseControl;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.Role;
import org.tqd.console.auth.TokenStore;
import org.tqd.workflows.pipeline.PipelineDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tqd console [--port P]}: the operator console's HTTP server, today the codec endpoint of
 * the Temporal Web UI and CLI; {@code tqd console token create|list|revoke}: its bearer tokens.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the operator console: the operator API under /api/v1/ (queues, tickets, plan, run,"
          + " retry, cancel, undo, pause, resume, audit; see docs/operator-api.md), /metrics, and the codec endpoint (POST /codec/decode, /codec/encode) that"
          + " lets the Temporal Web UI and the temporal CLI show tqd's encrypted payloads to"
          + " authorised operators.",
      "Callers send 'Authorization: Bearer <token>': a console token (tqd console token create)"
          + " or an OIDC token of TQD_OIDC_ISSUER.",
      "Environment: TQD_CONSOLE_PORT (default 9470), TQD_CONSOLE_HOST (default 127.0.0.1),"
          + " TQD_CODEC_CORS_ORIGINS, TQD_CODEC_KEYS_FILE, TQD_CODEC_KEY_ID, TQD_OIDC_ISSUER,"
          + " TQD_OIDC_AUDIENCE, TQD_OIDC_ROLE_CLAIM, TQD_OIDC_DEFAULT_ROLE, TEMPORAL_NAMESPACE,"
          + " DATABASE_URL.",
      "The operator page is at / (docs/operator-page.md). People sign in with OIDC when"
          + " TQD_OIDC_CLIENT_ID is set: TQD_OIDC_CLIENT_SECRET, TQD_OIDC_GROUPS_CLAIM (default"
          + " groups), TQD_OIDC_ROLE_MAP (e.g. it-helpdesk=operator,it-admins=admin,*=viewer),"
          + " TQD_OIDC_SCOPES, TQD_CONSOLE_URL, TQD_CONSOLE_COOKIE_SECURE,"
          + " TQD_CONSOLE_SESSION_MINUTES, TQD_CONSOLE_SESSION_IDLE_MINUTES."
    },
    subcommands = {ConsoleCommand.Token.class},
    footer = ExitCodes.HELP_FOOTER)
public final class ConsoleCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ConsoleCommand.class);

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port to listen on (default: TQD_CONSOLE_PORT, else 9470; 0 picks one).")
  Integer port;

  @Mixin PipelineOptions pipeline;
  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    if (port != null) {
      Checks.atLeast(port, 0, "--port");
      if (port > 65535) {
        throw UserError.config("--port must be a port from 0 to 65535, got " + port);
      }
    }
    Settings settings = Settings.load();
    ConsoleHost.Config config = ConsoleHost.Config.load(settings);
    if (port != null) {
      config = config.withPort(port);
    }
    Services services = new Services(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    ConsoleHost host = null;
    try {
      List<PipelineDefinition> defs =
          ConsoleHost.withEnvironmentReport(pipeline.loadAll(settings), settings);
      int maxRuns = defs.stream().mapToInt(PipelineDefinition::maxRunsBeforePark).max().orElse(3);
      if (services.temporalEmbedded()) {
        log.warn(
            "no TEMPORAL_ADDRESS: the console runs its own embedded Temporal test server and a"
                + " worker in this process; set TEMPORAL_ADDRESS to act on a real cluster");
        services.tdxForActivities();
        services.startWorker(services.workerSettings().withMetricsPort(-1), maxRuns);
      }
      ConsoleHost started = ConsoleHost.start(services, config, defs);
      host = started;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    services.close();
                    stopped.countDown();
                  },
                  "tqd-console-stop"));
      stopped.await();
      return ExitCodes.OK;
    } finally {
      if (host != null) {
        host.close();
      }
      services.close();
    }
  }

  /** The operator API of {@code /api/v1/}, wired from the process's services. */
  public static OperatorApi operatorApi(
      Services services,
      ConsoleSettings consoleSettings,
      Authenticator auth,
      List<PipelineDefinition> pipelines) {
    return new OperatorApi(
        operatorService(services, pipelines),
        new AuditLog(services.database().jdbi()),
        auth::authorize,
        services.registry());
  }

  /** What the operator API and the operator commands do, wired from the process's services. */
  public static OperatorService operatorService(
      Services services, List<PipelineDefinition> pipelines) {
    Settings settings = services.settings();
    Integer ticketApp;
    try {
      ticketApp = settings.getInt("TDX_TICKET_APP_ID", 1, Integer.MAX_VALUE, "an application ID");
    } catch (RuntimeException e) {
      ticketApp = null;
    }
    PauseSwitch pauses = services.pauseSwitch();
    return new OperatorService(
        services::client,
        services.ledger(),
        new QueueOverview(services.database().jdbi()),
        pipelines,
        new OperatorService.Links(
            settings.get("TDX_BASE_URL"),
            settings.get("TQD_TEMPORAL_UI_URL"),
            ticketApp == null ? 46 : ticketApp,
            services.namespace()),
        new PauseControl() {
          @Override
          public boolean isPaused(String pipelineName) {
            return pauses.isPaused(pipelineName);
          }

          @Override
          public void pause(String pipelineName, String actor, String reason) {
            pauses.pause(pipelineName, actor, reason);
          }

          @Override
          public void resume(String pipelineName, String actor, String reason) {
            pauses.resume(pipelineName, actor, reason);
          }
        });
  }

  /** {@code tqd console token create|list|revoke}. */
  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Create, list and revoke the console's bearer tokens (DATABASE_URL).",
      subcommands = {Token.Create.class, Token.ListTokens.class, Token.Revoke.class},
      footer = ExitCodes.HELP_FOOTER)
  static final class Token implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "say 'create', 'list' or 'revoke'");
    }

    /** Creates a token and prints it once, as the last line. */
    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
          "Create a bearer token. It is printed once, as the last line of output; the database"
              + " keeps only its SHA-256.",
          "Roles: viewer (read, decode payloads), operator (also plan, run, retry, cancel, encode"
              + " payloads), admin (also undo, pause, resume, clear failed, tokens)."
        },
        footer = ExitCodes.HELP_FOOTER)
    static final class Create implements Callable<Integer> {
      @Option(
          names = "--name",
          required = true,
          paramLabel = "N",
          description = "Who or what holds the token.")
      String name;

      @Option(
          names = "--role",
          required = true,
          paramLabel = "R",
          description = "viewer, operator or admin.")
      String role;

      @Mixin LoggingOptions logging;
      @Spec picocli.CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        logging.apply();
        Role r;
        try {
          r = Role.of(role);
        } catch (IllegalArgumentException e) {
          throw UserError.config("--role: " + e.getMessage());
        }
        try (Services services = new Services(Settings.load())) {
          TokenStore.NewToken created;
          try {
            created =
                new TokenStore(services.database().jdbi())
                    .create(name, r, System.getProperty("user.name"));
          } catch (IllegalArgumentException e) {
            throw UserError.config(e.getMessage());
          }
          PrintWriter out = spec.commandLine().getOut();
          out.printf(
              "Created console token %d '%s' with role %s. It is shown once, below; keep it"
                  + " secret (send it as 'Authorization: Bearer <token>').%n",
              created.info().id(), created.info().name(), r.wireName());
          out.println(created.token());
          out.flush();
          return ExitCodes.OK;
        }
      }
    }

    /** Lists tokens without their secrets. */
    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the console's tokens (never the tokens themselves).",
        footer = ExitCodes.HELP_FOOTER)
    static final class ListTokens implements Callable<Integer> {
      @Mixin LoggingOptions logging;
      @Spec picocli.CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        logging.apply();
        try (Services services = new Services(Settings.load())) {
          List<TokenStore.TokenInfo> tokens = new TokenStore(services.database().jdbi()).list();
          PrintWriter out = spec.commandLine().getOut();
          out.printf(
              "%-6s %-24s %-9s %-8s %-20s %-20s %s%n",
              "id", "name", "role", "state", "created", "last used", "created by");
          for (TokenStore.TokenInfo t : tokens) {
            out.printf(
                "%-6d %-24s %-9s %-8s %-20s %-20s %s%n",
                t.id(),
                t.name(),
                t.role().wireName(),
                t.revokedAt() == null ? "live" : "revoked",
                minute(t.createdAt()),
                minute(t.lastUsedAt()),
                t.createdBy() == null ? "" : t.createdBy());
          }
          out.flush();
          return ExitCodes.OK;
        }
      }

      private static String minute(Instant t) {
        return t == null ? "-" : t.toString().substring(0, 16).replace('T', ' ');
      }
    }

    /** Revokes a token by name or ID. */
    @Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke a live token, named by its name or ID; it stops working at once.",
        footer = ExitCodes.HELP_FOOTER)
    static final class Revoke implements Callable<Integer> {
      @Parameters(paramLabel = "NAME_OR_ID", description = "The token's name or ID.")
      String nameOrId;

      @Mixin LoggingOptions logging;
      @Spec picocli.CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        logging.apply();
        try (Services services = new Services(Settings.load())) {
          TokenStore.TokenInfo revoked =
              new TokenStore(services.database().jdbi())
                  .revoke(nameOrId)
                  .orElseThrow(
                      () ->
                          new UserError(
                              ExitCodes.RUNTIME_FAILURE,
                              "no live console token is named or numbered '"
                                  + nameOrId
                                  + "' (tqd console token list)"));
          spec.commandLine()
              .getOut()
              .printf("Revoked console token %d '%s'.%n", revoked.id(), revoked.name());
          spec.commandLine().getOut().flush();
          return ExitCodes.OK;
        }
      }
    }
  }
}
