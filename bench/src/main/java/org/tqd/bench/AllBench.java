package org.tqd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.sandbox.Phase;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.starter.PollResult;
import org.tqd.starter.TicketOutcome;
import org.tqd.workflows.action.ActionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every measurement in one run, written to one JSON file with one top-level key per scenario and
 * printed as one table:
 *
 * <ul>
 *   <li>{@code drain}: a fresh queue at TDX's documented limits (shortened windows, the same calls
 *       per window), tqd in production shape (Temporal's standalone test server, {@code tqd worker}
 *       in its own JVM, the starter's poller here): tickets per minute on TDX's clock, the bound
 *       computed from the run's own calls per ticket per method, the share of it reached, 429s,
 *       failed tickets;
 *   <li>{@code baseline}: the same kind of queue drained by {@link DaemonModel}, the Python
 *       daemon's calls one at a time, at the same limits;
 *   <li>{@code calls_per_ticket}: one ticket at a time, limits off, by kind of ticket, for tqd and
 *       the daemon model;
 *   <li>{@code repoll}: a processed report polled again: TDX calls, starts, milliseconds;
 *   <li>{@code overhead}: tickets per second with limits off, against the in-process and the
 *       standalone test server, and the daemon model on the same queue, with its state store in
 *       PostgreSQL ({@link DaemonStateStore}) and, for reference, with its TDX calls only, and the
 *       Python model of the daemon ({@link PythonModel}); each side drains a warm-up queue first;
 *   <li>{@code memory}: the worker JVM's peak RSS and heap after GC during {@code drain}.
 * </ul>
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description = "Every scenario in one run: bench/results/latest.json and a table.")
final class AllBench implements Callable<Integer> {

  @Option(names = "--drain-tickets", defaultValue = "2000")
  int drainTickets;

  @Option(names = "--baseline-tickets", defaultValue = "150")
  int baselineTickets;

  @Option(
      names = "--window",
      defaultValue = "10",
      description = "Rate-limit window in seconds instead of TDX's 60 (calls per window kept).")
  int window;

  @Option(names = "--calls-tickets", defaultValue = "60")
  int callsTickets;

  @Option(names = "--repoll-tickets", defaultValue = "10000")
  int repollTickets;

  @Option(names = "--overhead-tickets", defaultValue = "300")
  int overheadTickets;

  @Option(
      names = "--overhead-warmup",
      defaultValue = "100",
      description =
          "Tickets of a separate warm-up queue each side of the overhead scenario drains first,"
              + " its numbers discarded (0: none).")
  int overheadWarmup;

  @Option(
      names = "--cold-tickets",
      defaultValue = "60",
      description =
          "Tickets of the overhead scenario's cold reading: one `tqd run --wait` process and one"
              + " Python model process each drain a fresh queue, timed from launch to exit (0:"
              + " none).")
  int coldTickets;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--jar", defaultValue = "app/target/tqd.jar")
  Path jar;

  @Option(names = "--worker-opts", defaultValue = "", description = "JVM options of the worker.")
  String workerOpts;

  @Option(names = "--out", defaultValue = "bench/results/latest.json")
  Path out;

  @Option(
      names = "--scenarios",
      split = ",",
      description =
          "Run only these scenarios (e.g. overhead) and print their JSON instead of the table;"
              + " default: all.")
  List<String> scenarios;

  private static final Map<Phase, String> KINDS =
      Map.of(
          Phase.PHASE_1, "named in the title or description",
          Phase.PHASE_2, "only in the conversation",
          Phase.PHASE_3, "from the requestor",
          Phase.NONE, "none");

