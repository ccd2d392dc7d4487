package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {

  static TdxSandbox sandbox;
  static Http http;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(5).seed(1).build().start();
    http = Http.loggedIn(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void servesReportTicketFeedAndAssets() {
    var report = http.get("//reports/1344?withData=True&dataSortExpression=");
    assertThat(report.statusCode()).isEqualTo(200);
    JsonNode rows = Http.json(report).get("DataRows");
    assertThat(rows).hasSize(5);
    int id = rows.get(0).get("TicketID").asInt();
    var ticket = http.get("/46/tickets/" + id);
    assertThat(ticket.statusCode()).isEqualTo(200);
    var feed =
        http.post("/46/tickets/" + id + "/feed", "{\"Comments\":\"hi\",\"IsPrivate\":\"true\"}");
    assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
    int assetId = sandbox.truth(id).expectedAssetIds().get(0);
    var add = http.post("/46/tickets/" + id + "/assets/" + assetId, "{}");
    assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
    var cis = Http.json(http.get("/46/tickets/" + id + "/assets"));
    assertThat(cis.get(0).get("BackingItemID").asInt()).isEqualTo(assetId);
  }
}
