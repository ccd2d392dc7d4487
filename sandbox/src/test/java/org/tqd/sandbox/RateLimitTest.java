package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00.250Z"));
  TdxSandbox sandbox;
  Http http;
  int ticketId;

  @BeforeEach
  void start() {
    sandbox = TdxSandbox.builder().tickets(3).clock(clock).build().start();
    http = new Http(sandbox.baseUrl()).token(sandbox.issueToken());
    ticketId = sandbox.reportTickets().get(0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  static Instant reset(HttpResponse<String> r) {
    String header = r.headers().firstValue("X-RateLimit-Reset").orElseThrow();
    assertThat(header)
        .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    return ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  static int header(HttpResponse<String> r, String name) {
    return Integer.parseInt(r.headers().firstValue(name).orElseThrow());
  }

  @Test
  void everyResponseCarriesTheHeadersAndTheWindowStartsAtTheFirstCall() {
    HttpResponse<String> first = http.get("/46/tickets/" + ticketId);
    assertThat(header(first, "X-RateLimit-Limit")).isEqualTo(60);
    assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo(59);
    assertThat(reset(first)).isEqualTo(Instant.parse("2026-05-01T12:01:01Z"));
    clock.advance(Duration.ofSeconds(20));
    HttpResponse<String> notFound = http.get("/46/tickets/1");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(header(notFound, "X-RateLimit-Remaining")).isEqualTo(58);
    assertThat(reset(notFound)).isEqualTo(reset(first));
  }

  @Test
  void pastTheLimitAnswersBare429UntilTheReset() {
    for (int i = 0; i < 60; i++) {
      assertThat(http.get("/46/tickets/" + ticketId).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = http.get("/46/tickets/" + ticketId);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEmpty();
    assertThat(header(refused, "X-RateLimit-Limit")).isEqualTo(60);
    assertThat(header(refused, "X-RateLimit-Remaining")).isZero();
    Instant reset = reset(refused);
    assertThat(reset).isAfter(clock.instant());

    // Other methods have their own buckets.
    assertThat(http.get("/46/tickets/" + ticketId + "/feed").statusCode()).isEqualTo(200);

    clock.advance(Duration.between(clock.instant(), reset).minusMillis(1));
    assertThat(http.get("/46/tickets/" + ticketId).statusCode()).isEqualTo(429);
    clock.advance(Duration.ofMillis(1));
    HttpResponse<String> again = http.get("/46/tickets/" + ticketId);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(header(again, "X-RateLimit-Remaining")).isEqualTo(59);
  }

  @Test
  void documentedLimitsPerMethod() {
    assertThat(header(http.get("//reports/1344?withData=true"), "X-RateLimit-Limit")).isEqualTo(30);
    assertThat(header(http.get("/reports"), "X-RateLimit-Limit")).isEqualTo(45);
    assertThat(header(http.post("/reports/search", "{}"), "X-RateLimit-Limit")).isEqualTo(45);
    assertThat(header(http.post("/46/tickets/search", "{}"), "X-RateLimit-Limit")).isEqualTo(30);
    assertThat(header(http.post("/48/assets/search", "{\"MaxResults\":1}"), "X-RateLimit-Limit"))
        .isEqualTo(60);
    HttpResponse<String> login =
        new Http(sandbox.baseUrl()).post("/auth/login", "{\"username\":\"x\",\"password\":\"y\"}");
    assertThat(header(login, "X-RateLimit-Limit")).isEqualTo(60);
  }

  @Test
  void reportLimitIsPerUser() {
    Http other = Http.loggedIn(sandbox);
    for (int i = 0; i < 30; i++) {
      assertThat(http.get("/reports/1344").statusCode()).isEqualTo(200);
    }
    assertThat(http.get("/reports/1344").statusCode()).isEqualTo(429);
    HttpResponse<String> otherUser = other.get("/reports/1344");
    assertThat(otherUser.statusCode()).isEqualTo(200);
    assertThat(header(otherUser, "X-RateLimit-Remaining")).isEqualTo(29);
  }

  @Test
  void ticketSearchLimitIsPerIp() {
    Http other = Http.loggedIn(sandbox);
    for (int i = 0; i < 30; i++) {
      assertThat(http.post("/46/tickets/search", "{\"MaxResults\":1}").statusCode()).isEqualTo(200);
    }
    assertThat(other.post("/46/tickets/search", "{\"MaxResults\":1}").statusCode()).isEqualTo(429);
  }

  @Test
  void limitsCanBeScaledShortenedOrSwitchedOff() {
    sandbox.rateLimits(new RateLimits(true, 0.1, Duration.ofSeconds(2)));
    HttpResponse<String> first = http.get("/46/tickets/" + ticketId);
    assertThat(header(first, "X-RateLimit-Limit")).isEqualTo(6);
    assertThat(Duration.between(clock.instant(), reset(first)))
        .isLessThanOrEqualTo(Duration.ofSeconds(3));
    for (int i = 0; i < 5; i++) {
      http.get("/46/tickets/" + ticketId);
    }
    assertThat(http.get("/46/tickets/" + ticketId).statusCode()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(3));
    assertThat(http.get("/46/tickets/" + ticketId).statusCode()).isEqualTo(200);

    sandbox.rateLimits(RateLimits.off());
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = http.get("/46/tickets/" + ticketId);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    }
  }

  @Test
  void burstFaultRefusesTheNextLimitedCalls() {
    sandbox.faults().rateLimitBurst(2);
    HttpResponse<String> one = http.get("/46/tickets/" + ticketId);
    assertThat(one.statusCode()).isEqualTo(429);
    assertThat(one.body()).isEmpty();
    assertThat(header(one, "X-RateLimit-Remaining")).isZero();
    reset(one);
    assertThat(http.get("/46/tickets/" + ticketId + "/feed").statusCode()).isEqualTo(429);
    assertThat(http.get("/46/tickets/" + ticketId).statusCode()).isEqualTo(200);
    assertThat(sandbox.faults().rateLimitBurst()).isZero();
  }
}
