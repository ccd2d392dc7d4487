package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
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
  void hangOutlastsTheClientTimeoutButTheWriteHappens() {
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
}