  /** Calls a poll or process makes whatever its tickets (left out of per-ticket numbers). */
  private static final List<String> PER_POLL =
      List.of(
          "GET reports/{id}", "POST assets/search", "POST tickets/search", "POST auth/loginadmin");

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Machine.describe());
    results.put("command", "bench/run.sh all");
    results.put("started", Instant.now().toString());
    results.put("load_before", Machine.loadAverage());
    if (scenarios != null && !scenarios.isEmpty()) {
      results.put("command", "bench/run.sh " + String.join(",", scenarios));
      for (String scenario : scenarios) {
        switch (scenario) {
          case "baseline" -> results.put("baseline", baseline());
          case "calls_per_ticket" -> results.put("calls_per_ticket", callsPerTicket());
          case "repoll" -> results.put("repoll", repoll());
          case "overhead" -> results.put("overhead", overhead());
          default ->
              throw new IllegalArgumentException(
                  "unknown scenario "
                      + scenario
                      + " (alone: baseline, calls_per_ticket, repoll,"
                      + " overhead)");
        }
      }
      results.put("load_after", Machine.loadAverage());
      results.put("seconds", round((System.nanoTime() - t0) / 1e9, 0));
      Files.createDirectories(out.toAbsolutePath().getParent());
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      mapper.writeValue(out.toFile(), results);
      System.out.println(mapper.writeValueAsString(results));
      return 0;
    }
    Map<String, Object> memory = new LinkedHashMap<>();
    results.put("drain", drain(memory));
    results.put("baseline", baseline());
    results.put("calls_per_ticket", callsPerTicket());
    results.put("repoll", repoll());
    results.put("overhead", overhead());
    results.put("memory", memory);
    results.put("load_after", Machine.loadAverage());
    results.put("seconds", round((System.nanoTime() - t0) / 1e9, 0));
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
    System.out.println();
    System.out.print(table(results));
    System.out.println("\nwritten: " + out);
    return 0;
  }

  // ---- drain, with the worker in its own JVM (memory is sampled there)

  private Map<String, Object> drain(Map<String, Object> memory) throws Exception {
    log("drain: %d tickets at the documented limits, %d s windows", drainTickets, window);
    RateLimits limits = new RateLimits(true, 1.0, Duration.ofSeconds(window));
    double compression = 60.0 / window;
    Path dir = Files.createTempDirectory("tqd-bench-drain");
    try (JavaProcess temporal = JavaProcess.testServer(jar, dir.resolve("temporal.log"));
        Harness h =
            Harness.start(
                new Harness.Options(
                    drainTickets,
                    seed,
                    limits,
                    0,
                    8,
                    false,
                    Pipelines.STANDARD.definition(),
                    "127.0.0.1:" + temporal.port,
                    false))) {
      Map<String, String> env = new HashMap<>(h.env);
      env.remove("TQD_EMBEDDED_PG_DIR");
      env.remove("TQD_EMBEDDED_PG_PORT");
      env.remove("TQD_METRICS_PORT");
      env.put("DATABASE_URL", h.databaseUrl());
      try (JavaProcess worker = JavaProcess.worker(jar, env, dir, workerOpts)) {
        long[] idle = worker.rssKb();
        long idleHeap = worker.heapAfterGcKb();
        long[] maxHeapAfterGc = {idleHeap};
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(
            () -> maxHeapAfterGc[0] = Math.max(maxHeapAfterGc[0], worker.heapAfterGcKb()),
            15,
            15,
            TimeUnit.SECONDS);
        FirstPoll run;
        try {
          run = FirstPoll.run(h.sandbox, h.poller, Duration.ofMinutes(40), true);
        } finally {
          sampler.shutdownNow();
        }
        long[] after = worker.rssKb();
        long afterHeap = worker.heapAfterGcKb();
        memory.put("worker_jvm_options", workerOpts.isBlank() ? "defaults" : workerOpts);
        memory.put("tickets", drainTickets);
        memory.put("idle_rss_mb", mb(idle[0]));
        memory.put("idle_heap_after_gc_mb", mb(idleHeap));
        memory.put("peak_rss_mb", mb(after[1]));
        memory.put("peak_heap_after_gc_mb", mb(Math.max(maxHeapAfterGc[0], afterHeap)));
        memory.put("after_rss_mb", mb(after[0]));
        memory.put("after_heap_after_gc_mb", mb(afterHeap));

        long r429 =
            Math.round(worker.counter("tqd_tdx_rate_limited", "")) + Math.round(h.rateLimited());
        Map<String, Object> d = throughput(run.calls(), run.outcomes().size(), run, compression);
        d.put("tickets", run.outcomes().size());
        d.put("failed_tickets", run.failed());
        d.put("rate_limited_429", r429);
        d.put("window_seconds", window);
        d.put("steady_tickets_per_min", round(run.steadyRate(0.1, 0.9) * 60 / compression, 1));
        return d;
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Tickets per minute on TDX's clock and the bound from the run's own calls per ticket. */
  private Map<String, Object> throughput(
      Map<String, Long> calls, int tickets, FirstPoll run, double compression) {
    double seconds = run == null ? Double.NaN : run.elapsedSeconds();
    return throughput(calls, tickets, seconds, compression);
  }

  private static Map<String, Object> throughput(
      Map<String, Long> calls, int tickets, double seconds, double compression) {
    Map<String, Object> d = new LinkedHashMap<>();
    double perMinute = tickets / seconds * 60 / compression;
    d.put("elapsed_seconds", round(seconds, 1));
    d.put("tdx_minutes", round(seconds * compression / 60, 2));
    d.put("tickets_per_min", round(perMinute, 1));
    Map<String, Object> perMethod = new LinkedHashMap<>();
    String boundMethod = null;
    double bound = Double.MAX_VALUE;
    double total = 0;
    for (var e : new TreeMap<>(calls).entrySet()) {
      double pt = e.getValue() / (double) tickets;
      total += pt;
      int limit = DocumentedLimits.per60s(e.getKey());
      double allows = limit / pt;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("calls", e.getValue());
      m.put("per_ticket", round(pt, 3));
      m.put("limit_per_min", limit);
      m.put("allows_tickets_per_min", round(allows, 1));
      perMethod.put(e.getKey(), m);
      if (allows < bound) {
        bound = allows;
        boundMethod = e.getKey();
      }
    }
    d.put("calls_per_ticket", round(total, 2));
    d.put("bound_tickets_per_min", round(bound, 1));
    d.put("bound_method", boundMethod);
    d.put("share_of_bound", round(perMinute / bound, 3));
    d.put("methods", perMethod);
    return d;
  }

  // ---- baseline: the daemon model at the same limits

  private Map<String, Object> baseline() throws java.io.IOException {
    log("baseline: daemon model, %d tickets at the documented limits", baselineTickets);
    double compression = 60.0 / window;
    try (TdxSandbox sandbox =
            TdxSandbox.builder()
                .tickets(baselineTickets)
                .seed(seed)
                .rateLimits(new RateLimits(true, 1.0, Duration.ofSeconds(window)))
                .build()
                .start();
        DaemonStateStore state = DaemonStateStore.start()) {
      DaemonModel daemon = new DaemonModel(sandbox, window / 60.0, state);
      sandbox.resetCalls();
      long t0 = System.nanoTime();
      List<Integer> ids = daemon.startRun(sandbox.reportId());
      int done = 0;
      for (int id : ids) {
        daemon.processTicket(id);
        if (++done % 25 == 0) {
          System.err.printf("  daemon model: %d/%d tickets%n", done, ids.size());
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> d = throughput(sandbox.calls(), ids.size(), seconds, compression);
      d.put("tickets", ids.size());
      d.put("rate_limited_429", daemon.rateLimited());
      d.put("window_seconds", window);
      d.put("model_calls_match_sandbox", daemon.calls().equals(new TreeMap<>(sandbox.calls())));
      return d;
    }
  }

  // ---- calls per ticket, one ticket at a time

  private Map<String, Object> callsPerTicket() throws Exception {
    log("calls_per_ticket: %d tickets one at a time, limits off", callsTickets);
    Map<String, Object> d = new LinkedHashMap<>();
    Map<Phase, List<Long>> tqd = new EnumMap<>(Phase.class);
    Map<String, Long> tqdMethods = new TreeMap<>();
    try (Harness h =
        Harness.start(
            new Harness.Options(
                callsTickets,
                seed,
                RateLimits.off(),
                0,
                8,
                false,
                Pipelines.STANDARD.definition()))) {
      List<Integer> ids = List.copyOf(h.sandbox.reportTickets());
      h.services.assetIndex().refresh();
      // What the first poll of the whole queue would do: the ticket index synced, the queue's
      // tickets left to their own runs (the background tickets' links are read here, per poll).
      h.services.ticketIndex().refresh(ids);
      for (int id : ids) {
        h.sandbox.reportTickets(List.of(id));
        FirstPoll run = FirstPoll.run(h, Duration.ofMinutes(2), false);
        if (run.outcomes().size() != 1 || run.failed() > 0) {
          throw new IllegalStateException("ticket " + id + ": " + run.outcomes());
        }
        long total = 0;
        for (var e : run.calls().entrySet()) {
          if (!PER_POLL.contains(e.getKey())) {
            tqdMethods.merge(e.getKey(), e.getValue(), Long::sum);
            total += e.getValue();
          }
        }
        tqd.computeIfAbsent(h.sandbox.truth(id).phase(), p -> new ArrayList<>()).add(total);
      }
    }
    Map<Phase, List<Long>> daemon = new EnumMap<>(Phase.class);
    Map<String, Long> daemonMethods = new TreeMap<>();
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(callsTickets)
            .seed(seed)
            .rateLimits(RateLimits.off())
            .build()
            .start()) {
      DaemonModel model = new DaemonModel(sandbox, 0);
      for (int id : model.startRun(sandbox.reportId())) {
        Map<String, Long> before = model.calls();
        model.processTicket(id);
        long total = 0;
        for (var e : model.calls().entrySet()) {
          long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
          daemonMethods.merge(e.getKey(), n, Long::sum);
          total += n;
        }
        daemon.computeIfAbsent(sandbox.truth(id).phase(), p -> new ArrayList<>()).add(total);
      }
    }
    Map<String, Object> kinds = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("tickets", tqd.getOrDefault(p, List.of()).size());
      k.put("tqd", mean(tqd.get(p)));
      k.put("baseline", mean(daemon.get(p)));
      kinds.put(KINDS.get(p), k);
    }
    d.put("tickets", callsTickets);
    d.put("by_kind", kinds);
    d.put("tqd_all", mean(flatten(tqd)));
    d.put("baseline_all", mean(flatten(daemon)));
    d.put("tqd_by_method", perTicket(tqdMethods, callsTickets));
    d.put("baseline_by_method", perTicket(daemonMethods, callsTickets));
    d.put(
        "note",
        "per ticket, first run, each ticket alone in the report; tqd's per-poll calls (report,"
            + " asset and ticket index syncs, login) are left out");
    return d;
  }

  // ---- repoll of a processed report

  private Map<String, Object> repoll() throws Exception {
    log("repoll: %d processed tickets polled again", repollTickets);
    Map<String, Object> d = new LinkedHashMap<>();
    try (Harness h =
        Harness.start(
            new Harness.Options(
                repollTickets,
                seed,
                RateLimits.off(),
                0,
                8,
                false,
                Pipelines.STANDARD.definition()))) {
      fillLedger(h.services.ledger(), h.sandbox.reportTickets(), h.pipeline.pipeline().actions());
      List<Object> polls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        h.sandbox.resetCalls();
        PollResult poll = h.poller.pollOnce();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("milliseconds", round(poll.duration().toNanos() / 1e6, 0));
        p.put("tdx_calls", h.sandbox.totalCalls());
        p.put("calls", h.sandbox.calls());
        p.put("started", poll.started());
        p.put("already_done", poll.alreadyDone());
        polls.add(p);
      }
      d.put("tickets", repollTickets);
      d.put("polls", polls);
    }
    return d;
  }

  private static void fillLedger(ActionLedger ledger, List<Integer> ids, List<ActionSpec> specs)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int id : ids) {
        done.add(
            pool.submit(
                () -> {
                  for (ActionSpec s : specs) {
                    ledger.claim(id, s.actionId(), s.type(), s.actionHash(), null);
                    ledger.complete(id, s.actionId(), ActionStatus.COMPLETED, null, null);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  // ---- overhead, limits off

  /**
   * Each side first drains a warm-up queue of {@link #overheadWarmup} tickets (the same seed, its
   * own sandbox; for tqd its own harness, against the same test server; for the models the same
   * state database, emptied afterwards), whose numbers are discarded, so that no side is measured
   * with a cold JIT or cold first connections because it runs first.
   */
  private Map<String, Object> overhead() throws Exception {
    log("overhead: %d tickets, limits off, warm-up %d", overheadTickets, overheadWarmup);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("tickets", overheadTickets);
    d.put("warmup_tickets", overheadWarmup);
    if (overheadWarmup > 0) {
      limitsOff(null, overheadWarmup);
    }
    d.put("in_process_test_server", limitsOff(null, overheadTickets));
    Path dir = Files.createTempDirectory("tqd-bench-overhead");
    try (JavaProcess temporal = JavaProcess.testServer(jar, dir.resolve("temporal.log"))) {
      if (overheadWarmup > 0) {
        limitsOff("127.0.0.1:" + temporal.port, overheadWarmup);
      }
      d.put("standalone_test_server", limitsOff("127.0.0.1:" + temporal.port, overheadTickets));
    } finally {
      deleteTree(dir);
    }
    if (coldTickets > 0) {
      d.put("cold", cold());
    }
    Map<String, Long> javaModelCalls = new TreeMap<>();
    d.put("baseline", modelLimitsOff(true, javaModelCalls));
    d.put("baseline_tdx_calls_only", modelLimitsOff(false, null));
    d.put("baseline_python", pythonLimitsOff(true, javaModelCalls));
    d.put("baseline_python_tdx_calls_only", pythonLimitsOff(false, javaModelCalls));
    return d;
  }

  /**
   * A queue drained from a fresh process on each side, as an operator runs them and as an outside
   * timing sees them: {@code tqd run --wait} (a new JVM with the quick JIT, its embedded PostgreSQL
   * created in a new directory, its embedded test server and worker) and {@code python3
   * bench/daemon_model.py} (a new interpreter, with its state store), each against a new sandbox of
   * {@link #coldTickets} tickets with limits off, from launch to exit. tqd is timed twice: first as
   * on a machine where tqd never ran ({@code java -jar}, a new {@code $HOME}: {@code initdb}
   * creates the ledger, no class-data archive), then as {@code ./tqd} runs it there afterwards (its
   * class-data archive when the jar has one, the ledger copied from the cluster template the first
   * run left in that {@code $HOME}).
   */
  private Map<String, Object> cold() throws Exception {
    log("overhead: cold, %d tickets from a fresh process each", coldTickets);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("tickets", coldTickets);
    Path dir = Files.createTempDirectory("tqd-bench-cold");
    try {
      List<String> cds = JavaProcess.classDataSharing(jar);
      for (String reading : List.of("first", "again")) {
        try (TdxSandbox sandbox = sandbox(coldTickets)) {
          Map<String, String> env = sandbox.tqdSettings();
          env.put("DAEMON_REPORT_ID", Integer.toString(sandbox.reportId()));
          env.put("TQD_EMBEDDED_PG_DIR", dir.resolve("postgres-" + reading).toString());
          env.put("TQD_EMBEDDED_PG_PORT", Integer.toString(Harness.freePort()));
          env.put("HOME", dir.toString());
          boolean first = reading.equals("first");
          // The first run leaves the template in this $HOME; the second copies it.
          boolean template =
              Files.isDirectory(dir.resolve(".tqd").resolve("cluster-template-pg16-v1"));
          double seconds = JavaProcess.timeRun(jar, env, dir, first ? List.of() : cds);
          if (first) {
            c.put("tqd_first_seconds", round(seconds, 2));
          } else {
            c.put("tqd_seconds", round(seconds, 2));
            c.put("tqd_tickets_per_second", round(coldTickets / seconds, 2));
            c.put("tqd_class_data_archive", !cds.isEmpty());
            c.put("tqd_ledger_from_template", template);
          }
        }
      }
    } finally {
      deleteTree(dir);
    }
    try {
      PythonModel python = PythonModel.find();
      try (DaemonStateStore state = DaemonStateStore.start();
          TdxSandbox sandbox = sandbox(coldTickets)) {
        long t0 = System.nanoTime();
        Map<String, Object> r = python.run(sandbox, state, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        c.put("python_seconds", round(seconds, 2));
        c.put("python_tickets_per_second", round(coldTickets / seconds, 2));
        c.put("python_state_store", r.get("state_store"));
      }
    } catch (IllegalStateException e) {
      c.put("python_seconds", null);
      c.put("python_reason", e.getMessage());
    }
    return c;
  }

  /** The daemon model with limits off, with or without its state store. */
  private Map<String, Object> modelLimitsOff(boolean withState, Map<String, Long> callsOut)
      throws java.io.IOException {
    try (DaemonStateStore state = withState ? DaemonStateStore.start() : null) {
      if (overheadWarmup > 0) {
        try (TdxSandbox warm = sandbox(overheadWarmup)) {
          DaemonModel model = new DaemonModel(warm, 0, state);
          model.startRun(warm.reportId()).forEach(model::processTicket);
        }
        if (state != null) {
          state.clear();
        }
      }
      try (TdxSandbox sandbox = sandbox(overheadTickets)) {
        sandbox.resetCalls();
        DaemonModel model = new DaemonModel(sandbox, 0, state);
        long t0 = System.nanoTime();
        List<Integer> ids = model.startRun(sandbox.reportId());
        ids.forEach(model::processTicket);
        double s = (System.nanoTime() - t0) / 1e9;
        if (callsOut != null) {
          callsOut.putAll(sandbox.calls());
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("seconds", round(s, 2));
        b.put("tickets_per_second", round(ids.size() / s, 2));
        b.put("state_store_calls", state == null ? 0 : state.queries());
        return b;
      }
    }
  }

  /**
   * {@code bench/daemon_model.py} with limits off, with its state store (when psycopg2 is
   * importable) or with its TDX calls only; when it cannot run, a result saying why.
   */
  private Map<String, Object> pythonLimitsOff(boolean withState, Map<String, Long> javaModelCalls) {
    Map<String, Object> b = new LinkedHashMap<>();
    PythonModel python;
    try {
      python = PythonModel.find();
    } catch (IllegalStateException e) {
      b.put("ran", false);
      b.put("reason", e.getMessage());
      log("overhead: Python daemon model not run: %s", e.getMessage());
      return b;
    }
    log(
        "overhead: Python daemon model (%s), %s",
        python.interpreter(), withState ? "with its state store" : "TDX calls only");
    try (DaemonStateStore state = withState ? DaemonStateStore.start() : null) {
      if (overheadWarmup > 0) {
        try (TdxSandbox warm = sandbox(overheadWarmup)) {
          python.run(warm, state, 0);
        }
        if (state != null) {
          state.clear();
        }
      }
      try (TdxSandbox sandbox = sandbox(overheadTickets)) {
        sandbox.resetCalls();
        Map<String, Object> r = python.run(sandbox, state, 0);
        Map<String, Long> sandboxCalls = new TreeMap<>(sandbox.calls());
        b.put("ran", true);
        b.put("seconds", r.get("seconds"));
        b.put("tickets_per_second", r.get("tickets_per_second"));
        b.put("state_store_calls", r.get("state_store_calls"));
        b.put("state_store", r.get("state_store"));
        if (r.containsKey("state_store_note")) {
          b.put("state_store_note", r.get("state_store_note"));
        }
        b.put("tickets", r.get("tickets"));
        b.put("tdx_calls", r.get("calls"));
        b.put("interpreter", r.get("interpreter"));
        b.put("python", r.get("python"));
        b.put("requests", r.get("requests"));
        b.put("model_calls_match_sandbox", sandboxCalls.equals(longs(r.get("calls_by_method"))));
        b.put("calls_match_java_model", sandboxCalls.equals(javaModelCalls));
        return b;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      b.put("ran", false);
      b.put("reason", e.getMessage());
      log("overhead: Python daemon model failed: %s", e.getMessage());
      return b;
    }
  }

  private TdxSandbox sandbox(int tickets) {
    return TdxSandbox.builder()
        .tickets(tickets)
        .seed(seed)
        .rateLimits(RateLimits.off())
        .build()
        .start();
  }

  /** A JSON object of counts as a sorted map of longs. */
  @SuppressWarnings("unchecked")
  static Map<String, Long> longs(Object counts) {
    Map<String, Long> out = new TreeMap<>();
    if (counts instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
    }
    return out;
  }

  private Map<String, Object> limitsOff(String temporalAddress, int tickets) throws Exception {
    try (Harness h =
        Harness.start(
            new Harness.Options(
                tickets,
                seed,
                RateLimits.off(),
                0,
                8,
                false,
                Pipelines.STANDARD.definition(),
                temporalAddress,
                true))) {
      FirstPoll run = FirstPoll.run(h, Duration.ofMinutes(20), false);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("seconds", round(run.elapsedSeconds(), 2));
      r.put("tickets_per_second", round(run.outcomes().size() / run.elapsedSeconds(), 2));
      r.put("failed_tickets", run.failed());
      return r;
    }
  }

  // ---- the table

  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> r) {
    Map<String, Object> drain = (Map<String, Object>) r.get("drain");
    Map<String, Object> base = (Map<String, Object>) r.get("baseline");
    Map<String, Object> calls = (Map<String, Object>) r.get("calls_per_ticket");
    Map<String, Object> repoll = (Map<String, Object>) r.get("repoll");
    Map<String, Object> over = (Map<String, Object>) r.get("overhead");
    Map<String, Object> mem = (Map<String, Object>) r.get("memory");
    StringBuilder b = new StringBuilder();
    b.append("machine: ")
        .append(r.get("machine"))
        .append("; command: bench/run.sh all (")
        .append(r.get("seconds"))
        .append(" s; load ")
        .append(r.get("load_before"))
        .append(" -> ")
        .append(r.get("load_after"))
        .append(")\n\n");
    b.append("| scenario | tqd | Python daemon model |\n|---|---|---|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| drain at TDX's documented limits (%s s windows) | %s tickets: **%s tickets/min**,"
                + " bound %s/min (%s, %s per ticket), %s of the bound, %s × 429, %s failed |"
                + " %s tickets: %s tickets/min, bound %s/min (%s), %s × 429 |\n",
            drain.get("window_seconds"),
            drain.get("tickets"),
            drain.get("tickets_per_min"),
            drain.get("bound_tickets_per_min"),
            drain.get("bound_method"),
            perTicketOf(drain),
            pct(drain.get("share_of_bound")),
            drain.get("rate_limited_429"),
            drain.get("failed_tickets"),
            base.get("tickets"),
            base.get("tickets_per_min"),
            base.get("bound_tickets_per_min"),
            base.get("bound_method"),
            base.get("rate_limited_429")));
    b.append(
        String.format(
            Locale.ROOT,
            "| ratio, tickets/min | **%.1f×** | 1 |\n",
            num(drain.get("tickets_per_min")) / num(base.get("tickets_per_min"))));
    b.append(
        String.format(
            Locale.ROOT,
            "| TDX calls per ticket (drain, all calls) | %s | %s |\n",
            drain.get("calls_per_ticket"),
            base.get("calls_per_ticket")));
    Map<String, Object> kinds = (Map<String, Object>) calls.get("by_kind");
    for (var e : kinds.entrySet()) {
      Map<String, Object> k = (Map<String, Object>) e.getValue();
      b.append(
          String.format(
              Locale.ROOT,
              "| calls per ticket, computer %s (%s tickets) | %s | %s |\n",
              e.getKey(),
              k.get("tickets"),
              k.get("tqd"),
              k.get("baseline")));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| calls per ticket, all kinds (one at a time) | %s | %s |\n",
            calls.get("tqd_all"),
            calls.get("baseline_all")));
    List<Object> polls = (List<Object>) repoll.get("polls");
    Map<String, Object> last = (Map<String, Object>) polls.get(polls.size() - 1);
    Map<String, Object> first = (Map<String, Object>) polls.get(0);
    b.append(
        String.format(
            Locale.ROOT,
            "| re-poll of a processed %s-ticket report | %s TDX call(s), %s started, %s ms (first"
                + " %s ms) | – |\n",
            repoll.get("tickets"),
            last.get("tdx_calls"),
            last.get("started"),
            last.get("milliseconds"),
            first.get("milliseconds")));
    Map<String, Object> inProc = (Map<String, Object>) over.get("in_process_test_server");
    Map<String, Object> standalone = (Map<String, Object>) over.get("standalone_test_server");
    Map<String, Object> daemonOff = (Map<String, Object>) over.get("baseline");
    Map<String, Object> daemonTdxOnly = (Map<String, Object>) over.get("baseline_tdx_calls_only");
    b.append(
        String.format(
            Locale.ROOT,
            "| limits off, %s tickets | %s tickets/s (in-process test server), %s tickets/s"
                + " (standalone) | %s tickets/s with its state store (%s tickets/s with TDX"
                + " calls only) |\n",
            over.get("tickets"),
            inProc.get("tickets_per_second"),
            standalone.get("tickets_per_second"),
            daemonOff.get("tickets_per_second"),
            daemonTdxOnly.get("tickets_per_second")));
    b.append(pythonRow(over));
    b.append(coldRow(over));
    b.append(
        String.format(
            Locale.ROOT,
            "| worker memory during drain (%s) | peak RSS %s MB, heap after GC ≤ %s MB (idle %s"
                + " MB RSS, %s MB heap) | – |\n",
            mem.get("worker_jvm_options"),
            mem.get("peak_rss_mb"),
            mem.get("peak_heap_after_gc_mb"),
            mem.get("idle_rss_mb"),
            mem.get("idle_heap_after_gc_mb")));
    return b.toString();
  }

  /** The table's row for the cold reading (a fresh process each), or nothing without one. */
  @SuppressWarnings("unchecked")
  static String coldRow(Map<String, Object> over) {
    Map<String, Object> cold = (Map<String, Object>) over.get("cold");
    if (cold == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "| limits off, %s tickets from a fresh process, launch to exit | %s s (`tqd run --wait`: new"
            + " JVM%s, embedded PostgreSQL copied from the cluster template, embedded test server);"
            + " %s s on a machine where tqd never ran (`initdb`, no archive) | %s s (`python3"
            + " bench/daemon_model.py`%s) |\n",
        cold.get("tickets"),
        cold.get("tqd_seconds"),
        Boolean.TRUE.equals(cold.get("tqd_class_data_archive"))
            ? " with ./tqd's class-data archive"
            : "",
        cold.get("tqd_first_seconds"),
        cold.get("python_seconds") == null ? "–" : cold.get("python_seconds"),
        Boolean.TRUE.equals(cold.get("python_state_store")) ? ", with its state store" : "");
  }

  /** The table's row for the Python model of the daemon. */
  @SuppressWarnings("unchecked")
  static String pythonRow(Map<String, Object> over) {
    Map<String, Object> py = (Map<String, Object>) over.get("baseline_python");
    Map<String, Object> tdxOnly = (Map<String, Object>) over.get("baseline_python_tdx_calls_only");
    if (py == null || !Boolean.TRUE.equals(py.get("ran"))) {
      return String.format(
          Locale.ROOT,
          "| limits off, %s tickets, Python model of the daemon | – | not run: %s |\n",
          over.get("tickets"),
          py == null ? "no result" : py.get("reason"));
    }
    String others =
        tdxOnly != null && Boolean.TRUE.equals(tdxOnly.get("ran"))
            ? " (" + tdxOnly.get("tickets_per_second") + " tickets/s with its TDX calls only)"
            : "";
    return String.format(
        Locale.ROOT,
        "| limits off, %s tickets, Python model of the daemon (requests without a session, %s)"
            + " | – | %s tickets/s %s%s |\n",
        over.get("tickets"),
        py.get("interpreter"),
        py.get("tickets_per_second"),
        Boolean.TRUE.equals(py.get("state_store"))
            ? "with its state store"
            : "with its TDX calls only (no psycopg2)",
        others);
  }

  @SuppressWarnings("unchecked")
  private static Object perTicketOf(Map<String, Object> d) {
    Map<String, Object> methods = (Map<String, Object>) d.get("methods");
    Map<String, Object> m = (Map<String, Object>) methods.get(d.get("bound_method"));
    return m == null ? "?" : m.get("per_ticket");
  }

  // ---- helpers

  private static Map<String, Object> perTicket(Map<String, Long> calls, int tickets) {
    Map<String, Object> out = new LinkedHashMap<>();
    calls.forEach((k, v) -> out.put(k, round(v / (double) tickets, 2)));
    return out;
  }

  private static List<Long> flatten(Map<Phase, List<Long>> m) {
    List<Long> all = new ArrayList<>();
    m.values().forEach(all::addAll);
    return all;
  }

  private static double mean(List<Long> v) {
    return v == null || v.isEmpty()
        ? 0
        : round(v.stream().mapToLong(Long::longValue).average().orElse(0), 2);
  }

  private static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  private static String pct(Object share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * num(share));
  }

  private static double mb(long kb) {
    return round(kb / 1024.0, 0);
  }

  private static void log(String format, Object... args) {
    System.err.printf(
        Locale.ROOT,
        "[%s] %s%n",
        Instant.now().toString().substring(11, 19),
        String.format(Locale.ROOT, format, args));
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // temporary
    }
  }

  static String outcomes(List<TicketOutcome> o) {
    return o.toString();
  }
}
