package org.tqd.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /health} ({@code 200 UP}
 * while the worker is running, {@code 503 DOWN} before it starts and while it shuts down). The
 * JDK's built-in HTTP server is enough for two read-only endpoints and keeps the worker free of a
 * web framework.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  public MetricsServer(int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on port "
              + port
              + " ("
              + e.getMessage()
              + "); set TQD_METRICS_PORT to a free port, or -1 to disable",
          e);
    }
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "tqd-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health",
        ex -> {
          boolean up = healthy.getAsBoolean();
          respond(
              ex,
              up ? 200 : 503,
              "application/json",
              up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    server.start();
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
