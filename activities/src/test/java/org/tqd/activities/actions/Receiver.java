package org.tqd.activities.actions;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP receiver standing in for a webhook, Slack, Teams or the Telegram bot API: it records
 * every request (path, headers, body) and answers with the statuses queued, then 200.
 */
final class Receiver implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          int status;
          synchronized (statuses) {
            status = statuses.isEmpty() ? 200 : statuses.poll();
          }
          byte[] answer =
              (status == 200 ? "ok" : "{\"error\":\"no\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  /** The base URL, such as {@code http://127.0.0.1:40123}. */
  String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** Answers the next requests with these statuses. */
  void answer(Integer... next) {
    synchronized (statuses) {
      statuses.addAll(List.of(next));
    }
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  void clear() {
    received.clear();
    synchronized (statuses) {
      statuses.clear();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
