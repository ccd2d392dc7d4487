package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Research labs (CIs of the lab type), their tickets, and searches by modification date. */
class LabsTest {

  static TdxSandbox sandbox;
  static Http http;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(80).seed(5).rateLimits(RateLimits.off()).build().start();
    http = Http.loggedIn(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static List<Integer> queueTicketsWithLabs(TdxSandbox s) {
    return s.reportTickets().stream().filter(id -> !s.labCiIds(id).isEmpty()).toList();
  }

  @Test
  void someQueueTicketsHaveALabListedAmongTheirConfigurationItems() {
    List<Integer> withLabs = queueTicketsWithLabs(sandbox);
    assertThat(withLabs).isNotEmpty();
    int ticket = withLabs.get(0);
    int lab = sandbox.labCiIds(ticket).get(0);
    JsonNode items = Http.json(http.get("/46/tickets/" + ticket + "/assets"));
    JsonNode labCi = null;
    for (JsonNode ci : items) {
      if (ci.get("ID").asInt() == lab) {
        labCi = ci;
      }
    }
    assertThat(labCi).isNotNull();
    assertThat(labCi.get("TypeID").asInt()).isEqualTo(10132);
    assertThat(labCi.get("BackingItemType").asInt()).isEqualTo(63);
    assertThat(labCi.get("BackingItemID").asInt()).isEqualTo(lab);
    assertThat(labCi.get("Name").asText()).contains("Lab");
  }

  @Test
  void cmdbTicketsListsEveryStatusAndTheTruthKeepsTheActiveOnes() {
    int withOthers = -1;
    for (int ticket : queueTicketsWithLabs(sandbox)) {
      if (!sandbox.activeLabTickets(ticket).isEmpty()) {
        withOthers = ticket;
        break;
      }
    }
    assertThat(withOthers).as("a queue ticket whose lab has other active tickets").isPositive();
    int lab = sandbox.labCiIds(withOthers).get(0);

    JsonNode tickets = Http.json(http.get("/48/cmdb/" + lab + "/tickets"));

    List<Integer> all = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    for (JsonNode t : tickets) {
      all.add(t.get("ID").asInt());
      assertThat(t.get("Description").isNull()).isTrue();
      if (sandbox.ids().activeTicketStatusIds().contains(t.get("StatusID").asInt())
          && t.get("ID").asInt() != withOthers) {
        active.add(t.get("ID").asInt());
      }
    }
    assertThat(all).contains(withOthers);
    assertThat(active).isEqualTo(sandbox.activeLabTickets(withOthers));
    assertThat(sandbox.calls()).containsKey("GET cmdb/{id}/tickets");
  }

  @Test
  void cmdbTicketsOfAnAssetCiAndOfAnUnknownCi() {
    TicketTruth linked =
        sandbox.truth().stream()
            .filter(t -> !sandbox.initialAssetIds(t.ticketId()).isEmpty())
            .findFirst()
            .orElseThrow();
    JsonNode ci = Http.json(http.get("/46/tickets/" + linked.ticketId() + "/assets")).get(0);
    JsonNode tickets = Http.json(http.get("/48/cmdb/" + ci.get("ID").asInt() + "/tickets"));
    assertThat(tickets).extracting(t -> t.get("ID").asInt()).contains(linked.ticketId());
    assertThat(http.get("/48/cmdb/12345/tickets").statusCode()).isEqualTo(404);
  }

  @Test
  void linkingALabToATicketIsIdempotentAndSearchableByCi() {
    int lab = sandbox.labCiIds(queueTicketsWithLabs(sandbox).get(0)).get(0);
    int ticket = sandbox.reportTickets().get(0);
    assertThat(http.post("/48/cmdb/" + lab + "/tickets/" + ticket, "{}").statusCode())
        .isEqualTo(200);
    assertThat(http.post("/48/cmdb/" + lab + "/tickets/" + ticket, "{}").statusCode())
        .isEqualTo(200);
    assertThat(sandbox.labCiIds(ticket)).containsOnlyOnce(lab);
    JsonNode byCi =
        Http.json(http.post("/46/tickets/search", "{\"ConfigurationItemIDs\":[" + lab + "]}"));
    assertThat(byCi).extracting(n -> n.get("ID").asInt()).contains(ticket);
  }

  @Test
  void labsAreGeneratedDeterministically() {
    try (TdxSandbox other =
        TdxSandbox.builder().tickets(80).seed(5).rateLimits(RateLimits.off()).build().start()) {
      List<Integer> mine = queueTicketsWithLabs(sandbox);
      assertThat(queueTicketsWithLabs(other)).isEqualTo(mine);
      for (int t : mine) {
        assertThat(other.activeLabTickets(t)).isEqualTo(sandbox.activeLabTickets(t));
      }
    }
  }

  @Test
  void searchHonoursModifiedDateFromInEveryStatus() {
    int ticket = sandbox.reportTickets().get(3);
    Instant before =
        Instant.parse(Http.json(http.get("/46/tickets/" + ticket)).get("ModifiedDate").asText());
    JsonNode since =
        Http.json(
            http.post(
                "/46/tickets/search",
                "{\"ModifiedDateFrom\":\"" + before + "\",\"MaxResults\":0}"));
    assertThat(since).extracting(n -> n.get("ID").asInt()).contains(ticket);
    for (JsonNode t : since) {
      assertThat(Instant.parse(t.get("ModifiedDate").asText())).isAfterOrEqualTo(before);
    }
    JsonNode later =
        Http.json(
            http.post(
                "/46/tickets/search",
                "{\"ModifiedDateFrom\":\"" + before.plusSeconds(1) + "\",\"MaxResults\":0}"));
    assertThat(later).extracting(n -> n.get("ID").asInt()).doesNotContain(ticket);
  }
}
