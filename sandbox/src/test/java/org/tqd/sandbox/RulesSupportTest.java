package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the rules need from the sandbox: custom attribute definitions, impact and urgency, PATCH of
 * fields and attributes (seen in the ticket and the state endpoint), and requestor replies.
 */
class RulesSupportTest {

  static TdxSandbox sandbox;
  static Http api;
  static Http control;
  static String tickets;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(6).seed(4).rateLimits(RateLimits.off()).build().start();
    api = new Http(sandbox.baseUrl()).token(sandbox.issueToken());
    control = new Http(sandbox.rootUrl());
    tickets = "/" + sandbox.ticketAppId() + "/tickets/";
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void listsTicketAttributeDefinitionsWithTheirChoices() {
    JsonNode defs =
        Http.json(api.get("/attributes/custom?componentId=9&associatedTypeId=0&appId=0"));
    List<String> names = new ArrayList<>();
    defs.forEach(d -> names.add(d.get("Name").asText()));
    assertThat(names).containsExactly("Building", "Room Number", "Preferred Contact Method");
    assertThat(defs.get(2).get("Choices").get(0).get("Name").asText()).isEqualTo("Email");
    assertThat(defs.get(0).has("Value")).isFalse();
    assertThat(Http.json(api.get("/attributes/custom?componentId=27")).size()).isZero();
    assertThat(api.get("/attributes/custom").statusCode()).isEqualTo(400);
  }

  @Test
  void patchSetsPriorityImpactUrgencyAndAttributes() {
    int id = sandbox.reportTickets().get(0);
    var r =
        api.send(
            "PATCH",
            tickets + id,
            "[{\"op\":\"add\",\"path\":\"/impactid\",\"value\":4502},"
                + "{\"op\":\"add\",\"path\":\"/UrgencyID\",\"value\":4603},"
                + "{\"op\":\"add\",\"path\":\"/PriorityID\",\"value\":4403},"
                + "{\"op\":\"add\",\"path\":\"/Attributes/5003\",\"value\":\"5102\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    JsonNode t = Http.json(api.get(tickets + id));
    assertThat(t.get("ImpactID").asInt()).isEqualTo(4502);
    assertThat(t.get("ImpactName").asText()).isEqualTo("Affects Department");
    assertThat(t.get("UrgencyName").asText()).isEqualTo("High");
    JsonNode contact = null;
    for (JsonNode a : t.get("Attributes")) {
      if (a.get("ID").asInt() == 5003) {
        contact = a;
      }
    }
    assertThat(contact).isNotNull();
    assertThat(contact.get("ChoicesText").asText()).isEqualTo("Phone");

    TicketState s = sandbox.state(id);
    assertThat(s.priorityId()).isEqualTo(4403);
    assertThat(s.impactId()).isEqualTo(4502);
    assertThat(s.urgencyId()).isEqualTo(4603);
    assertThat(s.attributes()).containsEntry(5003, "5102");
    JsonNode state = Http.json(control.get("/_sandbox/state?ticket=" + id));
    assertThat(state.get("urgencyId").asInt()).isEqualTo(4603);
    assertThat(state.get("attributes").get("5003").asText()).isEqualTo("5102");

    var bad =
        api.send("PATCH", tickets + id, "[{\"op\":\"add\",\"path\":\"/UrgencyID\",\"value\":1}]");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void theRequestorRepliesToAnEntryOrWritesANewComment() {
    int id = sandbox.reportTickets().get(1);
    JsonNode ticket = Http.json(api.get(tickets + id));
    String requestor = ticket.get("RequestorUid").asText();
    JsonNode feed = Http.json(api.get(tickets + id + "/feed"));
    int entry = feed.get(0).get("ID").asInt();

    var reply =
        control.post(
            "/_sandbox/reply",
            "{\"ticketId\": " + id + ", \"entryId\": " + entry + ", \"body\": \"still broken\"}");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode withReplies = Http.json(api.get("/feed/" + entry));
    JsonNode last = withReplies.get("Replies").get(withReplies.get("Replies").size() - 1);
    assertThat(last.get("Body").asText()).isEqualTo("still broken");
    assertThat(last.get("CreatedUid").asText()).isEqualToIgnoringCase(requestor);

    var comment =
        control.post("/_sandbox/reply", "{\"ticketId\": " + id + ", \"body\": \"hello?\"}");
    int commentId = Http.json(comment).get("id").asInt();
    JsonNode newest = Http.json(api.get(tickets + id + "/feed")).get(0);
    assertThat(newest.get("ID").asInt()).isEqualTo(commentId);
    assertThat(newest.get("CreatedUid").asText()).isEqualToIgnoringCase(requestor);

    assertThat(control.post("/_sandbox/reply", "{\"ticketId\": 1}").statusCode()).isEqualTo(400);
  }
}
