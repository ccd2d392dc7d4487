package org.tqd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;

/**
 * {@code bench/daemon_model.py} against the real sandbox over HTTP, checked against {@link
 * DaemonModel}: the same queue (same seed) drained by each model on a sandbox of its own gives the
 * same calls per method template in the sandbox's counters. Skipped when no python3 with {@code
 * requests} is found; the state-store test is skipped when that interpreter has no psycopg2.
 */
class PythonDaemonModelTest {

  private static final int TICKETS = 30;
  private static PythonModel python;

  @BeforeAll
  static void findPython() {
    try {
      python = PythonModel.find();
    } catch (IllegalStateException e) {
      assumeTrue(false, e.getMessage());
    }
  }

  private static TdxSandbox sandbox(int tickets) {
    return TdxSandbox.builder()
        .tickets(tickets)
        .seed(1)
        .rateLimits(RateLimits.off())
        .build()
        .start();
  }

  /** Each ticket's linked assets and feed bodies. */
  private static Map<Integer, List<Object>> outcome(TdxSandbox sandbox) {
    Map<Integer, List<Object>> out = new TreeMap<>();
    for (TicketState t : sandbox.states()) {
      out.put(
          t.ticketId(),
          List.of(t.assetIds(), t.feed().stream().map(TicketState.FeedEntry::body).toList()));
    }
    return out;
  }

  @Test
  @Timeout(60)
  void makesTheSameCallsAsTheJavaModelOnTheSameQueue() throws Exception {
    Map<String, Long> javaCalls;
    Map<String, Long> javaModelCount;
    Map<Integer, List<Object>> javaState;
    try (TdxSandbox sandbox = sandbox(TICKETS)) {
      sandbox.resetCalls();
      DaemonModel model = new DaemonModel(sandbox, 0);
      List<Integer> ids = model.startRun(sandbox.reportId());
      assertThat(ids).hasSize(TICKETS);
      ids.forEach(model::processTicket);
      javaCalls = new TreeMap<>(sandbox.calls());
      javaModelCount = model.calls();
      javaState = outcome(sandbox);
    }
    Map<String, Long> pythonCalls;
    Map<String, Object> result;
    Map<Integer, List<Object>> pythonState;
    try (TdxSandbox sandbox = sandbox(TICKETS)) {
      sandbox.resetCalls();
      result = python.run(sandbox, null, 0);
      pythonCalls = new TreeMap<>(sandbox.calls());
      pythonState = outcome(sandbox);
    }
    assertThat(javaModelCount).isEqualTo(javaCalls);
    // Every kind of call the daemon makes on this queue is there, feed entries and labs included.
    assertThat(javaCalls)
        .containsKeys(
            "POST auth/loginadmin",
            "GET reports/{id}",
            "GET tickets/{id}",
            "GET tickets/{id}/assets",
            "POST assets/search",
            "GET tickets/{id}/feed",
            "GET feed/{id}",
            "POST tickets/{id}/assets/{assetId}",
            "POST tickets/search",
            "GET cmdb/{id}/tickets",
            "POST tickets/{id}/feed");
    assertThat(pythonCalls).isEqualTo(javaCalls);
    // The same TDX state after: the assets added and the summaries posted, ticket by ticket.
    assertThat(pythonState).isEqualTo(javaState);
    assertThat(AllBench.longs(result.get("calls_by_method"))).isEqualTo(pythonCalls);
    assertThat(result)
        .containsEntry("tickets", TICKETS)
        .containsEntry("state_store", false)
        .containsEntry("state_store_calls", 0)
        .containsEntry("rate_limited_429", 0);
    assertThat(((Number) result.get("calls")).longValue())
        .isEqualTo(pythonCalls.values().stream().mapToLong(Long::longValue).sum());
    assertThat(((Number) result.get("tickets_per_second")).doubleValue()).isPositive();
  }

