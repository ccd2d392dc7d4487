package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {

  static TdxSandbox sandbox;
  static Http http;
  static int ticket;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(5).rateLimits(RateLimits.off()).build().start();
    http = new Http(sandbox.baseUrl()).token(sandbox.issueToken());
    ticket = sandbox.reportTickets().get(0);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void reset() {
    sandbox.faults().reset();
  }

  @Test
  void serverErrorShareFailsThatShareOfCalls() {
    sandbox.faults().serverErrorShare(1.0);
    HttpResponse<String> r = http.get("/46/tickets/" + ticket);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(Http.json(r).get("Message").asText()).isNotBlank();
    sandbox.faults().serverErrorShare(0.5);
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      if (http.get("/46/tickets/" + ticket).statusCode() == 500) {
        failed++;
      }
    }
    assertThat(failed).isBetween(60, 140);
  }

  @Test
  void loginMethodsAreSparedUnlessNamed() {
    sandbox.faults().serverErrorShare(1.0);
    assertThat(Http.loggedIn(sandbox)).isNotNull();
    sandbox.faults().templates(Set.of("POST auth/loginadmin"));
    assertThatThrownBy(() -> Http.loggedIn(sandbox)).hasMessageContaining("500");
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
  }

  @Test
  void errorAfterWriteAppliesTheWriteAnyway() {
    sandbox.faults().serverErrorAfterWriteShare(1.0);
    int before = sandbox.state(ticket).feed().size();
    HttpResponse<String> r =
        http.post("/46/tickets/" + ticket + "/feed", "{\"Comments\":\"lost reply\"}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(sandbox.state(ticket).feed()).hasSize(before + 1);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
  }

  @Test
  void emptyBodyShareDropsResponseBodiesOfWrites() {
    sandbox.faults().emptyBodyShare(1.0);
    HttpResponse<String> r =
        http.post("/46/tickets/" + ticket + "/feed", "{\"Comments\":\"quiet\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(sandbox.state(ticket).feed().get(sandbox.state(ticket).feed().size() - 1).body())
        .isEqualTo("quiet");
  }

  @Test
  void hangOutlastsTheClientTimeoutButTheWriteHappens() throws InterruptedException {
    sandbox.faults().hangShare(1.0).hangMillis(1500);
    int before = sandbox.state(ticket).feed().size();
    assertThatThrownBy(
            () ->
                http.send(
                    "POST",
                    "/46/tickets/" + ticket + "/feed",
                    "{\"Comments\":\"slow\"}",
                    "application/json",
                    Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    // The server applied the write before it started to hang; poll in case it was slow to start.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sandbox.state(ticket).feed().size() == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sandbox.state(ticket).feed()).hasSize(before + 1);
  }

  @Test
  void latencyDelaysResponses() {
    sandbox.faults().latencyMillis(200);
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.get("/46/tickets/" + ticket);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("json"));
    assertThat(Http.json(r).get("ID").asInt()).isEqualTo(ticket);
    HttpResponse<String> missing = http.get("/46/tickets/1");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).get("Message").asText()).contains("1");
  }

  @Test
  void faultsChangeOverHttp() {
    Http control = new Http(sandbox.rootUrl());
    HttpResponse<String> r =
        control.post(
            "/_sandbox/faults",
            "{\"serverErrorShare\":1,\"tokenLifetimeSeconds\":60,\"assetAddBody\":\"message\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r).get("serverErrorShare").asDouble()).isEqualTo(1.0);
    assertThat(sandbox.faults().tokenLifetimeSeconds()).isEqualTo(60);
    assertThat(sandbox.faults().assetAddBody()).isEqualTo(Faults.AssetAddBody.MESSAGE);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(500);
    assertThat(control.post("/_sandbox/faults", "{\"reset\":true}").statusCode()).isEqualTo(200);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
    assertThat(control.post("/_sandbox/faults", "{\"serverErrorShare\":2}").statusCode())
        .isEqualTo(400);
    assertThat(control.post("/_sandbox/faults", "{\"bogus\":1}").statusCode()).isEqualTo(400);
  }

  @Test
  void lostAnswerAppliesTheWriteButAnswersAfterTheClientGaveUp() throws InterruptedException {
    sandbox.faults().lostAnswerShare(1.0).lostAnswerTemplates(Set.of("POST tickets/{id}/feed"));
    sandbox.faults().hangMillis(1500);
    int before = sandbox.state(ticket).feed().size();
    assertThatThrownBy(
            () ->
                http.send(
                    "POST",
                    "/46/tickets/" + ticket + "/feed",
                    "{\"Comments\":\"answer lost\"}",
                    "application/json",
                    Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sandbox.state(ticket).feed().size() == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sandbox.state(ticket).feed()).hasSize(before + 1);
    // Reads and other writes answer at once.
    assertThat(
            http.send("GET", "/46/tickets/" + ticket, null, null, Duration.ofMillis(1000))
                .statusCode())
        .isEqualTo(200);
    int asset = someAsset();
    assertThat(
            http.send(
                    "POST",
                    "/46/tickets/" + ticket + "/assets/" + asset,
                    "{}",
                    "application/json",
                    Duration.ofMillis(1000))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void lostAnswersIgnoreTheGeneralTemplatesAndSpareFailedWrites() {
    sandbox.faults().lostAnswerShare(1.0).hangMillis(1500).templates(Set.of("GET tickets/{id}"));
    HttpResponse<String> refused =
        http.send(
            "POST",
            "/46/tickets/" + ticket + "/feed",
            "{\"Comments\":\"\",\"NewStatusID\":999999}",
            "application/json",
            Duration.ofMillis(1000));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThatThrownBy(
            () ->
                http.send(
                    "POST",
                    "/46/tickets/" + ticket + "/feed",
                    "{\"Comments\":\"lost too\"}",
                    "application/json",
                    Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void anOutageAnswers5xxToEveryCallUntilItEndsAndNothingTakesEffect() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T00:00:00Z"));
    try (TdxSandbox s =
        TdxSandbox.builder().tickets(2).rateLimits(RateLimits.off()).clock(clock).build().start()) {
      Http api = new Http(s.baseUrl()).token(s.issueToken());
      int id = s.reportTickets().get(0);
      int feed = s.state(id).feed().size();
      s.faults().outage(Duration.ofSeconds(60), clock.instant());
      assertThat(api.get("/46/tickets/" + id).statusCode()).isEqualTo(503);
      assertThat(Http.json(api.get("/46/tickets/" + id)).get("Message").asText()).isNotBlank();
      assertThat(api.post("/46/tickets/" + id + "/feed", "{\"Comments\":\"x\"}").statusCode())
          .isEqualTo(503);
      assertThat(s.state(id).feed()).hasSize(feed);
      assertThatThrownBy(() -> Http.loggedIn(s)).hasMessageContaining("503");
      clock.advance(Duration.ofSeconds(59));
      assertThat(api.get("/46/tickets/" + id).statusCode()).isEqualTo(503);
      clock.advance(Duration.ofSeconds(1));
      assertThat(api.get("/46/tickets/" + id).statusCode()).isEqualTo(200);
      assertThat(Http.loggedIn(s)).isNotNull();

      s.faults().outageUntilEnded().outageStatus(500);
      clock.advance(Duration.ofHours(1));
      assertThat(api.get("/46/tickets/" + id).statusCode()).isEqualTo(500);
      s.faults().endOutage();
      assertThat(api.get("/46/tickets/" + id).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anOutageCanBeLimitedToSomeMethodsAndCanHang() {
    sandbox.faults().outageTemplates(Set.of("POST tickets/{id}/feed")).outageUntilEnded();
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
    assertThat(http.post("/46/tickets/" + ticket + "/feed", "{\"Comments\":\"x\"}").statusCode())
        .isEqualTo(503);
    sandbox.faults().outageHang(true).hangMillis(1500);
    int before = sandbox.state(ticket).feed().size();
    assertThatThrownBy(
            () ->
                http.send(
                    "POST",
                    "/46/tickets/" + ticket + "/feed",
                    "{\"Comments\":\"never\"}",
                    "application/json",
                    Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(sandbox.state(ticket).feed()).hasSize(before);
  }

  @Test
  void forbiddenTemplatesAnswer403WithoutEffectUntilSwitchedOff() {
    int asset = someAsset();
    http.send("DELETE", "/46/tickets/" + ticket + "/assets/" + asset, null);
    sandbox.faults().forbiddenTemplates(Set.of("POST tickets/{id}/assets/{assetId}"));
    HttpResponse<String> r = http.post("/46/tickets/" + ticket + "/assets/" + asset, "{}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Http.json(r).get("Message").asText()).contains("permission");
    assertThat(sandbox.state(ticket).assetIds()).doesNotContain(asset);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
    assertThat(http.post("/46/tickets/" + ticket + "/feed", "{\"Comments\":\"ok\"}").statusCode())
        .isEqualTo(200);
    sandbox.faults().forbiddenTemplates(Set.of());
    assertThat(http.post("/46/tickets/" + ticket + "/assets/" + asset, "{}").statusCode())
        .isEqualTo(200);
    assertThat(sandbox.state(ticket).assetIds()).contains(asset);
  }

  @Test
  void newFaultsChangeOverHttp() {
    Http control = new Http(sandbox.rootUrl());
    HttpResponse<String> r =
        control.post(
            "/_sandbox/faults",
            "{\"outageSeconds\":30,\"outageStatus\":502,\"lostAnswerShare\":0.5,"
                + "\"lostAnswerTemplates\":[\"POST tickets/{id}/feed\"],"
                + "\"forbiddenTemplates\":[\"POST tickets/{id}/assets/{assetId}\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r).get("outage").asBoolean()).isTrue();
    assertThat(Http.json(r).get("outageSeconds").asDouble()).isBetween(25.0, 30.0);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(502);
    assertThat(sandbox.faults().lostAnswerShare()).isEqualTo(0.5);
    assertThat(sandbox.faults().lostAnswerTemplates()).containsExactly("POST tickets/{id}/feed");
    assertThat(sandbox.faults().forbids("POST tickets/{id}/assets/{assetId}")).isTrue();

    r = control.post("/_sandbox/faults", "{\"outageSeconds\":0}");
    assertThat(Http.json(r).get("outage").asBoolean()).isFalse();
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);
    r = control.post("/_sandbox/faults", "{\"outage\":true}");
    assertThat(Http.json(r).get("outageSeconds").asInt()).isEqualTo(-1);
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(502);
    control.post("/_sandbox/faults", "{\"outage\":false}");
    assertThat(http.get("/46/tickets/" + ticket).statusCode()).isEqualTo(200);

    assertThat(control.post("/_sandbox/faults", "{\"outageStatus\":404}").statusCode())
        .isEqualTo(400);
    assertThat(control.post("/_sandbox/faults", "{\"outageSeconds\":-1}").statusCode())
        .isEqualTo(400);
    control.post("/_sandbox/faults", "{\"reset\":true}");
    assertThat(sandbox.faults().forbiddenTemplates()).isEmpty();
    assertThat(sandbox.faults().outageUntil()).isNull();
  }

  private static int someAsset() {
    return Http.json(http.post("/48/assets/search", "{}")).get(0).get("ID").asInt();
  }
}
