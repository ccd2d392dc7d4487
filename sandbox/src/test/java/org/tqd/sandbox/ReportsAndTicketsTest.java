package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportsAndTicketsTest {

  static TdxSandbox sandbox;
  static Http http;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(40).seed(3).rateLimits(RateLimits.off()).build().start();
    http = Http.loggedIn(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void reportHasColumnsAndRowsKeyedByColumnName() {
    JsonNode report = Http.json(http.get("//reports/1344?withData=True&dataSortExpression="));
    assertThat(report.get("ID").asInt()).isEqualTo(1344);
    assertThat(report.get("Name").asText()).isNotBlank();
    assertThat(report.get("MaxResults").asInt()).isPositive();
    List<String> columns = new ArrayList<>();
    for (JsonNode c : report.get("DisplayedColumns")) {
      assertThat(c.has("HeaderText")).isTrue();
      assertThat(c.has("DataType")).isTrue();
      columns.add(c.get("ColumnName").asText());
    }
    assertThat(columns).contains("TicketID", "Title", "StatusName", "CustomerName");
    JsonNode rows = report.get("DataRows");
    assertThat(rows).hasSize(40);
    JsonNode row = rows.get(0);
    assertThat(row.get("TicketID").isNumber()).isTrue();
    assertThat(row.get("Title").asText()).isNotBlank();
    assertThat(row.get("StatusName").asText()).isIn("New", "In Process");
    assertThat(row.get("CustomerName").asText()).contains(" ");
    List<Integer> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.get("TicketID").asInt()));
    assertThat(ids).isEqualTo(sandbox.reportTickets());
  }

  @Test
  void reportWithoutDataHasNullRowsAndSortsOnRequest() {
    JsonNode bare = Http.json(http.get("/reports/1344?WITHDATA=false"));
    assertThat(bare.get("DataRows").isNull()).isTrue();
    JsonNode sorted =
        Http.json(http.get("/reports/1344?withData=true&dataSortExpression=TicketID%20DESC"));
    int first = sorted.get("DataRows").get(0).get("TicketID").asInt();
    assertThat(first)
        .isEqualTo(sandbox.reportTickets().stream().mapToInt(i -> i).max().orElseThrow());
    assertThat(http.get("/reports/1344?withData=true&dataSortExpression=Nope").statusCode())
        .isEqualTo(400);
    assertThat(http.get("/reports/1344?withData=maybe").statusCode()).isEqualTo(400);
    HttpResponse<String> missing = http.get("/reports/99");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).get("Message").asText()).contains("99");
    assertThat(Http.json(http.get("/reports")).get(0).get("ID").asInt()).isEqualTo(1344);
    assertThat(Http.json(http.post("/reports/search", "{\"SearchText\":\"unassigned\"}")))
        .hasSize(1);
    assertThat(Http.json(http.post("/reports/search", "{\"SearchText\":\"zzz\"}"))).isEmpty();
  }

  @Test
  void ticketHasTheFullShape() {
    int id = sandbox.reportTickets().get(0);
    JsonNode t = Http.json(http.get("/46/tickets/" + id));
    assertThat(t.get("ID").asInt()).isEqualTo(id);
    assertThat(t.get("AppID").asInt()).isEqualTo(46);
    assertThat(t.get("Description").asText()).contains("<p");
    assertThat(t.get("RequestorUid").asText()).matches("[0-9a-f-]{36}");
    assertThat(t.get("RequestorEmail").asText()).contains("@");
    assertThat(t.get("RequestorName").asText()).isNotBlank();
    assertThat(t.get("ResponsibleGroupID").asInt()).isPositive();
    assertThat(t.get("ResponsibleUid").isNull()).isTrue();
    assertThat(t.get("StatusID").asInt()).isIn(115, 117);
    assertThat(t.get("StatusClass").asInt()).isIn(1, 2);
    assertThat(t.get("TypeID").asInt()).isPositive();
    assertThat(t.get("FormID").asInt()).isPositive();
    assertThat(t.get("CreatedDate").asText()).endsWith("Z");
    Instant.parse(t.get("ModifiedDate").asText());
    assertThat(t.get("Attributes").isArray()).isTrue();
    assertThat(t.get("Uri").asText()).isEqualTo("api/46/tickets/" + id);
    assertThat(t.get("ServiceID").asInt()).isZero();
    assertThat(t.get("ServiceName").isNull()).isTrue();
  }

  @Test
  void statusesCarryIntegerClasses() {
    JsonNode statuses = Http.json(http.get("/46/tickets/statuses"));
    List<Integer> ids = new ArrayList<>();
    for (JsonNode s : statuses) {
      ids.add(s.get("ID").asInt());
      assertThat(s.get("StatusClass").isInt()).isTrue();
    }
    assertThat(ids).contains(115, 117, 121, 619, 620, 622, 118);
    assertThat(Http.json(http.get("/46/tickets/statuses/118")).get("StatusClass").asInt())
        .isEqualTo(3);
  }

  @Test
  void searchReturnsThinTicketsAndHonoursFilters() {
    int id = sandbox.reportTickets().get(1);
    JsonNode t = Http.json(http.get("/46/tickets/" + id));
    String requestor = t.get("RequestorUid").asText();
    JsonNode found =
        Http.json(
            http.post(
                "/46/tickets/search",
                "{\"requestoruids\":[\""
                    + requestor
                    + "\"],\"StatusIDs\":[115,117,121,619,620,622]}"));
    assertThat(found).isNotEmpty();
    for (JsonNode f : found) {
      assertThat(f.get("RequestorUid").asText()).isEqualTo(requestor);
      assertThat(f.get("Description").isNull()).isTrue();
      assertThat(f.get("Attributes")).isEmpty();
      assertThat(f.get("StatusID").asInt()).isIn(115, 117, 121, 619, 620, 622);
    }
    assertThat(Http.json(http.post("/46/tickets/search", "{}"))).hasSizeLessThanOrEqualTo(300);
    assertThat(Http.json(http.post("/46/tickets/search", "{\"MaxResults\":3}"))).hasSize(3);
    int all = sandbox.states().size();
    assertThat(Http.json(http.post("/46/tickets/search", "{\"MaxResults\":0}"))).hasSize(all);
    JsonNode byText =
        Http.json(
            http.post(
                "/46/tickets/search", "{\"SearchText\":\"" + t.get("Title").asText() + "\"}"));
    assertThat(byText).extracting(n -> n.get("ID").asInt()).contains(id);
  }

  @Test
  void searchByConfigurationItemUsesCiIds() {
    TicketTruth withAsset =
        sandbox.truth().stream()
            .filter(x -> !x.expectedAssetIds().isEmpty())
            .findFirst()
            .orElseThrow();
    int ticket = withAsset.ticketId();
    int assetId = withAsset.expectedAssetIds().get(0);
    assertThat(http.post("/46/tickets/" + ticket + "/assets/" + assetId, "{}").statusCode())
        .isEqualTo(200);
    JsonNode ci = Http.json(http.get("/46/tickets/" + ticket + "/assets")).get(0);
    int ciId = ci.get("ID").asInt();
    JsonNode byCi =
        Http.json(http.post("/46/tickets/search", "{\"ConfigurationItemIDs\":[" + ciId + "]}"));
    assertThat(byCi).extracting(n -> n.get("ID").asInt()).contains(ticket);
    JsonNode byAssetId =
        Http.json(http.post("/46/tickets/search", "{\"ConfigurationItemIDs\":[" + assetId + "]}"));
    assertThat(byAssetId).isEmpty();
  }

  @Test
  void fullEditReplacesTheTicketAndBumpsModifiedDate() {
    int id = sandbox.reportTickets().get(2);
    JsonNode before = Http.json(http.get("/46/tickets/" + id));
    var edited = (com.fasterxml.jackson.databind.node.ObjectNode) before.deepCopy();
    edited.put("ResponsibleGroupID", 1102);
    edited.put("Title", "Edited title");
    HttpResponse<String> r =
        http.post("/46/tickets/" + id + "?notifyNewResponsible=False", edited.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode after = Http.json(r);
    assertThat(after.get("ResponsibleGroupID").asInt()).isEqualTo(1102);
    assertThat(after.get("Title").asText()).isEqualTo("Edited title");
    assertThat(after.get("Description").asText()).isEqualTo(before.get("Description").asText());
    assertThat(Instant.parse(after.get("ModifiedDate").asText()))
        .isAfter(Instant.parse(before.get("ModifiedDate").asText()));
    HttpResponse<String> partial = http.post("/46/tickets/" + id, "{\"ResponsibleGroupID\":1103}");
    assertThat(partial.statusCode()).isEqualTo(400);
    assertThat(Http.json(partial).get("Message").asText()).contains("Title");
    HttpResponse<String> mismatch = http.post("/46/tickets/" + id, edited.put("ID", 5).toString());
    assertThat(mismatch.statusCode()).isEqualTo(400);
  }

  @Test
  void patchFollowsTdxRules() {
    int id = sandbox.reportTickets().get(3);
    JsonNode before = Http.json(http.get("/46/tickets/" + id));
    String uid = sandbox.apiUserUid().toString();
    HttpResponse<String> r =
        http.send(
            "PATCH",
            "/46/tickets/" + id + "?notifyNewResponsible=true",
            "[{\"op\":\"add\",\"path\":\"/responsiblegroupid\",\"value\":1104},"
                + "{\"op\":\"add\",\"path\":\"/ResponsibleUid\",\"value\":\""
                + uid
                + "\"},"
                + "{\"op\":\"add\",\"path\":\"/attributes/5001\",\"value\":\"East Hall\"},"
                + "{\"op\":\"add\",\"path\":\"/Attributes/5003\",\"value\":\"5102\"},"
                + "{\"op\":\"copy\",\"from\":\"/Title\",\"path\":\"/Description\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode after = Http.json(r);
    assertThat(after.get("ResponsibleGroupID").asInt()).isEqualTo(1104);
    assertThat(after.get("ResponsibleUid").asText()).isEqualTo(uid);
    assertThat(after.get("Description").asText()).isEqualTo(before.get("Title").asText());
    assertThat(after.get("Attributes").findValuesAsText("ValueText"))
        .contains("East Hall", "Phone");
    assertThat(Instant.parse(after.get("ModifiedDate").asText()))
        .isAfter(Instant.parse(before.get("ModifiedDate").asText()));

    HttpResponse<String> remove =
        http.send(
            "PATCH", "/46/tickets/" + id, "[{\"op\":\"remove\",\"path\":\"/ResponsibleUid\"}]");
    assertThat(Http.json(remove).get("ResponsibleUid").isNull()).isTrue();

    String[] bad = {
      "[{\"op\":\"replace\",\"path\":\"/Title\",\"value\":\"x\"}]",
      "[{\"op\":\"test\",\"path\":\"/Title\",\"value\":\"x\"}]",
      "[{\"op\":\"add\",\"path\":\"/NoSuchField\",\"value\":1}]",
      "[{\"op\":\"add\",\"path\":\"/StatusName\",\"value\":\"x\"}]",
      "[{\"op\":\"add\",\"path\":\"/ResponsibleGroupID\",\"value\":999}]",
      "[{\"op\":\"add\",\"path\":\"/ResponsibleGroupID\",\"value\":\"abc\"}]",
      "[{\"op\":\"add\",\"path\":\"/Attributes/9999\",\"value\":\"x\"}]",
      "[{\"op\":\"remove\",\"path\":\"/Title\"}]",
      "{\"op\":\"add\"}"
    };
    for (String body : bad) {
      HttpResponse<String> rejected = http.send("PATCH", "/46/tickets/" + id, body);
      assertThat(rejected.statusCode()).as(body).isEqualTo(400);
      assertThat(Http.json(rejected).get("Message").asText()).isNotBlank();
    }
    // Nothing of a rejected patch applies.
    HttpResponse<String> half =
        http.send(
            "PATCH",
            "/46/tickets/" + id,
            "[{\"op\":\"add\",\"path\":\"/Title\",\"value\":\"half\"},{\"op\":\"add\",\"path\":\"/Nope\",\"value\":1}]");
    assertThat(half.statusCode()).isEqualTo(400);
    assertThat(Http.json(http.get("/46/tickets/" + id)).get("Title").asText()).isNotEqualTo("half");
  }

  @Test
  void validationAndNotFoundErrors() {
    int id = sandbox.reportTickets().get(0);
    assertThat(http.get("/46/tickets/12345").statusCode()).isEqualTo(404);
    assertThat(http.get("/47/tickets/" + id).statusCode()).isEqualTo(404);
    assertThat(http.get("/48/tickets/" + id).statusCode()).isEqualTo(404);
    assertThat(http.post("/46/assets/search", "{}").statusCode()).isEqualTo(404);
    assertThat(http.get("/46/tickets/abc").statusCode()).isEqualTo(400);
    assertThat(http.post("/46/tickets/search", "{not json").statusCode()).isEqualTo(400);
    assertThat(http.post("/46/tickets/search", "{\"MaxResults\":\"lots\"}").statusCode())
        .isEqualTo(400);
    assertThat(http.post("/46/tickets/search", "{\"RequestorUids\":[\"nope\"]}").statusCode())
        .isEqualTo(400);
    assertThat(http.post("/46/tickets/search", "[1,2]").statusCode()).isEqualTo(400);
    HttpResponse<String> form =
        http.send(
            "POST",
            "/46/tickets/search",
            "MaxResults=1",
            "application/x-www-form-urlencoded",
            java.time.Duration.ofSeconds(5));
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<String> unknown = http.get("/nothing/here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.json(unknown).get("Message").asText()).contains("No HTTP resource");
    assertThat(http.send("PUT", "/46/tickets/" + id, "{}").statusCode()).isEqualTo(405);
  }
}
