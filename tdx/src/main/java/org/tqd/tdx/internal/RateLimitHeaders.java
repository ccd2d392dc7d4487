package org.tqd.tdx.internal;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The rate-limit headers TDX sends with every response of a limited method, plus the {@code Date}
 * header (the server's clock). Any of them may be missing or malformed; such values are null.
 *
 * @param limit {@code X-RateLimit-Limit}: calls allowed in the window
 * @param remaining {@code X-RateLimit-Remaining}: calls left in the window
 * @param reset {@code X-RateLimit-Reset}: when the window ends (server clock, RFC 1123)
 * @param serverDate {@code Date}: the server's clock when it answered (RFC 1123)
 */
public record RateLimitHeaders(
    Integer limit, Integer remaining, Instant reset, Instant serverDate) {

  /** No headers at all. */
  public static final RateLimitHeaders NONE = new RateLimitHeaders(null, null, null, null);

  public static RateLimitHeaders from(HttpHeaders headers) {
    return new RateLimitHeaders(
        integer(headers.firstValue("X-RateLimit-Limit")),
        integer(headers.firstValue("X-RateLimit-Remaining")),
        parseRfc1123(headers.firstValue("X-RateLimit-Reset").orElse(null)),
        parseRfc1123(headers.firstValue("Date").orElse(null)));
  }

  /**
   * Parses an RFC 1123 date such as {@code Wed, 28 Mar 2018 16:08:14 GMT}. Returns null for null or
   * malformed text.
   */
  public static Instant parseRfc1123(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Integer integer(Optional<String> value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value.get().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
