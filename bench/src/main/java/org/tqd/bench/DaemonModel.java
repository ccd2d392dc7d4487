package org.tqd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * A sequential model of the TDX calls the Python daemon makes for the standard pipeline ({@code
 * add_asset} v2, {@code find_active_tickets} v1, {@code summary_comment} v1; {@code
 * ../shared/reference/lsats-daemon.md} §1.2, §1.4, §1.5, §3.4–3.6, §5.4–5.6, §7.4), so that tqd's
 * throughput and calls per ticket can be compared with the daemon's on the same queue in the same
 * run.
 *
 * <p>What it keeps: one ticket at a time and one call at a time; {@code GET ticket} by each action;
 * the asset CIs read before, after each add (to verify it) and twice by {@code
 * find_active_tickets}; the identifier regexes over title and raw HTML description; two TDX asset
 * searches per identifier (the daemon's database lookup never matches, §7.3 item 12); the
 * conversation as {@code GET feed} plus one {@code GET feed/{id}} per entry; the owner search of
 * phase 3; one ticket search for the requestor and one per computer CI; the summary's {@code GET
 * ticket} and feed post; no client-side throttle, and on a 429 a sleep until {@code
 * X-RateLimit-Reset} plus 5 s (scaled with the benchmark's window), then the same call again,
 * without limit; a new connection per call (the daemon's {@code requests} calls use no session;
 * here plain HTTP on loopback, no TLS, which only flatters it); the lab lookup of {@code
 * find_active_tickets} (the assets read again, and {@code GET cmdb/{id}/tickets} for the first CI
 * of the lab type); and, given a {@link DaemonStateStore}, the state store on the ticket path as
 * the daemon queries it: {@code has_executed} before {@code add_asset} and {@code
 * find_active_tickets} (an action already completed is skipped), {@code mark_completed} after each
 * action that ran, {@code summary_comment} included (its {@code should_execute} is always true), in
 * PostgreSQL, three round trips each. What it leaves out: Python's own cost per call (the issue
 * measured the real daemon at 60 tickets in 7–11 s with limits off; {@code bench/daemon_model.py},
 * run by {@link PythonModel}, is this model call for call in Python with {@code requests}) and
 * {@code add_lab}, which the standard pipeline does not have.
 */
final class DaemonModel {

  private static final List<Pattern> PATTERNS =
      List.of(
          Pattern.compile("\\b([A-Za-z]{2,10}[-_][A-Za-z0-9]{4,15}[-_]?[A-Za-z0-9]{0,8})\\b"),
          Pattern.compile("\\b(L-[A-Z0-9]{10,15})\\b"),
          Pattern.compile("\\b([A-Z]{2,6}-[A-Z0-9]{5,12})\\b"),
          Pattern.compile("\\b([a-z]{3,10}-[a-z0-9]{4,12}-?[a-z0-9]{0,6})\\b"),
          Pattern.compile("\\b([A-Z0-9]{10,15})\\b"),
          Pattern.compile("\\b([CR][0-9][A-Z0-9]{8,12})\\b"));

  private static final List<String> SYSTEM_WORDS =
      List.of(
          "system",
          "teamdynamix",
          "automated",
          "changed status from",
          "assigned to",
          "priority changed",
          "due date",
          "automatically took this ticket");

  private static final List<Integer> ACTIVE_TICKET_STATUSES = List.of(115, 117, 121, 619, 620, 622);
  private static final int LAB_TYPE_ID = 10132;
  private static final int COMPUTER_FORM = 2448;
  private static final int ACTIVE_ASSET_STATUS = 38;

  static {
    // HttpURLConnection without keep-alive: a connection per call, as requests without a session.
    System.setProperty("http.keepAlive", "false");
  }

  private final ObjectMapper json = new ObjectMapper();
  private final String base;
  private final int ticketApp;
  private final int assetApp;
  private final TdxSandbox sandbox;
  private final double waitScale;
  private final DaemonStateStore state;
  private final List<ActionSpec> actions = StandardPipeline.definition().pipeline().actions();
  private String token;
  private final Map<String, Long> calls = new TreeMap<>();
  private long rateLimited;

  /**
   * @param sandbox the TDX the model calls
   * @param waitScale the daemon's 5 s after a reset, multiplied by this (window / 60 s)
   */
  DaemonModel(TdxSandbox sandbox, double waitScale) {
    this(sandbox, waitScale, null);
  }

