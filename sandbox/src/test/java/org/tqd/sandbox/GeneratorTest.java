package org.tqd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator is deterministic, and its truth agrees with an independent implementation of the
 * add_asset rule that reads the data only through the API.
 */
class GeneratorTest {

  static TdxSandbox sandbox;
  static Http http;

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(300).seed(42).rateLimits(RateLimits.off()).build().start();
    http = Http.loggedIn(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void sameSeedGivesSameData() {
    TdxSandbox a = TdxSandbox.builder().tickets(150).seed(7).build();
    TdxSandbox b = TdxSandbox.builder().tickets(150).seed(7).build();
    assertThat(a.truth()).isEqualTo(b.truth());
    assertThat(a.states()).isEqualTo(b.states());
    assertThat(a.credentials()).isEqualTo(b.credentials());
    assertThat(a.reportTickets()).isEqualTo(b.reportTickets());
  }

  @Test
  void assetsCreatedForTicketsAddedLaterAreFoundByAnIncrementalSearch() {
    try (TdxSandbox s =
        TdxSandbox.builder().tickets(20).seed(3).rateLimits(RateLimits.off()).build().start()) {
      Http api = Http.loggedIn(s);
      Set<Integer> before = new HashSet<>();
      String newest = "";
      for (JsonNode a : Http.json(api.post("/48/assets/search", "{}"))) {
        before.add(a.get("ID").asInt());
        String modified = a.get("ModifiedDate").asText();
        newest = modified.compareTo(newest) > 0 ? modified : newest;
      }

      s.addTickets(30);

      Set<Integer> created = new HashSet<>();
      Http.json(api.post("/48/assets/search", "{}")).forEach(a -> created.add(a.get("ID").asInt()));
      created.removeAll(before);
      Set<Integer> modifiedSince = new HashSet<>();
      Http.json(api.post("/48/assets/search", "{\"ModifiedDateFrom\":\"" + newest + "\"}"))
          .forEach(a -> modifiedSince.add(a.get("ID").asInt()));
      assertThat(created).isNotEmpty();
      assertThat(modifiedSince).containsAll(created);
    }
  }

  @Test
  void differentSeedsGiveDifferentData() {
    TdxSandbox a = TdxSandbox.builder().tickets(50).seed(7).build();
    TdxSandbox b = TdxSandbox.builder().tickets(50).seed(8).build();
    assertThat(a.states()).isNotEqualTo(b.states());
    assertThat(a.beid()).isNotEqualTo(b.beid());
  }

  @Test
  void mixesEveryPhase() {
    Map<Phase, Long> byPhase =
        sandbox.truth().stream()
            .filter(TicketTruth::inReport)
            .collect(Collectors.groupingBy(TicketTruth::phase, Collectors.counting()));
    assertThat(byPhase.keySet()).containsExactlyInAnyOrder(Phase.values());
    assertThat(byPhase.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
    assertThat(sandbox.reportTickets()).hasSize(300);
    assertThat(sandbox.truth().size()).isGreaterThan(300);
  }

  @Test
  void writesNoiseThatLooksLikeIdentifiers() {
    String all =
        sandbox.reportTickets().stream()
            .map(id -> Http.json(http.get("/46/tickets/" + id)).get("Description").asText())
            .collect(Collectors.joining("\n"));
    assertThat(all).contains("font-family", "INFORMATION TECHNOLOGY", "re-install", "PRN-");
    assertThat(all).containsPattern("\\b\\d{3}-\\d{3}-\\d{4}\\b");
    List<String> authors = new ArrayList<>();
    for (TicketState s : sandbox.states()) {
      s.feed().forEach(e -> authors.add(e.authorName()));
    }
    assertThat(authors).contains("System");
  }

  @Test
  void truthAgreesWithAnIndependentAddAssetOverTheApi() {
    Map<String, JsonNode> byIdentifier = new HashMap<>();
    Map<Integer, JsonNode> assets = new HashMap<>();
    for (JsonNode a : Http.json(http.post("/48/assets/search", "{\"MaxResults\":0}"))) {
      assets.put(a.get("ID").asInt(), a);
      for (String f : new String[] {"Name", "SerialNumber", "Tag"}) {
        if (!a.get(f).isNull()) {
          JsonNode previous = byIdentifier.put(a.get(f).asText().toLowerCase(Locale.ROOT), a);
          assertThat(previous == null || previous.get("ID").equals(a.get("ID")))
              .as("identifier %s is unique", a.get(f))
              .isTrue();
        }
      }
    }
    int checked = 0;
    for (TicketTruth truth : sandbox.truth()) {
      Result expected = reference(truth.ticketId(), byIdentifier, assets);
      assertThat(expected.phase())
          .as("ticket %s (%s)", truth.ticketId(), truth.reason())
          .isEqualTo(truth.phase());
      assertThat(expected.assetIds())
          .as("ticket %s", truth.ticketId())
          .containsExactlyElementsOf(truth.expectedAssetIds());
      checked++;
    }
    assertThat(checked).isGreaterThan(300);
  }

  record Result(Phase phase, List<Integer> assetIds) {}

  /** The add_asset rule, written against the API alone. */
  private Result reference(
      int ticketId, Map<String, JsonNode> byIdentifier, Map<Integer, JsonNode> assets) {
    JsonNode ticket = Http.json(http.get("/46/tickets/" + ticketId));
    Set<Integer> linked = new HashSet<>();
    for (JsonNode ci : Http.json(http.get("/46/tickets/" + ticketId + "/assets"))) {
      if (ci.get("BackingItemType").asInt() != 27) {
        // A lab: a CI that stands for itself, not an asset.
        assertThat(ci.get("ID").asInt()).isEqualTo(ci.get("BackingItemID").asInt());
        continue;
      }
      assertThat(ci.get("ID").asInt()).isNotEqualTo(ci.get("BackingItemID").asInt());
      linked.add(ci.get("BackingItemID").asInt());
    }
    String text =
        ticket.get("Title").asText() + " " + Jsoup.parse(ticket.get("Description").asText()).text();
    List<Integer> p1 = candidates(text, byIdentifier, linked);
    if (!p1.isEmpty()) {
      return new Result(Phase.PHASE_1, p1);
    }
    StringBuilder convo = new StringBuilder();
    for (JsonNode e : Http.json(http.get("/46/tickets/" + ticketId + "/feed"))) {
      JsonNode full = Http.json(http.get("//feed/" + e.get("ID").asInt()));
      if (!full.get("CreatedFullName").asText().equals("System")) {
        convo.append(Jsoup.parse(full.get("Body").asText()).text()).append(' ');
      }
      for (JsonNode r : full.get("Replies")) {
        convo.append(Jsoup.parse(r.get("Body").asText()).text()).append(' ');
      }
    }
    List<Integer> p2 = candidates(convo.toString(), byIdentifier, linked);
    if (!p2.isEmpty()) {
      return new Result(Phase.PHASE_2, p2);
    }
    if (linked.isEmpty() && !ticket.get("RequestorUid").isNull()) {
      JsonNode owned =
          Http.json(
              http.post(
                  "/48/assets/search",
                  "{\"OwningCustomerIDs\":[\""
                      + ticket.get("RequestorUid").asText()
                      + "\"],\"FormIDs\":[2448],\"StatusIDs\":[38]}"));
      if (owned.size() == 1) {
        return new Result(Phase.PHASE_3, List.of(owned.get(0).get("ID").asInt()));
      }
    }
    return new Result(Phase.NONE, List.of());
  }

  private static List<Integer> candidates(
      String text, Map<String, JsonNode> byIdentifier, Set<Integer> linked) {
    Set<Integer> out = new TreeSet<>();
    for (String token : text.split("[^A-Za-z0-9_-]+")) {
      for (String fragment : fragments(token)) {
        JsonNode a = byIdentifier.get(fragment.toLowerCase(Locale.ROOT));
        if (a != null
            && a.get("FormID").asInt() == 2448
            && a.get("StatusID").asInt() == 38
            && !linked.contains(a.get("ID").asInt())) {
          out.add(a.get("ID").asInt());
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static Set<String> fragments(String token) {
    String[] parts = token.split("(?<=[-_])|(?=[-_])");
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < parts.length; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = i; j < parts.length; j++) {
        b.append(parts[j]);
        out.add(b.toString().replaceAll("^[-_]+|[-_]+$", ""));
      }
    }
    return out;
  }
}
