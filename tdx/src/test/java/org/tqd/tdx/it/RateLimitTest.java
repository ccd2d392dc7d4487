package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.RateLimitMode;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxException;

/** Pacing from the rate-limit headers, and the two ways of handling a 429. */
class RateLimitTest {

  private static final String GET_TICKET = "GET tickets/{id}";

  @Test
  void aPoolOfThreadsAtTheLimitNeverSeesA429() throws Exception {
    // 60 calls per window, as documented, but 2-second windows: 150 calls need three windows.
    try (TdxSandbox sandbox = Sandboxes.startWithWindow(5, Duration.ofSeconds(2))) {
      CallLog log = new CallLog();
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).listener(log).build());
      List<Integer> ids = sandbox.reportTickets();
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          done.add(
              pool.submit(
                  () -> {
                    int n;
                    while ((n = next.getAndIncrement()) < 150) {
                      tdx.getTicket(ids.get(n % ids.size()));
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      System.out.printf("150 paced calls, 60 per 2 s window, 8 threads: %d ms%n", millis);

      assertThat(log.countStatus(429)).isZero();
      assertThat(log.count(GET_TICKET, 200)).isEqualTo(150);
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 150L);
      // Three windows: at least two resets were waited for.
      assertThat(millis).isGreaterThanOrEqualTo(4_000);
    }
  }

  @Test
  void surfaceModeThrowsRateLimitedAtOnceAndLaterCallsWaitForTheReset() throws Exception {
    try (TdxSandbox sandbox = Sandboxes.startWithWindow(3, Duration.ofSeconds(1))) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses(); // log in before the burst
      sandbox.faults().rateLimitBurst(1);

      Instant before = Instant.now();
      assertThatThrownBy(() -> tdx.getTicket(id))
          .isInstanceOfSatisfying(
              TdxException.RateLimited.class,
              e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.method()).isEqualTo(GET_TICKET);
                assertThat(e.resetAt()).isAfter(before).isBefore(before.plusSeconds(3));
              });
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);

      // The client remembers the exhausted window and waits for its reset instead of a 429.
      assertThat(tdx.getTicket(id).id()).isEqualTo(id);
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 2L);
    }
  }

  @Test
  void waitModeWaitsPastTheResetAndCallsAgain() {
    try (TdxSandbox sandbox = Sandboxes.startWithWindow(3, Duration.ofSeconds(1))) {
      TdxClient tdx =
          new TdxClient(Sandboxes.config(sandbox).rateLimitMode(RateLimitMode.WAIT).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(1);

      long start = System.nanoTime();
      assertThat(tdx.getTicket(id).id()).isEqualTo(id);
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

      assertThat(millis).as("TDX asks for 5 s beyond the reset").isGreaterThanOrEqualTo(5_000);
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 2L);
    }
  }

  @Test
  void waitModeGivesUpAfterTheConfiguredRetries() {
    try (TdxSandbox sandbox = Sandboxes.startWithWindow(3, Duration.ofSeconds(1))) {
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .rateLimitMode(RateLimitMode.WAIT)
                  .max429Retries(2)
                  .waitAfter429(Duration.ofMillis(100))
                  .pacingMargin(Duration.ZERO)
                  .build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(100);

      assertThatThrownBy(() -> tdx.getTicket(id)).isInstanceOf(TdxException.RateLimited.class);
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 3L);
    }
  }

  @Test
  void neverWaitsLongerThanAllowedForAWindow() {
    // Documented 60-second windows: after a 429 the reset is about a minute away.
    try (TdxSandbox sandbox = Sandboxes.start(3)) {
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .rateLimitMode(RateLimitMode.WAIT)
                  .maxPacingWait(Duration.ofSeconds(2))
                  .build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(1);

      long start = System.nanoTime();
      assertThatThrownBy(() -> tdx.getTicket(id)).isInstanceOf(TdxException.RateLimited.class);
      assertThatThrownBy(() -> tdx.getTicket(id))
          .as("the next call is refused by the client without calling TDX")
          .isInstanceOf(TdxException.RateLimited.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);
    }
  }
}
