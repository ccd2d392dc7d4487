package org.tqd.tdx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.MutableClock;

class RateLimitPacerTest {

  private static final String M = "GET tickets/{id}";
  private static final long LONG = 600_000;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-05T12:00:00Z"));
  private final RateLimitPacer pacer = new RateLimitPacer(clock, Duration.ofSeconds(1));

  private RateLimitHeaders left(int remaining, int resetInSeconds) {
    return new RateLimitHeaders(
        60, remaining, clock.instant().plusSeconds(resetInSeconds), clock.instant());
  }

  private CompletableFuture<RateLimitPacer.Permit> acquireAsync(String method) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return pacer.acquire(method, LONG);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void methodsWithoutHeadersAreNotPaced() throws Exception {
    for (int i = 0; i < 1000; i++) {
      pacer.acquire(M, 0);
    }
    RateLimitPacer.Permit p = pacer.acquire(M, 0);
    pacer.complete(p, 200, RateLimitHeaders.NONE);
    pacer.acquire(M, 0);
  }

  @Test
  void callsInFlightCountAgainstWhatIsLeft() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 200, left(2, 60));
    RateLimitPacer.Permit p1 = pacer.acquire(M, 0);
    RateLimitPacer.Permit p2 = pacer.acquire(M, 0);

    CompletableFuture<RateLimitPacer.Permit> third = acquireAsync(M);
    pacer.complete(p1, 200, left(1, 60));
    Thread.sleep(50);
    assertThat(third).isNotDone();

    pacer.complete(p2, 200, left(0, 60));
    Thread.sleep(50);
    assertThat(third).isNotDone();

    clock.advance(Duration.ofSeconds(61));
    await().atMost(Duration.ofSeconds(3)).until(third::isDone);
  }

  @Test
  void otherMethodsAreNotHeldUpByAnExhaustedOne() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 200, left(0, 60));

    assertThat(pacer.acquire("GET tickets/{id}/feed", 0)).isNotNull();
  }

  @Test
  void refusesToWaitLongerThanAllowed() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 200, left(0, 30));

    assertThatThrownBy(() -> pacer.acquire(M, 30_000))
        .isInstanceOf(RateLimitPacer.WaitTooLong.class)
        .satisfies(
            e ->
                assertThat(((RateLimitPacer.WaitTooLong) e).resetAt())
                    .isEqualTo(clock.instant().plusSeconds(30)));
  }

  @Test
  void aNewWindowStartsWithTheFullLimit() throws Exception {
    pacer.complete(
        pacer.acquire(M, 0),
        200,
        new RateLimitHeaders(3, 0, clock.instant().plusSeconds(10), clock.instant()));
    clock.advance(Duration.ofSeconds(12));

    pacer.acquire(M, 0);
    pacer.acquire(M, 0);
    pacer.acquire(M, 0);
    CompletableFuture<RateLimitPacer.Permit> fourth = acquireAsync(M);
    Thread.sleep(50);
    assertThat(fourth).isNotDone();
    fourth.cancel(true);
  }

  @Test
  void outOfOrderAnswersKeepTheLowestCount() throws Exception {
    RateLimitPacer.Permit a = pacer.acquire(M, 0);
    RateLimitPacer.Permit b = pacer.acquire(M, 0);
    pacer.complete(a, 200, left(0, 60));
    pacer.complete(b, 200, left(1, 60));

    assertThatThrownBy(() -> pacer.acquire(M, 1_000))
        .isInstanceOf(RateLimitPacer.WaitTooLong.class);
  }

  @Test
  void answersFromAnEndedWindowAreIgnored() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 200, left(0, -5));

    assertThat(pacer.acquire(M, 0)).isNotNull();
  }

  @Test
  void aBare429BlocksTheMethodForFiveSeconds() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 429, RateLimitHeaders.NONE);

    assertThatThrownBy(() -> pacer.acquire(M, 5_500))
        .isInstanceOf(RateLimitPacer.WaitTooLong.class);
    clock.advance(Duration.ofSeconds(6));
    assertThat(pacer.acquire(M, 0)).isNotNull();
  }

  @Test
  void convertsResetTimesFromTheServersClock() throws Exception {
    // The server's clock runs 10 s ahead of ours; its window ends 20 s from its now, which is
    // 30 s from ours if read naively.
    Instant serverNow = clock.instant().plusSeconds(10);
    pacer.complete(
        pacer.acquire(M, 0),
        200,
        new RateLimitHeaders(60, 0, serverNow.plusSeconds(20), serverNow));

    assertThat(pacer.toLocalMillis(serverNow)).isEqualTo(clock.millis());
    assertThatThrownBy(() -> pacer.acquire(M, 20_900))
        .isInstanceOf(RateLimitPacer.WaitTooLong.class);
    clock.advance(Duration.ofSeconds(21));
    assertThat(pacer.acquire(M, 0)).isNotNull();
  }

  @Test
  void keepsTheHighestRecentClockOffset() throws Exception {
    Instant epoch = Instant.EPOCH;
    pacer.complete(pacer.acquire(M, 0), 200, serverDateIn(10_000));
    pacer.complete(pacer.acquire(M, 0), 200, serverDateIn(9_200));
    assertThat(pacer.toLocalMillis(epoch)).isEqualTo(-10_000);

    clock.advance(Duration.ofSeconds(61));
    pacer.complete(pacer.acquire(M, 0), 200, serverDateIn(9_000));
    assertThat(pacer.toLocalMillis(epoch)).isEqualTo(-9_000);
  }

  private RateLimitHeaders serverDateIn(long millis) {
    return new RateLimitHeaders(null, null, null, clock.instant().plusMillis(millis));
  }

  @Test
  void abandonedCallsFreeTheirPlace() throws Exception {
    pacer.complete(pacer.acquire(M, 0), 200, left(1, 60));
    RateLimitPacer.Permit p = pacer.acquire(M, 0);
    CompletableFuture<RateLimitPacer.Permit> next = acquireAsync(M);
    Thread.sleep(50);
    assertThat(next).isNotDone();

    pacer.abandon(p);
    await().atMost(Duration.ofSeconds(3)).until(next::isDone);
  }
}
