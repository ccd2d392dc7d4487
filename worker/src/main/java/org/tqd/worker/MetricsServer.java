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
    this(null, port, registry, healthy);
  }

  /**
   * @param address the address to bind (e.g. {@code 127.0.0.1} to keep metrics off the network);
   *     null or blank for every interface
   */
  public MetricsServer(
      String address, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
    try {
      server =
          HttpServer.create(
              address == null || address.isBlank()
                  ? new InetSocketAddress(port)
                  : new InetSocketAddress(address.strip(), port),
              0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on "
              + (address == null || address.isBlank() ? "" : address.strip() + ":")
              + "port "
              + port
              + " ("
              + e.getMessage()
              + "); set TQD_METRICS_PORT to a free port, or -1 to disable, and"
              + " TQD_METRICS_ADDRESS to an address of this host",
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
