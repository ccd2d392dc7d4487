package org.tqd.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.starter.PollResult.ErrorKind;
import org.tqd.starter.PollResult.PollError;

class PollHealthTest {

  private static PollResult poll(long n, PollError error) {
    return new PollResult(
        n, 1344, "Queue", false, Instant.EPOCH, Duration.ZERO, 1, 1, 0, 0, List.of(), error, false);
  }

  @Test
  void downWhileTheLedgerCannotBeReadAndAfterThreeFailedPollsUpAgainAtTheFirstGoodOne() {
    List<PollResult> seen = new ArrayList<>();
    PollHealth health = new PollHealth(seen::add, 3);
    assertThat(health.healthy()).isTrue();

    health.pollFinished(poll(1, new PollError(ErrorKind.LEDGER, "connection refused")));
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).contains("ledger cannot be read");

    health.pollFinished(poll(2, null));
    assertThat(health.healthy()).isTrue();

    health.pollFinished(poll(3, new PollError(ErrorKind.REPORT, "500")));
    health.pollFinished(poll(4, new PollError(ErrorKind.REPORT, "500")));
    assertThat(health.healthy()).isTrue();
    health.pollFinished(poll(5, new PollError(ErrorKind.REPORT, "500")));
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).startsWith("3 polls in a row failed");

    health.pollFinished(poll(6, null));
    assertThat(health.healthy()).isTrue();
    assertThat(seen).hasSize(6);
  }
}