  /**
   * @param sandbox the TDX the model calls
   * @param waitScale the daemon's 5 s after a reset, multiplied by this (window / 60 s)
   * @param state the daemon's state store, or null to leave it out
   */
  DaemonModel(TdxSandbox sandbox, double waitScale, DaemonStateStore state) {
    this.state = state;
    this.sandbox = sandbox;
    this.base = sandbox.baseUrl();
    this.ticketApp = sandbox.ticketAppId();
    this.assetApp = sandbox.assetAppId();
    this.waitScale = waitScale;
  }

  /** Calls made so far per method template (429s included). */
  Map<String, Long> calls() {
    return new TreeMap<>(calls);
  }

  long rateLimited() {
    return rateLimited;
  }

  /** Logs in and reads the report, as one daemon run starts; returns the ticket IDs in order. */
  List<Integer> startRun(int reportId) {
    if (token == null) {
      ObjectNode body = json.createObjectNode();
      body.put("BEID", sandbox.beid().toString());
      body.put("WebServicesKey", sandbox.webServicesKey().toString());
      String text = send("POST", "POST auth/loginadmin", "/auth/loginadmin", body).body();
      token = text.strip().replace("\"", "");
    }
    JsonNode report =
        call(
            "GET",
            "GET reports/{id}",
            "//reports/" + reportId + "?withData=True&dataSortExpression=",
            null);
    List<Integer> ids = new ArrayList<>();
    for (JsonNode row : report.path("DataRows")) {
      ids.add(row.path("TicketID").asInt());
    }
    return ids;
  }

  /** The standard pipeline on one ticket, the daemon's way. */
  void processTicket(int ticketId) {
    List<String> summaries = new ArrayList<>();
    if (shouldExecute(ticketId, actions.get(0))) {
      addAsset(ticketId, summaries);
      markCompleted(ticketId, actions.get(0));
    }
    if (shouldExecute(ticketId, actions.get(1))) {
      findActiveTickets(ticketId, summaries);
      markCompleted(ticketId, actions.get(1));
    }
    summaryComment(ticketId, summaries);
    markCompleted(ticketId, actions.get(2));
  }

  /** {@code BaseAction.should_execute}: not yet completed in the state store. */
  private boolean shouldExecute(int ticketId, ActionSpec action) {
    return state == null || !state.hasExecuted(ticketId, action.actionId());
  }

  /** {@code BaseAction.execute}'s record of an action that ran. */
  private void markCompleted(int ticketId, ActionSpec action) {
    if (state != null) {
      state.markCompleted(
          ticketId,
          action.actionId(),
          action.type(),
          action.actionHash(),
          json.createObjectNode()
              .<ObjectNode>set("details", json.createObjectNode().put("ticket_id", ticketId))
              .<ObjectNode>set("config", json.valueToTree(action.params()))
              .toString());
    }
  }

  private void summaryComment(int ticketId, List<String> summaries) {
    if (!summaries.isEmpty()) {
      call("GET", "GET tickets/{id}", "/" + ticketApp + "/tickets/" + ticketId, null);
      ObjectNode post = json.createObjectNode();
      post.put("NewStatusID", 0);
      post.put("CascadeStatus", false);
      post.put(
          "Comments",
          "🤖 Automated Actions Summary\n\n" + String.join("\n", summaries.stream().toList()));
      post.putArray("Notify").add("null");
      post.put("IsPrivate", true);
      post.put("IsRichHTML", true);
      post.put("IsCommunication", false);
      call(
          "POST",
          "POST tickets/{id}/feed",
          "/" + ticketApp + "/tickets/" + ticketId + "/feed",
          post);
    }
  }

