package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.tqd.activities.ledger.LedgerUnavailableException;
import org.tqd.tdx.TdxException;
import org.tqd.workflows.activities.FailureTypes;

class ActionFailuresTest {

  static final Instant NOW = Instant.parse("2026-03-05T16:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String URL = "https://tdx.example.edu/TDWebApi/api/46/tickets/7";

  @Test
  void aRateLimitIsRetriedFiveSecondsAfterTheReset() {
    ApplicationFailure f =
        ActionFailures.fromTdx(
            7,
            "a:1:v1",
            new TdxException.RateLimited("GET tickets/{id}", URL, NOW.plusSeconds(20)),
            CLOCK);
    assertThat(f.getType()).isEqualTo(FailureTypes.RATE_LIMITED);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void aResetInThePastStillWaitsFiveSeconds() {
    ApplicationFailure f =
        ActionFailures.fromTdx(
            7,
            "a:1:v1",
            new TdxException.RateLimited("GET tickets/{id}", URL, NOW.minusSeconds(30)),
            CLOCK);
    assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void clientErrorsAreNotRetriedAndServerErrorsAre() {
    ApplicationFailure bad =
        ActionFailures.fromTdx(
            7, "a:1:v1", new TdxException.BadRequest("POST tickets/{id}/feed", URL, "no"), CLOCK);
    assertThat(bad.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(bad.isNonRetryable()).isTrue();
    assertThat(bad.getOriginalMessage())
        .startsWith("Ticket 7, action a:1:v1: POST tickets/{id}/feed " + URL)
        .endsWith("not retried");

    ApplicationFailure notFound =
        ActionFailures.fromTdx(
            7, "a:1:v1", new TdxException.NotFound("GET tickets/{id}", URL, "x"), CLOCK);
    assertThat(notFound.getType()).isEqualTo(FailureTypes.NOT_FOUND);
    assertThat(notFound.isNonRetryable()).isTrue();

    ApplicationFailure server =
        ActionFailures.fromTdx(
            7, "a:1:v1", new TdxException.ServerError("GET tickets/{id}", URL, 503, "busy"), CLOCK);
    assertThat(server.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(server.isNonRetryable()).isFalse();

    ApplicationFailure transport =
        ActionFailures.fromTdx(
            7,
            "a:1:v1",
            new TdxException.Transport("GET tickets/{id}", URL, "timed out", null),
            CLOCK);
    assertThat(transport.getType()).isEqualTo(FailureTypes.TRANSPORT);
    assertThat(transport.isNonRetryable()).isFalse();
  }

  @Test
  void anUnreachableLedgerIsRetriedAndSaysNothingWasWritten() {
    ApplicationFailure f =
        ActionFailures.ledgerUnavailable(
            7, "a:1:v1", new LedgerUnavailableException("connection refused", null));
    assertThat(f.getType()).isEqualTo(FailureTypes.LEDGER_UNAVAILABLE);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("nothing more was written to TDX");
  }
}
