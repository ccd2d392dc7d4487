package org.tqd.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.starter.PollResult;
import org.tqd.starter.ReportPoller;
import org.tqd.starter.StarterOptions;
import org.tqd.starter.TicketOutcome;
import org.tqd.worker.codec.CodecKeys;
import org.tqd.workflows.action.Pipeline;

/**
 * One end-to-end setup, wired as {@code tqd run} wires it: a TDX sandbox, the app's {@link
 * Services} (an embedded Temporal test server of its own, because no {@code TEMPORAL_ADDRESS} is
 * set, and the ledger in a fresh PostgreSQL database), a worker, and the {@link ReportPoller} of
 * {@link Services#poller}.
 */
final class Scenario implements AutoCloseable {

  /**
   * TDX's documented limits are multiplied by this in the sandbox (and the worker's TDX activity
   * rate with them), so that hundreds of tickets take seconds instead of minutes. Pacing from the
   * rate-limit headers is still exercised; its behaviour at the real limits is tested in tdx/.
   */
  static final double LIMIT_SCALE = 20;

  /** Time one poll's workflows get to finish. */
  static final Duration AWAIT = Duration.ofMinutes(3);

  final TdxSandbox sandbox;
  final Services services;
  private final int maxRunsBeforePark;

  Scenario(TdxSandbox sandbox, String databaseUrl, int maxRunsBeforePark) {
    this(sandbox, databaseUrl, maxRunsBeforePark, Map.of());
  }

  /**
   * As {@link #Scenario(TdxSandbox, String, int)}, with more settings (they win over the defaults).
   */
  Scenario(
      TdxSandbox sandbox, String databaseUrl, int maxRunsBeforePark, Map<String, String> more) {
    this.sandbox = sandbox;
    this.maxRunsBeforePark = maxRunsBeforePark;
    Map<String, String> env = sandbox.tqdSettings();
    env.put("DATABASE_URL", databaseUrl);
    env.put("TQD_TDX_CONCURRENCY", "16");
    env.put("TQD_METRICS_PORT", "-1");
    env.put("TQD_CODEC_KEYS_FILE", testKeysFile());
    env.putAll(more);
    this.services = new Services(Settings.of(env));
  }

  /** One payload codec keys file for the test JVM (not the user's default one). */
  static synchronized String testKeysFile() {
    if (keysFile == null) {
      try {
        Path dir = Files.createTempDirectory("tqd-e2e-codec");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("codec-keys");
        CodecKeys.addKey(file, "e2e");
        file.toFile().deleteOnExit();
        keysFile = file.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return keysFile;
  }

  private static String keysFile;

  /** A sandbox with the scaled limits. */
  static TdxSandbox.Builder sandbox(int tickets, long seed) {
    return TdxSandbox.builder()
        .tickets(tickets)
        .seed(seed)
        .rateLimits(new RateLimits(true, LIMIT_SCALE, null));
  }

  /** Migrates the ledger, connects to Temporal and starts the worker. */
  Scenario start() {
    services.ledger();
    services.client();
    services.startWorker(services.workerSettings(), maxRunsBeforePark);
    return this;
  }

  /** A poller of the sandbox's report with this pipeline. */
  ReportPoller poller(Pipeline pipeline, boolean dryRun) {
    StarterOptions options =
        StarterOptions.newBuilder(sandbox.reportId(), pipeline)
            .setDryRun(dryRun)
            .setMaxRunsBeforePark(maxRunsBeforePark)
            .build();
    return services.poller(options, null);
  }

  /** Polls once and waits for the workflows the poll started. */
  static Round round(ReportPoller poller) {
    PollResult poll = poller.pollOnce();
    List<TicketOutcome> outcomes =
        poll.error() == null ? poller.awaitOutcomes(poll, AWAIT) : List.of();
    return new Round(poll, outcomes);
  }

  record Round(PollResult poll, List<TicketOutcome> outcomes) {}

  /** The state of every ticket in the sandbox, by ticket ID. */
  Map<Integer, TicketState> states() {
    Map<Integer, TicketState> out = new TreeMap<>();
    for (TicketState s : sandbox.states()) {
      out.put(s.ticketId(), s);
    }
    return out;
  }

  /** Asset IDs linked to the ticket now and not before, ascending. */
  List<Integer> added(int ticketId, Map<Integer, TicketState> before) {
    List<Integer> now = new ArrayList<>(sandbox.state(ticketId).assetIds());
    now.removeAll(before.get(ticketId).assetIds());
    now.sort(null);
    return now;
  }

  /** Feed entries of the ticket that are automation summaries. */
  long summaries(int ticketId) {
    return sandbox.state(ticketId).feed().stream()
        .filter(f -> f.body() != null && f.body().contains("Automated Actions Summary"))
        .count();
  }

  /**
   * Calls since the last reset that change TDX: every POST, PATCH, PUT, DELETE but logins and
   * searches.
   */
  Map<String, Long> writeCalls() {
    Map<String, Long> writes = new TreeMap<>();
    sandbox
        .calls()
        .forEach(
            (template, n) -> {
              if (isWrite(template)) {
                writes.put(template, n);
              }
            });
    return writes;
  }

  static boolean isWrite(String template) {
    if (template.startsWith("GET ")) {
      return false;
    }
    String path = template.substring(template.indexOf(' ') + 1);
    return !(path.startsWith("auth") || path.endsWith("search"));
  }

  /** Answers with status 200 the TDX client of this process got for a method template. */
  long okAnswers(String template) {
    return Math.round(
        services
            .registry()
            .find("tqd_tdx_calls")
            .tag("method", template)
            .tag("status", "200")
            .counters()
            .stream()
            .mapToDouble(c -> c.count())
            .sum());
  }

  @Override
  public void close() {
    try {
      services.close();
    } finally {
      sandbox.close();
    }
  }
}
