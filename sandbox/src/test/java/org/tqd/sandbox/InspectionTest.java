package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InspectionTest {

  static TdxSandbox sandbox;
  static Http api;
  static Http control;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(10).seed(2).build().start();
    api = new Http(sandbox.baseUrl()).token(sandbox.issueToken());
    control = new Http(sandbox.rootUrl());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void truthListsEveryTicketWithPhaseAndAssets() {
    JsonNode truth = Http.json(control.get("/_sandbox/truth")).get("tickets");
    assertThat(truth.size()).isEqualTo(sandbox.truth().size());
    JsonNode first = truth.get(0);
    assertThat(first.get("phase").asText()).isIn("1", "2", "3", "none");
    assertThat(first.get("expectedAssetIds").isArray()).isTrue();
    assertThat(first.get("ticketId").asInt()).isEqualTo(sandbox.truth().get(0).ticketId());
    for (JsonNode t : truth) {
      List<Integer> initial = new ArrayList<>();
      t.get("initialAssetIds").forEach(n -> initial.add(n.asInt()));
      assertThat(initial).isEqualTo(sandbox.initialAssetIds(t.get("ticketId").asInt()));
    }
  }

  @Test
  void initialAssetsAreThoseLinkedBeforeAnyClientCall() {
    List<Integer> someLinked =
        sandbox.truth().stream()
            .map(TicketTruth::ticketId)
            .filter(id -> !sandbox.initialAssetIds(id).isEmpty())
            .toList();
    assertThat(someLinked).isNotEmpty();
    for (int id : someLinked) {
      assertThat(sandbox.state(id).assetIds()).containsAll(sandbox.initialAssetIds(id));
      assertThat(sandbox.truth(id).expectedAssetIds())
          .doesNotContainAnyElementsOf(sandbox.initialAssetIds(id));
    }
  }

  @Test
  void stateShowsAssetsAndFeed() {
    int id = sandbox.reportTickets().get(0);
    api.post("/46/tickets/" + id + "/feed", "{\"Comments\":\"inspect me\",\"IsPrivate\":true}");
    JsonNode state = Http.json(control.get("/_sandbox/state?ticket=" + id));
    assertThat(state.get("ticketId").asInt()).isEqualTo(id);
    JsonNode feed = state.get("feed");
    JsonNode last = feed.get(feed.size() - 1);
    assertThat(last.get("body").asText()).isEqualTo("inspect me");
    assertThat(last.get("isPrivate").asBoolean()).isTrue();
    assertThat(last.get("author").asText()).isEqualTo("Queue Automation");
    assertThat(last.get("updateType").asInt()).isEqualTo(1);
    assertThat(state.has("statusName")).isTrue();
    assertThat(state.has("responsibleGroupId")).isTrue();
    assertThat(Http.json(control.get("/_sandbox/state")).get("tickets").size())
        .isEqualTo(sandbox.states().size());
    assertThat(control.get("/_sandbox/state?ticket=1").statusCode()).isEqualTo(404);
  }

  @Test
  void callsAreCountedPerMethodTemplate() {
    control.send("DELETE", "/_sandbox/calls", null);
    int id = sandbox.reportTickets().get(1);
    api.get("/46/tickets/" + id);
    api.get("/46/tickets/" + id);
    api.get("//reports/1344");
    JsonNode calls = Http.json(control.get("/_sandbox/calls"));
    assertThat(calls.get("calls").get("GET tickets/{id}").asInt()).isEqualTo(2);
    assertThat(calls.get("calls").get("GET reports/{id}").asInt()).isEqualTo(1);
    assertThat(calls.get("total").asInt()).isEqualTo(3);
    assertThat(sandbox.calls()).containsEntry("GET tickets/{id}", 2L);
    control.send("DELETE", "/_sandbox/calls", null);
    assertThat(sandbox.totalCalls()).isZero();
  }

  @Test
  void ticketsCanBeAddedAndTheReportSet() {
    JsonNode added = Http.json(control.post("/_sandbox/tickets", "{\"count\":3}"));
    List<Integer> ids = new ArrayList<>();
    added.get("ticketIds").forEach(n -> ids.add(n.asInt()));
    assertThat(ids).hasSize(3);
    assertThat(sandbox.reportTickets()).containsAll(ids);
    ids.forEach(id -> assertThat(sandbox.truth(id)).isNotNull());
    JsonNode rows = Http.json(api.get("/reports/1344?withData=true")).get("DataRows");
    assertThat(rows.findValues("TicketID")).extracting(JsonNode::asInt).containsAll(ids);

    control.post("/_sandbox/report", "{\"ticketIds\":[" + ids.get(0) + "]}");
    assertThat(Http.json(api.get("/reports/1344?withData=true")).get("DataRows")).hasSize(1);
    assertThat(control.post("/_sandbox/report", "{\"ticketIds\":[1]}").statusCode()).isEqualTo(400);
  }

  @Test
  void limitsCanBeChangedOverHttp() {
    JsonNode limits =
        Http.json(control.post("/_sandbox/limits", "{\"scale\":2,\"windowSeconds\":5}"));
    assertThat(limits.get("scale").asDouble()).isEqualTo(2.0);
    assertThat(sandbox.rateLimits().window()).hasSeconds(5);
    assertThat(api.get("/46/tickets/statuses").headers().firstValue("X-RateLimit-Limit"))
        .hasValue("120");
    control.post("/_sandbox/limits", "{\"scale\":1,\"windowSeconds\":null}");
    assertThat(sandbox.rateLimits()).isEqualTo(RateLimits.documented());
  }

  @Test
  void inspectionNeedsNoAuthAndIsNotCounted() {
    control.send("DELETE", "/_sandbox/calls", null);
    assertThat(control.get("/_sandbox/").statusCode()).isEqualTo(200);
    assertThat(control.get("/_sandbox/faults").statusCode()).isEqualTo(200);
    assertThat(sandbox.totalCalls()).isZero();
  }
}
