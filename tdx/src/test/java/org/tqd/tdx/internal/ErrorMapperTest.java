package org.tqd.tdx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.TdxException;

class ErrorMapperTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static TdxException map(int status, String body) {
    return map(status, body, HttpHeaders.of(Map.of(), (a, b) -> true));
  }

  private static TdxException map(int status, String body, HttpHeaders headers) {
    return ErrorMapper.map(
        "GET tickets/{id}",
        "http://h/TDWebApi/api/46/tickets/5",
        new HttpTransport.Response(status, body, headers),
        NOW);
  }

  @Test
  void mapsStatusesToTypedFailures() {
    assertThat(map(400, "{}")).isInstanceOf(TdxException.BadRequest.class);
    assertThat(map(401, "{}")).isInstanceOf(TdxException.Unauthorized.class);
    assertThat(map(403, "{}")).isInstanceOf(TdxException.Forbidden.class);
    assertThat(map(404, "{}")).isInstanceOf(TdxException.NotFound.class);
    assertThat(map(408, "")).isInstanceOf(TdxException.ServerError.class);
    assertThat(map(500, "")).isInstanceOf(TdxException.ServerError.class);
    assertThat(map(503, ""))
        .isInstanceOf(TdxException.ServerError.class)
        .extracting(TdxException::status)
        .isEqualTo(503);
    assertThat(map(429, "")).isInstanceOf(TdxException.RateLimited.class);
  }

  @Test
  void messageNamesTemplateUrlAndTdxMessage() {
    TdxException e = map(404, "{\"Message\":\"Ticket not found.\",\"ID\":5}");

    assertThat(e.getMessage())
        .isEqualTo(
            "GET tickets/{id} http://h/TDWebApi/api/46/tickets/5 failed: 404 Not Found: Ticket"
                + " not found.");
    assertThat(e.method()).isEqualTo("GET tickets/{id}");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void extractsMessageFromVariousBodies() {
    assertThat(ErrorMapper.message("{\"message\":\"lower case\"}")).isEqualTo("lower case");
    assertThat(ErrorMapper.message("\"just a string\"")).isEqualTo("just a string");
    assertThat(ErrorMapper.message("<html>\n  <b>Bad gateway</b>\n</html>"))
        .startsWith("an HTML page reading \"Bad gateway\", not the expected JSON");
    assertThat(ErrorMapper.message("")).isEqualTo("(empty body)");
    assertThat(ErrorMapper.message(null)).isEqualTo("(empty body)");
    assertThat(ErrorMapper.message("x".repeat(1000))).hasSize(303);
  }

  @Test
  void rateLimitedCarriesTheResetTimeOrNowWithoutOne() {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of("X-RateLimit-Reset", List.of("Thu, 01 Jan 2026 00:00:42 GMT")), (a, b) -> true);

    assertThat(((TdxException.RateLimited) map(429, "", headers)).resetAt())
        .isEqualTo(Instant.parse("2026-01-01T00:00:42Z"));
    assertThat(((TdxException.RateLimited) map(429, "")).resetAt()).isEqualTo(NOW);
  }

  @Test
  void redirectsTellWhereTo() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("Location", List.of("https://h/TDWebApi/api/46")), (a, b) -> true);

    assertThat(map(301, "", headers))
        .isInstanceOf(TdxException.ServerError.class)
        .hasMessageContaining("redirected to https://h/TDWebApi/api/46");
  }

  @Test
  void anHtmlErrorPageIsNamedByItsTitleNeverQuoted() {
    String page =
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad"
            + " Gateway</h1><p>The proxy server received an invalid response.</p></body></html>";
    String untitled = "<html><body><h1>Service <b>Unavailable</b></h1><p>x</p></body></html>";

    assertThat(ErrorMapper.message(page))
        .isEqualTo(
            "an HTML page titled \"502 Bad Gateway\", not the expected JSON (a proxy or web server"
                + " answered, not the TDX Web API; check TDX_BASE_URL and TDX's status)")
        .doesNotContain("<");
    assertThat(ErrorMapper.message(untitled)).contains("titled \"Service Unavailable\"");
    assertThat(ErrorMapper.message("  <HTML><p></p>")).startsWith("an HTML page, not the expected");
    assertThat(ErrorMapper.message("plain text, not html")).isEqualTo("plain text, not html");
  }
}