  private void addAsset(int id, List<String> summaries) {
    JsonNode ticket = call("GET", "GET tickets/{id}", "/" + ticketApp + "/tickets/" + id, null);
    JsonNode existing = ticketAssets(id);
    Set<Integer> existingCiIds = new LinkedHashSet<>();
    existing.forEach(ci -> existingCiIds.add(ci.path("ID").asInt()));
    Set<String> ids = identifiers(text(ticket, "Title") + " " + text(ticket, "Description"));
    if (!ids.isEmpty() && addMatches(id, ids, existingCiIds)) {
      summaries.add("<br>1. Added asset(s) (phase 1)");
      return;
    }
    List<String> messages = conversation(id);
    Set<String> convIds = identifiers(String.join(" ", messages));
    if (!convIds.isEmpty() && addMatches(id, convIds, existingCiIds)) {
      summaries.add("<br>1. Added asset(s) (phase 2)");
      return;
    }
    String uid = ticket.path("RequestorUid").asText("");
    if (!existing.isEmpty() || uid.isEmpty()) {
      summaries.add("<br>1. No assets added");
      return;
    }
    ObjectNode owner = json.createObjectNode();
    owner.putArray("OwningCustomerIDs").add(uid);
    List<JsonNode> computers = new ArrayList<>();
    for (JsonNode a :
        call("POST", "POST assets/search", "/" + assetApp + "/assets/search", owner)) {
      if (a.path("FormID").asInt() == COMPUTER_FORM) {
        computers.add(a);
      }
    }
    if (computers.size() == 1 && !existingCiIds.contains(computers.get(0).path("ID").asInt())) {
      addAndVerify(id, computers.get(0).path("ID").asInt());
    }
    summaries.add("<br>1. Requestor's computer (phase 3)");
  }

  /** Searches, verifies and adds; true when something was left to add (the phase decided). */
  private boolean addMatches(int id, Set<String> identifiers, Set<Integer> existingCiIds) {
    Map<Integer, JsonNode> candidates = new LinkedHashMap<>();
    for (String ident : identifiers) {
      for (String field : List.of("SerialLike", "SearchText")) {
        ObjectNode search = json.createObjectNode();
        search.put(field, ident);
        search.putArray("StatusIDs").add(ACTIVE_ASSET_STATUS);
        search.putArray("FormIDs").add(COMPUTER_FORM);
        for (JsonNode a :
            call("POST", "POST assets/search", "/" + assetApp + "/assets/search", search)) {
          candidates.putIfAbsent(a.path("ID").asInt(), a);
        }
      }
    }
    Set<String> terms = new LinkedHashSet<>();
    identifiers.forEach(i -> terms.add(i.strip().toLowerCase(Locale.ROOT)));
    List<Integer> verified = new ArrayList<>();
    for (JsonNode a : candidates.values()) {
      String name = lower(a, "Name");
      String serial = lower(a, "SerialNumber");
      String tag = lower(a, "Tag");
      if (terms.contains(name)
          || (!serial.isEmpty() && terms.contains(serial))
          || (!tag.isEmpty() && terms.contains(tag))) {
        // The daemon's "already added" filter compares asset IDs with CI IDs: it keeps them all.
        if (!existingCiIds.contains(a.path("ID").asInt())) {
          verified.add(a.path("ID").asInt());
        }
      }
    }
    if (verified.isEmpty()) {
      return false;
    }
    for (int assetId : verified.subList(0, Math.min(10, verified.size()))) {
      addAndVerify(id, assetId);
    }
    return true;
  }

  private void addAndVerify(int ticketId, int assetId) {
    call(
        "POST",
        "POST tickets/{id}/assets/{assetId}",
        "/" + ticketApp + "/tickets/" + ticketId + "/assets/" + assetId,
        json.createObjectNode());
    ticketAssets(ticketId);
  }

  private List<String> conversation(int id) {
    List<String> messages = new ArrayList<>();
    for (JsonNode e :
        call("GET", "GET tickets/{id}/feed", "/" + ticketApp + "/tickets/" + id + "/feed", null)) {
      String feedId = e.path("Uri").asText("").replaceAll("\\D", "");
      JsonNode full = call("GET", "GET feed/{id}", "//feed/" + feedId, null);
      keep(full, messages);
      for (JsonNode r : full.path("Replies")) {
        keep(r, messages);
      }
    }
    return messages;
  }

  private static void keep(JsonNode entry, List<String> messages) {
    String author = entry.path("CreatedFullName").asText("");
    String body = entry.path("Body").asText("");
    String lower = body.toLowerCase(Locale.ROOT);
    if (author.equalsIgnoreCase("system") || SYSTEM_WORDS.stream().anyMatch(lower::contains)) {
      return;
    }
    String clean = Parser.unescapeEntities(body.replaceAll("<[^>]+>", ""), false);
    messages.add(clean.replaceAll("\\s+", " ").strip());
  }

