package org.tqd.tdx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void parsesRfc1123DatesAsTdxSendsThem() {
    assertThat(RateLimitHeaders.parseRfc1123("Wed, 28 Mar 2018 16:08:14 GMT"))
        .isEqualTo(Instant.parse("2018-03-28T16:08:14Z"));
    assertThat(RateLimitHeaders.parseRfc1123("Thu, 5 Mar 2026 16:00:00 GMT"))
        .isEqualTo(Instant.parse("2026-03-05T16:00:00Z"));
    assertThat(RateLimitHeaders.parseRfc1123("Thu, 05 Mar 2026 17:00:00 +0100"))
        .isEqualTo(Instant.parse("2026-03-05T16:00:00Z"));
  }

  @Test
  void malformedOrMissingDatesAreNull() {
    assertThat(RateLimitHeaders.parseRfc1123("2018-03-28T16:08:14Z")).isNull();
    assertThat(RateLimitHeaders.parseRfc1123("")).isNull();
    assertThat(RateLimitHeaders.parseRfc1123(null)).isNull();
  }

  @Test
  void readsAllHeadersCaseInsensitively() {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of(
                "x-ratelimit-limit", List.of("60"),
                "X-RATELIMIT-REMAINING", List.of(" 59 "),
                "X-RateLimit-Reset", List.of("Wed, 28 Mar 2018 16:08:14 GMT"),
                "date", List.of("Wed, 28 Mar 2018 16:07:14 GMT")),
            (a, b) -> true);

    assertThat(RateLimitHeaders.from(headers))
        .isEqualTo(
            new RateLimitHeaders(
                60,
                59,
                Instant.parse("2018-03-28T16:08:14Z"),
                Instant.parse("2018-03-28T16:07:14Z")));
  }

  @Test
  void toleratesMissingAndMalformedHeaders() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("X-RateLimit-Remaining", List.of("many")), (a, b) -> true);

    assertThat(RateLimitHeaders.from(headers)).isEqualTo(RateLimitHeaders.NONE);
  }
}
