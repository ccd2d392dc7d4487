package org.tqd.app;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.app.commands.ConsoleCommand;
import org.tqd.console.ConsoleServer;
import org.tqd.console.ConsoleSettings;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.OidcSettings;
import org.tqd.console.auth.OidcSignIn;
import org.tqd.console.auth.OidcVerifier;
import org.tqd.console.auth.SessionSettings;
import org.tqd.console.auth.SessionStore;
import org.tqd.console.auth.TokenStore;
import org.tqd.console.codec.CodecEndpoint;
import org.tqd.console.web.OperatorPage;
import org.tqd.console.web.SignInRoutes;
import org.tqd.worker.codec.AesGcmPayloadCodec;
import org.tqd.workflows.pipeline.PipelineDefinition;

/**
 * The operator console served from a process's {@link Services}: the codec endpoint, the operator
 * API under {@code /api/v1/}, OIDC sign-in, the operator page and {@code /metrics}. {@code tqd
 * console} serves it alone; {@code tqd worker} serves it beside the worker when {@code
 * TQD_CONSOLE_PORT} is set.
 */
public final class ConsoleHost implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleHost.class);

  /**
   * The console's settings, read and checked before anything starts.
   *
   * @param console where it listens ({@code TQD_CONSOLE_PORT}, {@code TQD_CONSOLE_HOST}, ...)
   * @param oidc OIDC tokens and sign-in, or null when {@code TQD_OIDC_ISSUER} is unset
   * @param sessions the sign-in sessions' lifetimes
   */
  public record Config(ConsoleSettings console, OidcSettings oidc, SessionSettings sessions) {

    /**
     * The settings of the environment.
     *
     * @throws UserError a configuration error (exit 2) naming the malformed setting
     */
    public static Config load(Settings settings) {
      try {
        return new Config(
            ConsoleSettings.fromEnvironment(settings.asMap()),
            OidcSettings.fromEnvironment(settings.asMap()),
            SessionSettings.fromEnvironment(settings.asMap()));
      } catch (IllegalArgumentException e) {
        throw UserError.config(e.getMessage());
      }
    }

    /** These settings on another port. */
    public Config withPort(int port) {
      return new Config(console.withPort(port), oidc, sessions);
    }
  }

  private final ConsoleServer server;

  /**
   * The pipelines with {@code DAEMON_REPORT_ID} given to a file of one pipeline without a {@code
   * report_id}, as {@code tqd run} polls it, so the queues overview names the report before the
   * first poll has recorded it. Called where a command loads its pipelines, before anything starts:
   * a malformed {@code DAEMON_REPORT_ID} is a configuration error (exit 2).
   */
  public static List<PipelineDefinition> withEnvironmentReport(
      List<PipelineDefinition> pipelines, Settings settings) {
    if (pipelines.size() != 1
        || pipelines.get(0).reportId() != null
        || pipelines.get(0).name() != null) {
      return pipelines;
    }
    Integer report = settings.getInt("DAEMON_REPORT_ID");
    return report == null || report <= 0
        ? pipelines
        : List.of(pipelines.get(0).withReportId(report));
  }

  private ConsoleHost(ConsoleServer server) {
    this.server = server;
  }

  /**
   * Starts the console on the services' Temporal client, ledger and codec keys.
   *
   * @throws UserError a runtime error (exit 1) when the port cannot be bound
   */
  public static ConsoleHost start(
      Services services, Config config, List<PipelineDefinition> pipelines) {
    ConsoleSettings consoleSettings = config.console();
    OidcSettings oidc = config.oidc();
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(services.codecKeys());
    Authenticator auth =
        new Authenticator(
            new TokenStore(services.database().jdbi()),
            oidc == null ? null : new OidcVerifier(oidc),
            new SessionStore(config.sessions(), Clock.systemUTC()),
            Clock.systemUTC());
    OidcSignIn signIn =
        oidc != null && oidc.signInEnabled() ? new OidcSignIn(oidc, Clock.systemUTC()) : null;
    ConsoleServer server =
        new ConsoleServer(
            consoleSettings,
            List.of(
                new CodecEndpoint(codec, auth, consoleSettings.namespace()),
                ConsoleCommand.operatorApi(services, consoleSettings, auth, pipelines),
                new SignInRoutes(signIn, auth),
                new OperatorPage(),
                routes ->
                    routes.get(
                        "/metrics",
                        ctx -> {
                          ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                          ctx.result(services.registry().scrape());
                        })));
    try {
      server.start();
    } catch (IllegalStateException e) {
      throw UserError.runtime(e.getMessage(), e);
    }
    log.info(
        "codec: encrypting with key {} of {}; OIDC tokens {}",
        codec.keys().encryptionKeyId(),
        codec.keys().source(),
        oidc == null ? "not accepted (TQD_OIDC_ISSUER unset)" : "of " + oidc.issuer());
    return new ConsoleHost(server);
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** Stops serving; safe to call more than once. */
  @Override
  public void close() {
    server.close();
  }
}
