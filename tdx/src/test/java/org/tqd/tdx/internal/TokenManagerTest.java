package org.tqd.tdx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.tqd.tdx.MutableClock;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.Tokens;

class TokenManagerTest {

  private static final Instant T0 = Instant.parse("2026-03-05T12:00:00Z");
  private static final TdxCredentials KEY = new TdxCredentials.WebServicesKey("b", "k");

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger logins = new AtomicInteger();

  /** Logs in with tokens valid for {@code lifetime} from the clock's now, numbered by login. */
  private TokenManager manager(Duration lifetime) {
    return new TokenManager(
        KEY,
        clock,
        () -> {
          int n = logins.incrementAndGet();
          Instant now = clock.instant();
          return "\""
              + Tokens.jwt(
                  "{\"nbf\":"
                      + now.getEpochSecond()
                      + ",\"exp\":"
                      + now.plus(lifetime).getEpochSecond()
                      + ",\"n\":"
                      + n
                      + "}")
              + "\"";
        });
  }

  @Test
  void manyConcurrentCallersShareOneLogin() throws Exception {
    CountDownLatch inLogin = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TokenManager tokens =
        new TokenManager(
            KEY,
            clock,
            () -> {
              logins.incrementAndGet();
              inLogin.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return Tokens.jwt(T0, T0.plus(Duration.ofHours(24)));
            });
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(pool.submit(() -> tokens.token("GET tickets/{id}", "u")));
      }
      inLogin.await();
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get()).isEqualTo(Tokens.jwt(T0, T0.plus(Duration.ofHours(24))));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(logins).hasValue(1);
    assertThat(tokens.logins()).isEqualTo(1);
  }

  @Test
  void renewsSixtySecondsBeforeExpiryOfLongLivedTokens() {
    TokenManager tokens = manager(Duration.ofHours(24));
    String first = tokens.token("m", "u");

    clock.advance(Duration.ofHours(24).minusSeconds(62));
    assertThat(tokens.token("m", "u")).isEqualTo(first);
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.token("m", "u")).isNotEqualTo(first);
    assertThat(logins).hasValue(2);
  }

  @Test
  void renewsShortLivedTokensAtNinetyPercentOfTheirLifetime() {
    // 11 s in the claims is 10 s for sure (whole seconds); renewal comes 1 s before that.
    TokenManager tokens = manager(Duration.ofSeconds(11));
    String first = tokens.token("m", "u");

    clock.advance(Duration.ofMillis(8_900));
    assertThat(tokens.token("m", "u")).isEqualTo(first);
    clock.advance(Duration.ofMillis(200));
    assertThat(tokens.token("m", "u")).isNotEqualTo(first);
  }

  @Test
  void measuresLifetimeOnTheLocalClockDespiteServerSkew() {
    // The server's clock is two hours behind: nbf and exp are both early by our clock.
    Instant serverNow = T0.minus(Duration.ofHours(2));
    TokenManager tokens =
        new TokenManager(
            KEY,
            clock,
            () -> {
              logins.incrementAndGet();
              return Tokens.jwt(serverNow, serverNow.plus(Duration.ofHours(3)));
            });
    tokens.token("m", "u");
    clock.advance(Duration.ofHours(2));
    tokens.token("m", "u");

    assertThat(logins).hasValue(1);
  }

  @Test
  void renewsARejectedTokenOnlyOnceForAllWhoSawItRejected() {
    TokenManager tokens = manager(Duration.ofHours(24));
    String rejected = tokens.token("m", "u");

    String second = tokens.renewAfterRejection(rejected);
    String third = tokens.renewAfterRejection(rejected);

    assertThat(second).isNotEqualTo(rejected).isEqualTo(third);
    assertThat(logins).hasValue(2);
  }

  @Test
  void keepsTheCurrentTokenWhenEarlyRenewalFails() {
    AtomicInteger failures = new AtomicInteger();
    TokenManager tokens =
        new TokenManager(
            KEY,
            clock,
            () -> {
              if (logins.incrementAndGet() == 2) {
                failures.incrementAndGet();
                throw new TdxException.ServerError("POST auth/loginadmin", "u", 503, "down");
              }
              Instant now = clock.instant();
              return Tokens.jwt(now, now.plusSeconds(1000));
            });
    String first = tokens.token("m", "u");
    clock.advance(Duration.ofSeconds(950));

    assertThat(tokens.token("m", "u")).isEqualTo(first);
    assertThat(tokens.token("m", "u")).isEqualTo(first);
    assertThat(failures).hasValue(1);

    clock.advance(Duration.ofSeconds(6));
    assertThat(tokens.token("m", "u")).isNotEqualTo(first);
    assertThat(logins).hasValue(3);
  }

  @Test
  void failsWhenLoginFailsWithoutAUsableToken() {
    TokenManager tokens =
        new TokenManager(
            KEY,
            clock,
            () -> {
              throw new TdxException.ServerError("POST auth/loginadmin", "u", 503, "down");
            });

    assertThatThrownBy(() -> tokens.token("m", "u")).isInstanceOf(TdxException.ServerError.class);
  }

  @Test
  void staticTokenIsUsedUntilItExpiresThenFailsClearly() {
    String jwt = Tokens.jwt(T0, T0.plusSeconds(100));
    TokenManager tokens =
        new TokenManager(
            new TdxCredentials.StaticToken(jwt),
            clock,
            () -> {
              throw new AssertionError("a static token never logs in");
            });

    assertThat(tokens.token("GET tickets/{id}", "u")).isEqualTo(jwt);
    assertThat(tokens.canRenew()).isFalse();
    clock.advance(Duration.ofSeconds(100));
    assertThatThrownBy(() -> tokens.token("GET tickets/{id}", "http://h/api/46/tickets/1"))
        .isInstanceOf(TdxException.Unauthorized.class)
        .hasMessageContaining("GET tickets/{id} http://h/api/46/tickets/1")
        .hasMessageContaining("TDX_API_TOKEN")
        .hasMessageContaining("expired at 2026-03-05T12:01:40Z")
        .hasMessageNotContaining(jwt);
  }

  @Test
  void staticTokenWithoutExpiryIsUsedForever() {
    TokenManager tokens =
        new TokenManager(new TdxCredentials.StaticToken("opaque"), clock, () -> "never");
    clock.advance(Duration.ofDays(365));

    assertThat(tokens.token("m", "u")).isEqualTo("opaque");
  }
}
