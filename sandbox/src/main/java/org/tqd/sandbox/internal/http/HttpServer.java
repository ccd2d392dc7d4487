package org.tqd.sandbox.internal.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The Javalin (Jetty 12) front of the sandbox: one catch-all handler that turns each request into
 * an {@link ApiRequest}, lets the {@link Pipeline} answer it and writes the {@link ApiResponse},
 * after its delay if it has one (without holding a server thread while waiting).
 *
 * <p>Jetty 12 rejects ambiguous paths such as {@code api//reports/1} by default; TDX clients send
 * them, so URI compliance is relaxed to {@link UriCompliance#LEGACY} and the servlet layer decodes
 * ambiguous URIs.
 */
public final class HttpServer implements AutoCloseable {

  private static final HandlerType[] METHODS = {
    HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE
  };

  private final Pipeline pipeline;
  private final ScheduledExecutorService delays;
  private Javalin app;

  public HttpServer(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.delays =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tdx-sandbox-delays");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one) and returns the port. */
  public int start(String host, int port) {
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.asyncTimeout = 0;
              cfg.jetty.modifyHttpConfiguration(
                  h -> {
                    h.setUriCompliance(UriCompliance.LEGACY);
                    h.setSendServerVersion(false);
                  });
              cfg.jetty.modifyServletContextHandler(
                  h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
              for (HandlerType method : METHODS) {
                cfg.routes.addHttpHandler(method, "/*", this::serve);
                cfg.routes.addHttpHandler(method, "/", this::serve);
              }
            });
    app.start(host, port);
    return app.port();
  }

  private void serve(Context ctx) {
    ApiRequest request =
        ApiRequest.of(
            ctx.method().name(),
            ctx.req().getRequestURI(),
            ctx.queryString(),
            ctx::header,
            ctx.bodyAsBytes(),
            ctx.contentType(),
            ctx.ip());
    ApiResponse response = pipeline.handle(request);
    if (response.delayMillis() <= 0) {
      write(ctx, response);
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    delays.schedule(() -> done.complete(null), response.delayMillis(), TimeUnit.MILLISECONDS);
    ctx.future(() -> done.thenRun(() -> write(ctx, response)));
  }

  private static void write(Context ctx, ApiResponse response) {
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    if (response.contentType() != null) {
      ctx.contentType(response.contentType());
    }
    ctx.result(response.body());
  }

  /** Stops the server; requests in flight are abandoned. */
  @Override
  public void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
    delays.shutdownNow();
  }
}