  private void findActiveTickets(int id, List<String> summaries) {
    JsonNode ticket = call("GET", "GET tickets/{id}", "/" + ticketApp + "/tickets/" + id, null);
    int found = 0;
    String uid = ticket.path("RequestorUid").asText("");
    if (!uid.isEmpty()) {
      ObjectNode search = json.createObjectNode();
      search.putArray("RequestorUids").add(uid);
      statuses(search.putArray("StatusIDs"));
      found += count(searchTickets(search), id);
    }
    for (JsonNode ci : ticketAssets(id)) {
      if (ci.path("TypeID").asInt() != LAB_TYPE_ID && ci.path("BackingItemType").asInt() == 27) {
        ObjectNode search = json.createObjectNode();
        search.putArray("ConfigurationItemIDs").add(ci.path("ID").asInt());
        statuses(search.putArray("StatusIDs"));
        found += count(searchTickets(search), id);
      }
    }
    // Lab tickets: the assets again, then the tickets of the first CI of the lab type.
    for (JsonNode ci : ticketAssets(id)) {
      if (ci.path("TypeID").asInt() == LAB_TYPE_ID) {
        for (JsonNode t :
            call(
                "GET",
                "GET cmdb/{id}/tickets",
                "/" + assetApp + "/cmdb/" + ci.path("BackingItemID").asInt() + "/tickets",
                null)) {
          if (ACTIVE_TICKET_STATUSES.contains(t.path("StatusID").asInt())
              && t.path("ID").asInt() != id) {
            found++;
          }
        }
        break;
      }
    }
    if (found > 0) {
      summaries.add("<br>2. Related Active Tickets (" + found + ")");
    }
  }

  private static int count(JsonNode tickets, int self) {
    int n = 0;
    for (JsonNode t : tickets) {
      n += t.path("ID").asInt() == self ? 0 : 1;
    }
    return n;
  }

  private static void statuses(ArrayNode array) {
    ACTIVE_TICKET_STATUSES.forEach(array::add);
  }

  private JsonNode searchTickets(ObjectNode search) {
    return call("POST", "POST tickets/search", "/" + ticketApp + "/tickets/search", search);
  }

  private JsonNode ticketAssets(int id) {
    return call(
        "GET", "GET tickets/{id}/assets", "/" + ticketApp + "/tickets/" + id + "/assets", null);
  }

  static Set<String> identifiers(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (Pattern p : PATTERNS) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    // Python's .get(key, "") on a JSON null gives None, formatted as "None".
    JsonNode v = node.get(field);
    return v == null ? "" : v.isNull() ? "None" : v.asText();
  }

  private static String lower(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText().strip().toLowerCase(Locale.ROOT);
  }

  private JsonNode call(String method, String template, String path, JsonNode body) {
    String text = send(method, template, path, body).body();
    if (text == null || text.isBlank()) {
      return json.createArrayNode();
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.createArrayNode();
    }
  }

  /** A response: status, body, and the rate-limit reset header. */
  private record Answer(int status, String body, String reset) {}

  private Answer send(String method, String template, String path, JsonNode body) {
    while (true) {
      calls.merge(template, 1L, Long::sum);
      Answer r;
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(120_000);
        c.setRequestProperty("Content-Type", "application/json");
        if (token != null) {
          c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
          c.setDoOutput(true);
          try (OutputStream out = c.getOutputStream()) {
            out.write(body.toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        r = new Answer(status, text, c.getHeaderField("X-RateLimit-Reset"));
        c.disconnect();
      } catch (IOException e) {
        throw new IllegalStateException("daemon model: " + template + " failed: " + e, e);
      }
      if (r.status() != 429) {
        return r;
      }
      rateLimited++;
      sleepUntilReset(r);
    }
  }

  private void sleepUntilReset(Answer r) {
    long waitMillis;
    try {
      ZonedDateTime reset = ZonedDateTime.parse(r.reset(), DateTimeFormatter.RFC_1123_DATE_TIME);
      waitMillis = Math.max(0, reset.toInstant().toEpochMilli() - System.currentTimeMillis());
    } catch (RuntimeException e) {
      waitMillis = 0;
    }
    waitMillis += Math.round(5000 * waitScale);
    try {
      Thread.sleep(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
