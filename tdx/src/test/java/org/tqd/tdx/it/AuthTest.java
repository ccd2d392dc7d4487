package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.MutableClock;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;

/** Logging in, renewing tokens, and what happens when TDX refuses them. */
class AuthTest {

  private static final String LOGIN = "POST auth/loginadmin";
  private static final String GET_TICKET = "GET tickets/{id}";

  @Test
  void manyThreadsShareEachRenewalOfAShortLivedToken() throws Exception {
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(5)
            .rateLimits(RateLimits.off())
            .faults(f -> f.tokenLifetimeSeconds(3))
            .build()
            .start()) {
      CallLog log = new CallLog();
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).listener(log).build());
      int id = Sandboxes.firstTicket(sandbox);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      AtomicInteger calls = new AtomicInteger();
      long end = System.nanoTime() + Duration.ofMillis(4_500).toNanos();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          done.add(
              pool.submit(
                  () -> {
                    while (System.nanoTime() < end) {
                      tdx.getTicket(id);
                      calls.incrementAndGet();
                      Thread.sleep(20);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(); // any failure surfaces here
        }
      } finally {
        pool.shutdownNow();
      }

      // A 3 s token is renewed about every 1.8 s: 3 or 4 logins in 4.5 s, never one per thread.
      assertThat(calls.get()).isGreaterThan(100);
      assertThat(tdx.loginCount()).isBetween(2, 5);
      assertThat(sandbox.calls()).containsEntry(LOGIN, (long) tdx.loginCount());
      System.out.printf(
          "%d calls by 16 threads over 4.5 s with 3 s tokens: %d logins, %d answers 401%n",
          calls.get(), tdx.loginCount(), log.count(GET_TICKET, 401));
    }
  }

  @Test
  void aTokenTdxNoLongerAcceptsIsRenewedOnceForAllWaitingThreads() throws Exception {
    MutableClock serverClock = new MutableClock(Instant.now());
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(3)
            .rateLimits(RateLimits.off())
            .clock(serverClock)
            .build()
            .start()) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.firstTicket(sandbox);
      tdx.getTicket(id);
      // The client still believes its 24 h token is good; TDX has moved on a day.
      serverClock.advance(Duration.ofHours(25));

      ExecutorService pool = Executors.newFixedThreadPool(10);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
          done.add(
              pool.submit(
                  () -> {
                    go.await();
                    return tdx.getTicket(id);
                  }));
        }
        go.countDown();
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(tdx.loginCount()).isEqualTo(2);
      assertThat(sandbox.calls()).containsEntry(LOGIN, 2L);
    }
  }

  @Test
  void aTokenRefusedAgainAfterRenewalIsUnauthorized() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx = new TdxClient(Sandboxes.config(sandbox).build());
      int id = Sandboxes.firstTicket(sandbox);
      sandbox.faults().permissionDenied(true);

      assertThatThrownBy(() -> tdx.getTicket(id))
          .isInstanceOfSatisfying(
              TdxException.Unauthorized.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.isRetryable()).isFalse();
                assertThat(e)
                    .hasMessageContaining("Authorization has been denied for this request.")
                    .hasMessageContaining("also with a fresh token");
              });
      assertThat(tdx.loginCount()).isEqualTo(2);
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 2L);
    }
  }

  @Test
  void wrongKeysAreUnauthorizedWithAHintAndWithoutTheKey() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      String wrongKey = "00000000-1111-2222-3333-444444444444";
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .credentials(
                      new TdxCredentials.WebServicesKey(sandbox.beid().toString(), wrongKey))
                  .build());

      assertThatThrownBy(() -> tdx.getTicket(Sandboxes.firstTicket(sandbox)))
          .isInstanceOfSatisfying(
              TdxException.Unauthorized.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.method()).isEqualTo(LOGIN);
                assertThat(e)
                    .hasMessageContaining("check TDX_BEID and TDX_WEB_SERVICES_KEY")
                    .hasMessageNotContaining(wrongKey);
              });
      assertThat(sandbox.calls()).doesNotContainKey(GET_TICKET);
    }
  }

  @Test
  void wrongPasswordsNameTheirVariables() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .credentials(
                      new TdxCredentials.UsernamePassword(sandbox.username(), "not-it-123"))
                  .build());

      assertThatThrownBy(tdx::getTicketStatuses)
          .isInstanceOf(TdxException.Unauthorized.class)
          .hasMessageContaining("check TDX_USERNAME and TDX_PASSWORD")
          .hasMessageNotContaining("not-it-123");
    }
  }

  @Test
  void aBaseUrlWithoutTheApiPrefixIsExplained() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      TdxClient tdx =
          new TdxClient(Sandboxes.config(sandbox).baseUrl(sandbox.rootUrl() + "/api").build());

      assertThatThrownBy(tdx::getTicketStatuses)
          .isInstanceOfSatisfying(
              TdxException.Unauthorized.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e).hasMessageContaining("must end in /TDWebApi/api");
              });
    }
  }

  @Test
  void logsInWithUserNameAndPasswordOnTheSandboxPrefixAndAQuotedToken() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      sandbox.faults().quotedToken(true);
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .baseUrl(sandbox.sandboxBaseUrl().replace("/api", "//api/"))
                  .credentials(
                      new TdxCredentials.UsernamePassword(sandbox.username(), sandbox.password()))
                  .build());

      int id = Sandboxes.firstTicket(sandbox);
      assertThat(tdx.getTicket(id).id()).isEqualTo(id);
      assertThat(tdx.config().baseUrl()).endsWith("/SBTDWebApi/api");
      assertThat(sandbox.calls()).containsEntry("POST auth/login", 1L);
    }
  }

  @Test
  void aStaticTokenIsUsedAsIsAndAfterARefusalFailsForGood() {
    MutableClock serverClock = new MutableClock(Instant.now());
    try (TdxSandbox sandbox =
        TdxSandbox.builder()
            .tickets(3)
            .rateLimits(RateLimits.off())
            .clock(serverClock)
            .build()
            .start()) {
      String token = sandbox.issueToken();
      TdxClient tdx =
          new TdxClient(
              Sandboxes.config(sandbox)
                  .credentials(new TdxCredentials.StaticToken("\"" + token + "\""))
                  .build());
      int id = Sandboxes.firstTicket(sandbox);
      assertThat(tdx.getTicket(id).id()).isEqualTo(id);

      serverClock.advance(Duration.ofHours(25));
      assertThatThrownBy(() -> tdx.getTicket(id))
          .isInstanceOf(TdxException.Unauthorized.class)
          .hasMessageContaining("TDX_API_TOKEN")
          .hasMessageNotContaining(token);
      assertThat(tdx.loginCount()).isZero();
      assertThat(sandbox.calls()).containsEntry(GET_TICKET, 2L);
    }
  }

  @Test
  void anExpiredStaticTokenFailsWithoutCallingTdx() {
    try (TdxSandbox sandbox = Sandboxes.startUnlimited(3)) {
      String token = sandbox.issueToken();
      TdxClientConfig config =
          Sandboxes.config(sandbox)
              .credentials(new TdxCredentials.StaticToken(token))
              .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(25)))
              .build();

      assertThatThrownBy(() -> new TdxClient(config).getTicket(Sandboxes.firstTicket(sandbox)))
          .isInstanceOf(TdxException.Unauthorized.class)
          .hasMessageContaining("expired at")
          .hasMessageContaining("TDX_BEID and TDX_WEB_SERVICES_KEY");
      assertThat(sandbox.totalCalls()).isZero();
    }
  }
}