  @Test
  @Timeout(60)
  void onA429SleepsUntilTheResetAndMakesTheSameCallAgain() throws Exception {
    int tickets = 6;
    Map<Integer, List<Object>> unlimited;
    try (TdxSandbox sandbox = sandbox(tickets)) {
      DaemonModel model = new DaemonModel(sandbox, 0);
      model.startRun(sandbox.reportId()).forEach(model::processTicket);
      unlimited = outcome(sandbox);
    }
    // Half the documented calls per 1 s window: the asset searches (about 12 per ticket) run out.
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(tickets)
            .seed(1)
            .rateLimits(new RateLimits(true, 0.5, Duration.ofSeconds(1)))
            .build()
            .start()) {
      sandbox.resetCalls();
      Map<String, Object> result = python.run(sandbox, null, 0.01);
      assertThat(((Number) result.get("rate_limited_429")).intValue()).isPositive();
      // The 429s are counted by both, and every call was made again until it went through.
      assertThat(AllBench.longs(result.get("calls_by_method")))
          .isEqualTo(new TreeMap<>(sandbox.calls()));
      assertThat(outcome(sandbox)).isEqualTo(unlimited);
    }
  }

  @Test
  @Timeout(60)
  void withoutPsycopg2RunsTheTdxCallsOnlyAndSaysSo(@TempDir Path dir) throws Exception {
    // A psycopg2 that cannot be imported, ahead of any installed one on the module path.
    Files.writeString(dir.resolve("psycopg2.py"), "raise ImportError('no psycopg2 here')\n");
    try (TdxSandbox sandbox = sandbox(5)) {
      sandbox.resetCalls();
      ProcessBuilder pb =
          new ProcessBuilder(
              python.interpreter(),
              PythonModel.script().toString(),
              sandbox.baseUrl(),
              Integer.toString(sandbox.reportId()),
              "--ticket-app",
              Integer.toString(sandbox.ticketAppId()),
              "--asset-app",
              Integer.toString(sandbox.assetAppId()),
              "--database-url",
              "postgresql://nobody@127.0.0.1:1/none");
      PythonModel.credentials(pb, sandbox.beid().toString(), sandbox.webServicesKey().toString());
      pb.environment().put("PYTHONPATH", dir.toString());
      Process p = pb.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor()).as(out).isZero();
      Map<String, Object> result = new ObjectMapper().readValue(out, new TypeReference<>() {});
      assertThat(result)
          .containsEntry("tickets", 5)
          .containsEntry("state_store", false)
          .containsEntry("state_store_calls", 0)
          .containsEntry("state_store_note", "psycopg2 is not installed: TDX calls only");
      assertThat(AllBench.longs(result.get("calls_by_method")))
          .isEqualTo(new TreeMap<>(sandbox.calls()));
    }
  }

  @Test
  @Timeout(30)
  void badCredentialsEndTheRunWithAMessage() throws Exception {
    try (TdxSandbox sandbox = sandbox(1)) {
      Process p =
          PythonModel.credentials(
                  new ProcessBuilder(
                      python.interpreter(),
                      PythonModel.script().toString(),
                      sandbox.baseUrl(),
                      Integer.toString(sandbox.reportId())),
                  "00000000-0000-0000-0000-000000000000",
                  "00000000-0000-0000-0000-000000000000")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor()).isNotZero();
      assertThat(out).contains("login (POST auth/loginadmin) answered 4").doesNotContain("{");
    }
  }

  @Test
  @Timeout(30)
  void credentialsMissingFromTheEnvironmentAreNamedAndNothingIsCalled() throws Exception {
    try (TdxSandbox sandbox = sandbox(1)) {
      sandbox.resetCalls();
      ProcessBuilder pb =
          new ProcessBuilder(
              python.interpreter(),
              PythonModel.script().toString(),
              sandbox.baseUrl(),
              Integer.toString(sandbox.reportId()));
      pb.environment().remove("TDX_BEID");
      pb.environment().remove("TDX_WEB_SERVICES_KEY");
      Process p = pb.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(out).contains("TDX_BEID", "TDX_WEB_SERVICES_KEY").doesNotContain("Traceback");
      assertThat(sandbox.calls()).isEmpty();
    }
  }

  @Test
  void findSaysWhichInterpretersItTriedAndWhy() {
    assertThatThrownBy(() -> PythonModel.find(List.of("/nonexistent/python3", "/bin/false")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no python3 with the 'requests' module")
        .hasMessageContaining("/nonexistent/python3: not found")
        .hasMessageContaining("/bin/false: cannot import requests");
  }

  @Test
  @Timeout(90)
  void recordsEachActionInTheStateStoreAndSkipsWhatIsDoneOnTheNextRun() throws Exception {
    int tickets = 10;
    try (DaemonStateStore state = DaemonStateStore.start();
        TdxSandbox sandbox = sandbox(tickets)) {
      Map<String, Object> first = python.run(sandbox, state, 0);
      assumeTrue(
          Boolean.TRUE.equals(first.get("state_store")),
          "no psycopg2 for " + python.interpreter() + ": " + first.get("state_store_note"));
      // has_executed twice and mark_completed three times per new ticket.
      assertThat(first).containsEntry("state_store_calls", 5 * tickets);
      assertThat(state.rowsByType())
          .isEqualTo(
              Map.of(
                  "add_asset", (long) tickets,
                  "find_active_tickets", (long) tickets,
                  "summary_comment", (long) tickets));

      sandbox.resetCalls();
      Map<String, Object> second = python.run(sandbox, state, 0);
      // add_asset and find_active_tickets are skipped; the summary has nothing to post but is
      // recorded again (its should_execute is always true).
      assertThat(second).containsEntry("state_store_calls", 3 * tickets);
      assertThat(new TreeMap<>(sandbox.calls()))
          .isEqualTo(Map.of("POST auth/loginadmin", 1L, "GET reports/{id}", 1L));
      assertThat(state.rowsByType().values()).containsOnly((long) tickets);
    }
  }
}
