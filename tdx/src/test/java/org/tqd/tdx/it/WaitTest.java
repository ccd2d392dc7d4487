package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.RateLimitMode;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxException;

/**
 * What the client does around its waits (for a rate-limit window, or after a 429): the token is
 * taken when the call is sent, so a long wait never sends an expired one; and a wait ends at once
 * when the client is closed or the thread interrupted, so a process told to stop does not sit out a
 * rate-limit window.
 */
class WaitTest {

  private static final String GET_TICKET = "GET tickets/{id}";
  private static final String LOGIN = "POST auth/loginadmin";

  @Test
  void aCallThatWaitedAfterA429GoesOutWithAFreshToken() {
    // 3 s tokens, and a wait of about 5 s after the 429: the token the call started with expires.
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(3)
            .seed(7)
            .rateLimits(new RateLimits(true, 1.0, Duration.ofSeconds(1)))
            .faults(f -> f.tokenLifetimeSeconds(3))
            .build()
            .start()) {
      CallLog log = new CallLog();
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .rateLimitMode(RateLimitMode.WAIT)
                  .waitAfter429(Duration.ofSeconds(4))
                  .listener(log)
                  .build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses(); // logs in
      sandbox.faults().rateLimitBurst(1);

      assertThat(tdx.getTicket(id).id()).isEqualTo(id);

      assertThat(log.count(GET_TICKET, 429)).isEqualTo(1);
      assertThat(log.countStatus(401))
          .as("answers 401: a call was sent with an old token")
          .isZero();
      assertThat(log.count(GET_TICKET, 200)).isEqualTo(1);
      assertThat(tdx.loginCount()).as("renewed once, before the call went out").isEqualTo(2);
    }
  }

  @Test
  void aCallThatWaitedForTheRateLimitWindowGoesOutWithAFreshToken() {
    // TDX's 60 calls per window with 4-second windows, and 2-second tokens: the 61st call waits
    // for the next window, longer than the token it would have taken before waiting lives.
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(3)
            .seed(7)
            .rateLimits(new RateLimits(true, 1.0, Duration.ofSeconds(4)))
            .faults(f -> f.tokenLifetimeSeconds(2))
            .build()
            .start()) {
      CallLog log = new CallLog();
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .pacingMargin(Duration.ofMillis(1500))
                  .listener(log)
                  .build());
      int id = Sandboxes.firstTicket(sandbox);
      for (int i = 0; i < 61; i++) {
        tdx.getTicket(id);
      }

      assertThat(log.count(GET_TICKET, 200)).isEqualTo(61);
      assertThat(log.countStatus(429)).as("the client paced itself").isZero();
      assertThat(log.countStatus(401))
          .as("answers 401: a call was sent with an old token")
          .isZero();
      assertThat(log.count(LOGIN)).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void closingTheClientEndsAWaitAfterA429AtOnce() throws Exception {
    // TDX's documented 60-second windows: after the 429 the client would wait about 65 s.
    try (TdxSandbox sandbox = Sandboxes.start(3)) {
      TdxClient tdx =
          new TdxClient(Sandboxes.config(sandbox).rateLimitMode(RateLimitMode.WAIT).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(1);

      CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> tdx.getTicket(id));
      awaitCalls(sandbox, GET_TICKET, 1);
      Thread.sleep(300); // into the wait
      long start = System.nanoTime();
      tdx.close();

      assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TdxException.Transport.class)
          .hasMessageContaining("closed")
          .hasMessageContaining("after a 429");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);
    }
  }

  @Test
  void closingTheClientEndsAWaitForTheRateLimitWindowButLetsCallsThatNeedNoWaitThrough()
      throws Exception {
    try (TdxSandbox sandbox = Sandboxes.start(3)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(1);
      assertThatThrownBy(() -> tdx.getTicket(id)).isInstanceOf(TdxException.RateLimited.class);

      // The window of GET tickets/{id} is used up for about a minute: the next call waits for it.
      CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> tdx.getTicket(id));
      Thread.sleep(500);
      assertThat(call).isNotDone();
      long start = System.nanoTime();
      tdx.close();

      assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(TdxException.Transport.class)
          .hasMessageContaining("closed")
          .hasMessageContaining("rate-limit window");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);
      // Another method's window is open: a closed client still sends what needs no wait.
      assertThat(tdx.getTicketStatuses()).isNotEmpty();
      // A call that would wait is refused at once, without calling TDX.
      assertThatThrownBy(() -> tdx.getTicket(id))
          .isInstanceOf(TdxException.Transport.class)
          .hasMessageContaining("closed");
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 1L);
    }
  }

  @Test
  void anInterruptEndsAWaitAfterA429AtOnceAndStaysSet() throws Exception {
    try (TdxSandbox sandbox = Sandboxes.start(3)) {
      TdxClient tdx =
          new TdxClient(Sandboxes.config(sandbox).rateLimitMode(RateLimitMode.WAIT).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicketStatuses();
      sandbox.faults().rateLimitBurst(1);

      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  tdx.getTicket(id);
                } catch (RuntimeException e) {
                  thrown.set(e);
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
              });
      caller.start();
      awaitCalls(sandbox, GET_TICKET, 1);
      Thread.sleep(300);
      long start = System.nanoTime();
      caller.interrupt();
      caller.join(5_000);

      assertThat(caller.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(thrown.get())
          .isInstanceOf(TdxException.Transport.class)
          .hasMessageContaining("interrupted while waiting after a 429");
      assertThat(stillInterrupted.get()).isTrue();
    }
  }

  private static void awaitCalls(TdxSandbox sandbox, String template, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sandbox.calls().getOrDefault(template, 0L) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no call of " + template + " within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
