package org.tqd.console;

import io.javalin.Javalin;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.console.auth.AuthException;
import org.tqd.console.web.SecurityHeaders;

/**
 * The operator console's HTTP server (Javalin on Jetty, as the sandbox): the codec endpoint for the
 * Temporal Web UI and CLI today, the operator API of {@code /api/v1/} as further {@link
 * ConsoleRoutes}. Every route authenticates its caller through the console's {@code Authenticator};
 * refusals are JSON ({@link ApiErrors}). Browsers of the origins in {@link
 * ConsoleSettings#corsOrigins()} may call it with credentials (CORS). Every response carries the
 * {@link SecurityHeaders}.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

  private final ConsoleSettings settings;
  private final List<ConsoleRoutes> routes;
  private Javalin app;

  public ConsoleServer(ConsoleSettings settings, List<ConsoleRoutes> routes) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routes = List.copyOf(routes);
  }

  /**
   * Starts listening and returns the port.
   *
   * @throws IllegalStateException when the port cannot be bound; the message names the setting
   */
  public synchronized int start() {
    Javalin server =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
              List<String> origins = settings.corsOrigins();
              if (!origins.isEmpty()) {
                cfg.bundledPlugins.enableCors(
                    cors ->
                        cors.addRule(
                            rule -> {
                              rule.allowHost(
                                  origins.get(0),
                                  origins.subList(1, origins.size()).toArray(String[]::new));
                              rule.allowCredentials = true;
                              // only the codec endpoint: another origin must never read the
                              // page's session (its CSRF token) or call the API with its cookie
                              rule.path = "/codec/*";
                              rule.maxAge = 600;
                            }));
              }
              cfg.routes.before(SecurityHeaders::apply);
              cfg.routes.exception(AuthException.class, (e, ctx) -> ApiErrors.write(ctx, e));
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      ApiErrors.write(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.path());
                    }
                  });
              for (ConsoleRoutes r : routes) {
                r.register(cfg.routes);
              }
            });
    try {
      server.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      server.stop();
      throw new IllegalStateException(
          "cannot serve the console on "
              + settings.host()
              + ":"
              + settings.port()
              + " ("
              + rootMessage(e)
              + "); set TQD_CONSOLE_PORT (or --port) to a free port",
          e);
    }
    app = server;
    log.info(
        "console on http://{}:{} (codec endpoint /codec/encode, /codec/decode){}",
        settings.host(),
        server.port(),
        settings.corsOrigins().isEmpty() ? "" : "; CORS for " + settings.corsOrigins());
    return server.port();
  }

  /** The bound port (after {@link #start()}). */
  public synchronized int port() {
    return app == null ? -1 : app.port();
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
