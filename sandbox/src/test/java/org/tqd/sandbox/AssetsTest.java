package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AssetsTest {

  static TdxSandbox sandbox;
  static Http http;
  static List<JsonNode> assets = new ArrayList<>();

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(60).seed(11).rateLimits(RateLimits.off()).build().start();
    http = Http.loggedIn(sandbox);
    Http.json(http.post("/48/assets/search", "{}")).forEach(assets::add);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void resetFaults() {
    sandbox.faults().reset();
  }

  private static TicketTruth ticketWithExpectedAsset(int index) {
    return sandbox.truth().stream()
        .filter(t -> t.inReport() && !t.expectedAssetIds().isEmpty())
        .filter(t -> sandbox.labCiIds(t.ticketId()).isEmpty())
        .skip(index)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void ticketAssetsAreConfigurationItemsBackedByAssets() {
    TicketTruth t = ticketWithExpectedAsset(0);
    int assetId = t.expectedAssetIds().get(0);
    HttpResponse<String> add =
        http.post("/46/tickets/" + t.ticketId() + "/assets/" + assetId, "{}");
    assertThat(add.statusCode()).isEqualTo(200);
    assertThat(add.body()).isEmpty();
    JsonNode cis = Http.json(http.get("/46/tickets/" + t.ticketId() + "/assets"));
    assertThat(cis).hasSize(1);
    JsonNode ci = cis.get(0);
    assertThat(ci.get("BackingItemID").asInt()).isEqualTo(assetId);
    assertThat(ci.get("BackingItemType").asInt()).isEqualTo(27);
    assertThat(ci.get("ID").asInt()).isNotEqualTo(assetId);
    assertThat(ci.get("AppID").asInt()).isEqualTo(48);
    assertThat(ci.get("FormID").asInt()).isEqualTo(2448);
    assertThat(ci.get("Name").asText()).isNotBlank();
    assertThat(ci.has("TypeID")).isTrue();
    assertThat(sandbox.state(t.ticketId()).assetIds()).containsExactly(assetId);
  }

  @Test
  void addingTwiceLinksOnceOrFailsInDuplicateMode() {
    TicketTruth t = ticketWithExpectedAsset(1);
    int assetId = t.expectedAssetIds().get(0);
    String path = "/46/tickets/" + t.ticketId() + "/assets/" + assetId;
    assertThat(http.post(path, "{\"AssetID\":" + assetId + "}").statusCode()).isEqualTo(200);
    assertThat(http.post(path, "{}").statusCode()).isEqualTo(200);
    assertThat(sandbox.state(t.ticketId()).assetIds()).containsExactly(assetId);
    sandbox.faults().duplicateAssetError(true);
    HttpResponse<String> dup = http.post(path, "{}");
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(Http.json(dup).get("Message").asText()).contains("already");
    assertThat(sandbox.state(t.ticketId()).assetIds()).containsExactly(assetId);
    assertThat(http.send("DELETE", path, null).statusCode()).isEqualTo(200);
    assertThat(sandbox.state(t.ticketId()).assetIds()).isEmpty();
  }

  @Test
  void addNeedsABodyAndKnownIds() {
    TicketTruth t = ticketWithExpectedAsset(2);
    int assetId = t.expectedAssetIds().get(0);
    HttpResponse<String> noBody =
        http.send("POST", "/46/tickets/" + t.ticketId() + "/assets/" + assetId, null);
    assertThat(noBody.statusCode()).isEqualTo(400);
    assertThat(http.post("/46/tickets/" + t.ticketId() + "/assets/7", "{}").statusCode())
        .isEqualTo(404);
    assertThat(http.post("/46/tickets/7/assets/" + assetId, "{}").statusCode()).isEqualTo(404);
    sandbox.faults().assetAddBody(Faults.AssetAddBody.MESSAGE);
    HttpResponse<String> message =
        http.post("/46/tickets/" + t.ticketId() + "/assets/" + assetId, "{}");
    assertThat(message.statusCode()).isEqualTo(200);
    assertThat(Http.json(message).isTextual()).isTrue();
  }

  @Test
  void serialLikeMatchesSerialAndTagPartially() {
    JsonNode withTag =
        assets.stream()
            .filter(a -> !a.get("Tag").isNull() && !a.get("SerialNumber").isNull())
            .findFirst()
            .orElseThrow();
    String serial = withTag.get("SerialNumber").asText();
    String part = serial.substring(2, serial.length() - 2).toLowerCase(Locale.ROOT);
    assertThat(ids(http.post("/48/assets/search", "{\"SerialLike\":\"" + part + "\"}")))
        .contains(withTag.get("ID").asInt());
    assertThat(
            ids(
                http.post(
                    "/48/assets/search",
                    "{\"serialLike\":\"" + withTag.get("Tag").asText() + "\"}")))
        .contains(withTag.get("ID").asInt());
    JsonNode hostNamed =
        assets.stream()
            .filter(a -> a.get("Name").asText().matches("[A-Z]+-[A-Z]+\\d+-[A-Z]\\d\\d"))
            .findFirst()
            .orElseThrow();
    assertThat(
            ids(
                http.post(
                    "/48/assets/search",
                    "{\"SerialLike\":\"" + hostNamed.get("Name").asText() + "\"}")))
        .isEmpty();
  }

  @Test
  void searchTextIgnoresNamesUnlessSwitchedOn() {
    JsonNode hostNamed =
        assets.stream()
            .filter(a -> a.get("Name").asText().matches("[A-Z]+-[A-Z]+\\d+-[A-Z]\\d\\d"))
            .findFirst()
            .orElseThrow();
    String name = hostNamed.get("Name").asText();
    assertThat(ids(http.post("/48/assets/search", "{\"SearchText\":\"" + name + "\"}"))).isEmpty();
    sandbox.faults().searchTextIncludesName(true);
    assertThat(ids(http.post("/48/assets/search", "{\"SearchText\":\"" + name + "\"}")))
        .containsExactly(hostNamed.get("ID").asInt());
    sandbox.faults().searchTextIncludesName(false);
    String serial = hostNamed.get("SerialNumber").asText();
    assertThat(
            ids(
                http.post(
                    "/48/assets/search",
                    "{\"SearchText\":\"" + serial.toLowerCase(Locale.ROOT) + "\"}")))
        .contains(hostNamed.get("ID").asInt());
    assertThat(ids(http.post("/48/assets/search", "{\"SearchText\":\"dell latitude\"}")))
        .isNotEmpty();
  }

  @Test
  void filtersAndShape() {
    JsonNode active =
        Http.json(
            http.post(
                "/48/assets/search",
                "{\"StatusIDs\":[38],\"FormIDs\":[2448],\"MaxResults\":null}"));
    assertThat(active).isNotEmpty();
    active.forEach(
        a -> {
          assertThat(a.get("StatusID").asInt()).isEqualTo(38);
          assertThat(a.get("FormID").asInt()).isEqualTo(2448);
          assertThat(a.get("Attributes")).isEmpty();
        });
    assertThat(Http.json(http.post("/48/assets/search", "{\"StatusIDs\":[40]}"))).isNotEmpty();
    assertThat(Http.json(http.post("/48/assets/search", "{\"MaxResults\":2}"))).hasSize(2);
    JsonNode owned =
        assets.stream().filter(a -> !a.get("OwningCustomerID").isNull()).findFirst().orElseThrow();
    String owner = owned.get("OwningCustomerID").asText();
    JsonNode byOwner =
        Http.json(http.post("/48/assets/search", "{\"OwningCustomerIDs\":[\"" + owner + "\"]}"));
    assertThat(byOwner)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.get("OwningCustomerID").asText()).isEqualTo(owner));
    JsonNode one = Http.json(http.get("/48/assets/" + owned.get("ID").asInt()));
    assertThat(one.get("SerialNumber")).isEqualTo(owned.get("SerialNumber"));
    assertThat(http.get("/48/assets/1").statusCode()).isEqualTo(404);
    assertThat(http.post("/48/assets/search", "{\"OwningCustomerIDs\":[\"x\"]}").statusCode())
        .isEqualTo(400);
    assertThat(
            http.post("/48/assets/search", "{\"ModifiedDateFrom\":\"2100-01-01T00:00:00Z\"}")
                .body())
        .isEqualTo("[]");
  }

  @Test
  void peopleEndpoints() {
    JsonNode owned =
        assets.stream().filter(a -> !a.get("OwningCustomerID").isNull()).findFirst().orElseThrow();
    String uid = owned.get("OwningCustomerID").asText();
    JsonNode person = Http.json(http.get("/people/" + uid));
    assertThat(person.get("UID").asText()).isEqualTo(uid);
    assertThat(person.get("LocationID").asInt()).isPositive();
    String userName = person.get("UserName").asText();
    assertThat(Http.json(http.get("/people/getuid/" + userName)).asText()).isEqualTo(uid);
    JsonNode lookup =
        Http.json(
            http.get(
                "/people/lookup?SEARCHTEXT=" + person.get("LastName").asText() + "&maxResults=5"));
    assertThat(lookup).hasSizeBetween(1, 5);
    JsonNode search = Http.json(http.post("/people/search", "{\"UserName\":\"" + userName + "\"}"));
    assertThat(search).hasSize(1);
    assertThat(search.get(0).get("LocationID").asInt()).isZero();
    assertThat(search.get(0).get("LocationName").isNull()).isTrue();
    assertThat(http.get("/people/not-a-guid").statusCode()).isEqualTo(400);
    assertThat(http.get("/people/00000000-0000-4000-8000-000000000000").statusCode())
        .isEqualTo(404);
    assertThat(http.get("/people/getuid/nobody-here").statusCode()).isEqualTo(404);
  }

  private static List<Integer> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Integer> out = new ArrayList<>();
    Http.json(r).forEach(a -> out.add(a.get("ID").asInt()));
    return out;
  }
}
