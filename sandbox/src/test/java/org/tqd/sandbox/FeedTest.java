package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeedTest {

  static TdxSandbox sandbox;
  static Http http;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(60).seed(5).rateLimits(RateLimits.off()).build().start();
    http = Http.loggedIn(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void resetFaults() {
    sandbox.faults().reset();
  }

  @Test
  void feedIsNewestFirstAndRepliesComeFromTheEntry() {
    TicketTruth replyTicket =
        sandbox.truth().stream()
            .filter(t -> t.reason().startsWith("a reply"))
            .findFirst()
            .orElseThrow();
    JsonNode feed = Http.json(http.get("/46/tickets/" + replyTicket.ticketId() + "/feed"));
    assertThat(feed).isNotEmpty();
    Instant previous = Instant.MAX;
    JsonNode withReplies = null;
    for (JsonNode e : feed) {
      Instant created = Instant.parse(e.get("CreatedDate").asText());
      assertThat(created).isBeforeOrEqualTo(previous);
      previous = created;
      assertThat(e.get("ItemType").asInt()).isEqualTo(9);
      assertThat(e.get("ItemID").asInt()).isEqualTo(replyTicket.ticketId());
      assertThat(e.get("Uri").asText()).isEqualTo("api/feed/" + e.get("ID").asInt());
      assertThat(e.get("Replies")).isEmpty();
      if (e.get("RepliesCount").asInt() > 0) {
        withReplies = e;
      }
    }
    assertThat(withReplies).isNotNull();
    assertThat(withReplies.get("LastUpdatedDate").asText())
        .isNotEqualTo(withReplies.get("CreatedDate").asText());
    JsonNode full = Http.json(http.get("//feed/" + withReplies.get("ID").asInt()));
    assertThat(full.get("Replies")).hasSize(withReplies.get("RepliesCount").asInt());
    assertThat(full.get("Replies").get(0).get("Body").asText()).isNotBlank();
    assertThat(http.get("/feed/1").statusCode()).isEqualTo(404);
  }

  @Test
  void systemEntriesAreSeeded() {
    boolean found =
        sandbox.states().stream()
            .flatMap(s -> s.feed().stream())
            .anyMatch(
                e ->
                    e.authorName().equals("System")
                        && e.body().startsWith("Changed Status from")
                        && e.updateType() == 2);
    assertThat(found).isTrue();
  }

  @Test
  void postingACommentReturnsTheItemUpdate() {
    int id = sandbox.reportTickets().get(0);
    String before = Http.json(http.get("/46/tickets/" + id)).get("ModifiedDate").asText();
    HttpResponse<String> r =
        http.post(
            "/46/tickets/" + id + "/feed",
            "{\"NewStatusID\":0,\"CascadeStatus\":false,\"Comments\":\"<b>Done</b> [ref:abc123]\","
                + "\"Notify\":[\"null\"],\"IsPrivate\":\"True\",\"IsRichHTML\":true,\"IsCommunication\":false}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode e = Http.json(r);
    assertThat(e.get("UpdateType").asInt()).isEqualTo(1);
    assertThat(e.get("IsPrivate").asBoolean()).isTrue();
    assertThat(e.get("Body").asText()).isEqualTo("<b>Done</b> [ref:abc123]");
    assertThat(e.get("CreatedUid").asText()).isNotBlank();
    assertThat(e.get("Uri").asText()).isEqualTo("api/feed/" + e.get("ID").asInt());
    JsonNode newest = Http.json(http.get("/46/tickets/" + id + "/feed")).get(0);
    assertThat(newest.get("ID").asInt()).isEqualTo(e.get("ID").asInt());
    assertThat(Instant.parse(Http.json(http.get("/46/tickets/" + id)).get("ModifiedDate").asText()))
        .isAfter(Instant.parse(before));
    TicketState.FeedEntry stored =
        sandbox.state(id).feed().get(sandbox.state(id).feed().size() - 1);
    assertThat(stored.isPrivate()).isTrue();
    assertThat(stored.authorUid()).isNotNull();
  }

  @Test
  void plainTextCommentsAreEncoded() {
    int id = sandbox.reportTickets().get(1);
    JsonNode e =
        Http.json(
            http.post(
                "/46/tickets/" + id + "/feed",
                "{\"Comments\":\"a < b\\nnext\",\"IsPrivate\":false,\"IsRichHtml\":false}"));
    assertThat(e.get("Body").asText()).isEqualTo("a &lt; b<br />next");
  }

  @Test
  void statusChangeIsUpdateType2AndMovesTheTicket() {
    int id = sandbox.reportTickets().get(2);
    int current = Http.json(http.get("/46/tickets/" + id)).get("StatusID").asInt();
    int target = current == 121 ? 619 : 121;
    JsonNode e =
        Http.json(
            http.post(
                "/46/tickets/" + id + "/feed",
                "{\"NewStatusID\":"
                    + target
                    + ",\"Comments\":\"Waiting on you\",\"IsPrivate\":\"false\"}"));
    assertThat(e.get("UpdateType").asInt()).isEqualTo(2);
    assertThat(e.get("Body").asText()).contains("Changed Status from").contains("Waiting on you");
    JsonNode t = Http.json(http.get("/46/tickets/" + id));
    assertThat(t.get("StatusID").asInt()).isEqualTo(target);
    assertThat(t.get("StatusClass").asInt()).isEqualTo(target == 121 ? 5 : 2);
    JsonNode same =
        Http.json(
            http.post(
                "/46/tickets/" + id + "/feed",
                "{\"NewStatusID\":" + target + ",\"Comments\":\"again\"}"));
    assertThat(same.get("UpdateType").asInt()).isEqualTo(1);
  }

  @Test
  void invalidFeedEntriesAreRejected() {
    int id = sandbox.reportTickets().get(3);
    assertThat(
            http.post("/46/tickets/" + id + "/feed", "{\"NewStatusID\":999,\"Comments\":\"x\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(http.post("/46/tickets/" + id + "/feed", "{\"Comments\":\"\"}").statusCode())
        .isEqualTo(400);
    assertThat(
            http.post(
                    "/46/tickets/" + id + "/feed",
                    "{\"Comments\":\"x\",\"IsPrivate\":\"sometimes\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(http.post("/46/tickets/" + id + "/feed", "").statusCode()).isEqualTo(400);
    assertThat(http.post("/46/tickets/99/feed", "{\"Comments\":\"x\"}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void htmlRewriteModeReserialisesStoredBodies() {
    sandbox.faults().htmlRewrite(true);
    int id = sandbox.reportTickets().get(4);
    JsonNode e =
        Http.json(
            http.post(
                "/46/tickets/" + id + "/feed",
                "{\"Comments\":\"\uD83E\uDD16 Summary<BR>line <P class=x onclick=\\\"evil()\\\">tqd-ref-7f3a</P><script>x()</script>\",\"IsRichHtml\":true}"));
    String body = e.get("Body").asText();
    assertThat(body).contains("<br />", "tqd-ref-7f3a", "&#x1f916;");
    assertThat(body).doesNotContain("onclick", "<script", "<BR>");
  }
}
