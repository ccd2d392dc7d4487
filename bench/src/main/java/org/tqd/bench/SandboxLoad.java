package org.tqd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the TDX sandbox: logs in with the service account, reads the ticket IDs of the
 * queue report, then lets {@code concurrency} threads issue {@code GET tickets/{id}} for random
 * tickets over keep-alive HTTP/1.1 connections for {@code seconds} seconds (after a warm-up), and
 * prints requests per second, error count and latency percentiles.
 *
 * <p>Usage: {@code SandboxLoad ENV_FILE [concurrency=32] [seconds=20] [warmupSeconds=5]
 * [serverPid]}, where ENV_FILE holds the {@code KEY=VALUE} lines printed by {@code SandboxMain};
 * with the server's PID it also reports the server's CPU time per request (from /proc, 100
 * ticks/s).
 *
 * <p>The load threads use {@link RawHttp}, a minimal keep-alive HTTP/1.1 client, so that the
 * client, which shares the machine's cores with the server, costs as little CPU as possible.
 */
public final class SandboxLoad {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SandboxLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SandboxLoad ENV_FILE [concurrency] [seconds] [warmupSeconds]");
      System.exit(2);
    }
    Map<String, String> env = readEnv(Path.of(args[0]));
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String serverPid = args.length > 4 ? args[4] : null;
    String base = env.get("TDX_BASE_URL");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String token = login(client, base, env);
    int app = Integer.parseInt(env.get("TDX_TICKET_APP_ID"));
    int[] tickets = reportTickets(client, base, token, env.get("DAEMON_REPORT_ID"));
    System.out.printf(
        Locale.ROOT,
        "tickets in report: %d, concurrency: %d, warm-up %d s, measured %d s%n",
        tickets.length,
        concurrency,
        warmup,
        seconds);
    run(base, token, app, tickets, concurrency, warmup, false);
    long cpuBefore = serverPid == null ? 0 : cpuMillis(serverPid);
    Result r = run(base, token, app, tickets, concurrency, seconds, true);
    long cpu = serverPid == null ? 0 : cpuMillis(serverPid) - cpuBefore;
    System.out.printf(
        Locale.ROOT,
        "GET tickets/{id}: %d requests in %.1f s = %.0f requests/s; non-200: %d; latency p50 %.2f ms,"
            + " p99 %.2f ms, max %.2f ms%n",
        r.count,
        r.seconds,
        r.count / r.seconds,
        r.errors,
        r.p50,
        r.p99,
        r.max);
    if (serverPid != null) {
      System.out.printf(
          Locale.ROOT,
          "server CPU time: %d ms for %d requests = %.3f ms per request (%.0f requests per"
              + " CPU-second)%n",
          cpu,
          r.count,
          (double) cpu / r.count,
          r.count / (cpu / 1000.0));
    }
  }

  /** User plus system CPU time of a process from /proc, in milliseconds (Linux). */
  private static long cpuMillis(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10;
  }

  private record Result(
      long count, long errors, double seconds, double p50, double p99, double max) {}

  private static Result run(
      String base,
      String token,
      int app,
      int[] tickets,
      int concurrency,
      int seconds,
      boolean measure)
      throws InterruptedException {
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      long[] mine = new long[2_000_000];
      latencies.add(mine);
      int slot = i;
      Thread t =
          new Thread(
              () -> {
                int n = 0;
                try (RawHttp http = new RawHttp(base, token)) {
                  while (System.nanoTime() < end) {
                    int id = tickets[ThreadLocalRandom.current().nextInt(tickets.length)];
                    long t0 = System.nanoTime();
                    if (http.get("/" + app + "/tickets/" + id) != 200) {
                      errors.incrementAndGet();
                    }
                    if (n < mine.length) {
                      mine[n++] = System.nanoTime() - t0;
                    }
                    count.incrementAndGet();
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                }
                latencies.set(slot, Arrays.copyOf(mine, n));
              },
              "load-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!measure) {
      return null;
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        count.get(),
        errors.get(),
        elapsed,
        percentile(all, 0.50),
        percentile(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  private static String login(HttpClient client, String base, Map<String, String> env)
      throws IOException, InterruptedException {
    String body =
        "{\"BEID\":\""
            + env.get("TDX_BEID")
            + "\",\"WebServicesKey\":\""
            + env.get("TDX_WEB_SERVICES_KEY")
            + "\"}";
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/auth/loginadmin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login failed with HTTP " + r.statusCode());
    }
    return r.body().trim().replace("\"", "");
  }

  private static int[] reportTickets(HttpClient client, String base, String token, String report)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/reports/" + report + "?withData=true"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode rows = JSON.readTree(r.body()).get("DataRows");
    int[] ids = new int[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).get("TicketID").asInt();
    }
    return ids;
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return env;
  }
}
