package org.tqd.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiRequest;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;

/**
 * The inspection and control endpoints below {@code /_sandbox/}: no authentication, no limits, no
 * faults, not counted. JSON property names here are camelCase (they are the sandbox's own, not
 * TDX's).
 *
 * <ul>
 *   <li>{@code GET /_sandbox/truth}: per ticket, expected asset IDs and phase.
 *   <li>{@code GET /_sandbox/state[?ticket=ID]}: per ticket, linked assets, feed, status,
 *       responsibility.
 *   <li>{@code GET /_sandbox/calls}, {@code DELETE /_sandbox/calls}: calls per method template.
 *   <li>{@code GET /_sandbox/faults}, {@code POST /_sandbox/faults}: read or change faults (send
 *       only the fields to change; {@code {"reset": true}} restores the defaults first). An outage
 *       is started with {@code {"outageSeconds": N}} (0 ends it) or {@code {"outage": true}} (until
 *       {@code {"outage": false}}); reading shows {@code outage} (whether one is on now) and {@code
 *       outageSeconds} (seconds left, -1 until ended, 0 without an outage).
 *   <li>{@code GET /_sandbox/limits}, {@code POST /_sandbox/limits}: rate-limit settings ({@code
 *       enabled}, {@code scale}, {@code windowSeconds}); a change forgets open windows.
 *   <li>{@code POST /_sandbox/tickets {"count": N}}: generate tickets into the report.
 *   <li>{@code GET /_sandbox/report}, {@code POST /_sandbox/report {"ticketIds": [...]}}: the
 *       report's ticket list.
 *   <li>{@code POST /_sandbox/reply {"ticketId": N, "body": "...", "entryId": 0}}: the ticket's
 *       requestor replies to feed entry {@code entryId} (or, with 0, writes a new comment).
 * </ul>
 */
final class InspectionEndpoints {

  private final TdxSandbox sandbox;

  InspectionEndpoints(TdxSandbox sandbox) {
    this.sandbox = sandbox;
  }

  ApiResponse handle(ApiRequest request) {
    List<String> segs = request.segments();
    String what = segs.size() > 1 ? segs.get(1).toLowerCase(Locale.ROOT) : "";
    String method = request.method();
    switch (method + " " + what) {
      case "GET ":
        return ApiResponse.ok(index());
      case "GET truth":
        return ApiResponse.ok(truth());
      case "GET state":
        return state(request.query().get("ticket"));
      case "GET calls":
        return ApiResponse.ok(calls());
      case "DELETE calls":
        sandbox.resetCalls();
        return ApiResponse.ok(calls());
      case "GET faults":
        return ApiResponse.ok(faults());
      case "POST faults":
        changeFaults(body(request));
        return ApiResponse.ok(faults());
      case "GET limits":
        return ApiResponse.ok(limits());
      case "POST limits":
        changeLimits(body(request));
        return ApiResponse.ok(limits());
      case "POST tickets":
        return addTickets(body(request));
      case "POST reply":
        return requestorWrites(body(request));
      case "GET report":
        return ApiResponse.ok(report());
      case "POST report":
        setReport(body(request));
        return ApiResponse.ok(report());
      default:
        throw ApiException.notFound(
            "No sandbox endpoint " + method + " /_sandbox/" + what + "; see GET /_sandbox/.");
    }
  }

  private static JsonBody body(ApiRequest request) {
    if (!request.hasBody()) {
      return JsonBody.of(Json.object(), "body");
    }
    try {
      return JsonBody.of(Json.parse(request.body()), "The request body");
    } catch (IOException e) {
      throw ApiException.badRequest("The request body is not valid JSON.");
    }
  }

  private ObjectNode index() {
    ObjectNode o = Json.object();
    o.put("baseUrl", sandbox.baseUrl());
    o.put("sandboxBaseUrl", sandbox.sandboxBaseUrl());
    o.put("ticketAppId", sandbox.ticketAppId());
    o.put("assetAppId", sandbox.assetAppId());
    o.put("reportId", sandbox.reportId());
    o.put("computerFormId", sandbox.ids().computerFormId());
    o.put("activeAssetStatusId", sandbox.ids().activeAssetStatusId());
    ArrayNode ep = o.putArray("endpoints");
    for (String e :
        new String[] {
          "GET /_sandbox/truth",
          "GET /_sandbox/state[?ticket=ID]",
          "GET|DELETE /_sandbox/calls",
          "GET|POST /_sandbox/faults",
          "GET|POST /_sandbox/limits",
          "POST /_sandbox/tickets {\"count\":N}",
          "GET|POST /_sandbox/report {\"ticketIds\":[...]}",
          "POST /_sandbox/reply {\"ticketId\":N,\"body\":\"...\",\"entryId\":0}"
        }) {
      ep.add(e);
    }
    return o;
  }

  private ObjectNode truth() {
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("tickets");
    for (TicketTruth t : sandbox.truth()) {
      ObjectNode e = list.addObject();
      e.put("ticketId", t.ticketId());
      e.put("phase", t.phase().label());
      ArrayNode ids = e.putArray("expectedAssetIds");
      t.expectedAssetIds().forEach(ids::add);
      e.put("reason", t.reason());
      ArrayNode initial = e.putArray("initialAssetIds");
      sandbox.initialAssetIds(t.ticketId()).forEach(initial::add);
      e.put("inReport", t.inReport());
    }
    return o;
  }

  private ApiResponse state(String ticket) {
    if (ticket != null && !ticket.isBlank()) {
      int id;
      try {
        id = Integer.parseInt(ticket.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("ticket must be a ticket ID, got '" + ticket + "'.");
      }
      TicketState s = sandbox.state(id);
      if (s == null) {
        throw ApiException.notFound("Ticket " + id + " was not found.");
      }
      return ApiResponse.ok(state(s));
    }
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("tickets");
    for (TicketState s : sandbox.states()) {
      list.add(state(s));
    }
    return ApiResponse.ok(o);
  }

  private ApiResponse requestorWrites(JsonBody b) {
    JsonNode ticket = b.node("ticketId");
    JsonNode text = b.node("body");
    if (ticket == null || !ticket.canConvertToInt() || text == null || !text.isTextual()) {
      throw ApiException.badRequest(
          "Send {\"ticketId\": N, \"body\": \"text\"} and optionally \"entryId\": the entry to"
              + " reply to.");
    }
    JsonNode entry = b.node("entryId");
    int id;
    try {
      id =
          sandbox.requestorWrites(ticket.asInt(), entry == null ? 0 : entry.asInt(), text.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(e.getMessage());
    }
    ObjectNode o = Json.object();
    o.put("id", id);
    return ApiResponse.ok(o);
  }

  private static ObjectNode state(TicketState s) {
    ObjectNode o = Json.object();
    o.put("ticketId", s.ticketId());
    o.put("title", s.title());
    o.put("statusId", s.statusId());
    o.put("statusName", s.statusName());
    o.put("responsibleGroupId", s.responsibleGroupId());
    o.put("responsibleUid", Json.uid(s.responsibleUid()));
    ArrayNode assets = o.putArray("assetIds");
    s.assetIds().forEach(assets::add);
    o.put("modifiedDate", Json.date(s.modifiedDate()));
    o.put("priorityId", s.priorityId());
    o.put("impactId", s.impactId());
    o.put("urgencyId", s.urgencyId());
    ObjectNode attributes = o.putObject("attributes");
    s.attributes().forEach((id, v) -> attributes.put(String.valueOf(id), v));
    ArrayNode feed = o.putArray("feed");
    for (TicketState.FeedEntry e : s.feed()) {
      ObjectNode f = feed.addObject();
      f.put("id", e.id());
      f.put("author", e.authorName());
      f.put("authorUid", Json.uid(e.authorUid()));
      f.put("isPrivate", e.isPrivate());
      f.put("updateType", e.updateType());
      f.put("createdDate", Json.date(e.createdDate()));
      f.put("replyCount", e.replyCount());
      f.put("body", e.body());
    }
    return o;
  }

  private ObjectNode calls() {
    ObjectNode o = Json.object();
    Map<String, Long> calls = sandbox.calls();
    o.put("total", calls.values().stream().mapToLong(Long::longValue).sum());
    ObjectNode per = o.putObject("calls");
    calls.forEach(per::put);
    return o;
  }

  private ObjectNode faults() {
    Faults f = sandbox.faults();
    ObjectNode o = Json.object();
    o.put("latencyMillis", f.latencyMillis());
    o.put("serverErrorShare", f.serverErrorShare());
    o.put("serverErrorAfterWriteShare", f.serverErrorAfterWriteShare());
    o.put("hangShare", f.hangShare());
    o.put("hangMillis", f.hangMillis());
    o.put("emptyBodyShare", f.emptyBodyShare());
    o.put("rateLimitBurst", f.rateLimitBurst());
    o.put("tokenLifetimeSeconds", f.tokenLifetimeSeconds());
    o.put("quotedToken", f.quotedToken());
    o.put("permissionDenied", f.permissionDenied());
    o.put("duplicateAssetError", f.duplicateAssetError());
    o.put("htmlRewrite", f.htmlRewrite());
    o.put("searchTextIncludesName", f.searchTextIncludesName());
    o.put("assetAddBody", f.assetAddBody().name().toLowerCase(Locale.ROOT));
    ArrayNode t = o.putArray("templates");
    new TreeSet<>(f.templates()).forEach(t::add);
    o.put("lostAnswerShare", f.lostAnswerShare());
    ArrayNode lost = o.putArray("lostAnswerTemplates");
    new TreeSet<>(f.lostAnswerTemplates()).forEach(lost::add);
    Instant now = sandbox.clock().instant();
    Instant until = f.outageUntil();
    boolean down = until != null && now.isBefore(until);
    o.put("outage", down);
    o.put(
        "outageSeconds",
        !down
            ? 0
            : until.equals(Instant.MAX) ? -1 : Duration.between(now, until).toMillis() / 1000.0);
    o.put("outageStatus", f.outageStatus());
    o.put("outageHang", f.outageHang());
    ArrayNode outage = o.putArray("outageTemplates");
    new TreeSet<>(f.outageTemplates()).forEach(outage::add);
    ArrayNode forbidden = o.putArray("forbiddenTemplates");
    new TreeSet<>(f.forbiddenTemplates()).forEach(forbidden::add);
    return o;
  }

  private void changeFaults(JsonBody b) {
    Faults f = sandbox.faults();
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    faults().fieldNames().forEachRemaining(known::add);
    known.add("reset");
    for (String name : b.names()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest(
            "Unknown fault '" + name + "'; known: " + String.join(", ", known) + ".");
      }
    }
    try {
      if (b.bool("reset", false)) {
        f.reset();
      }
      if (b.has("latencyMillis")) {
        f.latencyMillis(b.integer("latencyMillis", 0));
      }
      if (b.has("serverErrorShare")) {
        f.serverErrorShare(share(b, "serverErrorShare"));
      }
      if (b.has("serverErrorAfterWriteShare")) {
        f.serverErrorAfterWriteShare(share(b, "serverErrorAfterWriteShare"));
      }
      if (b.has("hangShare")) {
        f.hangShare(share(b, "hangShare"));
      }
      if (b.has("hangMillis")) {
        f.hangMillis(b.integer("hangMillis", 0));
      }
      if (b.has("emptyBodyShare")) {
        f.emptyBodyShare(share(b, "emptyBodyShare"));
      }
      if (b.has("rateLimitBurst")) {
        f.rateLimitBurst(b.integer("rateLimitBurst", 0));
      }
      if (b.has("tokenLifetimeSeconds")) {
        f.tokenLifetimeSeconds(b.integer("tokenLifetimeSeconds", 86_400));
      }
      if (b.has("quotedToken")) {
        f.quotedToken(b.bool("quotedToken", false));
      }
      if (b.has("permissionDenied")) {
        f.permissionDenied(b.bool("permissionDenied", false));
      }
      if (b.has("duplicateAssetError")) {
        f.duplicateAssetError(b.bool("duplicateAssetError", false));
      }
      if (b.has("htmlRewrite")) {
        f.htmlRewrite(b.bool("htmlRewrite", false));
      }
      if (b.has("searchTextIncludesName")) {
        f.searchTextIncludesName(b.bool("searchTextIncludesName", false));
      }
      if (b.has("assetAddBody")) {
        f.assetAddBody(
            Faults.AssetAddBody.valueOf(b.string("assetAddBody").trim().toUpperCase(Locale.ROOT)));
      }
      if (b.has("templates")) {
        f.templates(new TreeSet<>(b.strings("templates")));
      }
      if (b.has("lostAnswerShare")) {
        f.lostAnswerShare(share(b, "lostAnswerShare"));
      }
      if (b.has("lostAnswerTemplates")) {
        f.lostAnswerTemplates(new TreeSet<>(b.strings("lostAnswerTemplates")));
      }
      if (b.has("outageStatus")) {
        f.outageStatus(b.integer("outageStatus", 503));
      }
      if (b.has("outageHang")) {
        f.outageHang(b.bool("outageHang", false));
      }
      if (b.has("outageTemplates")) {
        f.outageTemplates(new TreeSet<>(b.strings("outageTemplates")));
      }
      if (b.has("outage")) {
        if (b.bool("outage", false)) {
          f.outageUntilEnded();
        } else {
          f.endOutage();
        }
      }
      if (b.has("outageSeconds")) {
        double seconds = number(b, "outageSeconds");
        if (seconds < 0) {
          throw ApiException.badRequest("outageSeconds must not be negative; 0 ends the outage.");
        }
        f.outage(Duration.ofMillis(Math.round(seconds * 1000)), sandbox.clock().instant());
      }
      if (b.has("forbiddenTemplates")) {
        f.forbiddenTemplates(new TreeSet<>(b.strings("forbiddenTemplates")));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static double share(JsonBody b, String name) {
    JsonNode n = b.node(name);
    if (!n.isNumber()) {
      throw ApiException.badRequest(name + " must be a number between 0 and 1.");
    }
    return n.doubleValue();
  }

  private static double number(JsonBody b, String name) {
    JsonNode n = b.node(name);
    if (!n.isNumber()) {
      throw ApiException.badRequest(name + " must be a number.");
    }
    return n.doubleValue();
  }

  private ObjectNode limits() {
    RateLimits l = sandbox.rateLimits();
    ObjectNode o = Json.object();
    o.put("enabled", l.enabled());
    o.put("scale", l.scale());
    if (l.window() == null) {
      o.putNull("windowSeconds");
    } else {
      o.put("windowSeconds", l.window().toMillis() / 1000.0);
    }
    return o;
  }

  private void changeLimits(JsonBody b) {
    RateLimits l = sandbox.rateLimits();
    boolean enabled = b.bool("enabled", l.enabled());
    double scale = b.has("scale") ? number(b, "scale") : l.scale();
    Duration window = l.window();
    if (b.names().stream().anyMatch(n -> n.equalsIgnoreCase("windowSeconds"))) {
      JsonNode w = b.node("windowSeconds");
      window = w == null ? null : Duration.ofMillis(Math.round(w.asDouble() * 1000));
    }
    try {
      sandbox.rateLimits(new RateLimits(enabled, scale, window));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private ApiResponse addTickets(JsonBody b) {
    int count = b.integer("count", 1);
    if (count < 0 || count > 100_000) {
      throw ApiException.badRequest("count must be between 0 and 100000, got " + count + ".");
    }
    List<Integer> ids = sandbox.addTickets(count);
    ObjectNode o = Json.object();
    ArrayNode list = o.putArray("ticketIds");
    ids.forEach(list::add);
    return ApiResponse.ok(o);
  }

  private ObjectNode report() {
    ObjectNode o = Json.object();
    o.put("reportId", sandbox.reportId());
    ArrayNode list = o.putArray("ticketIds");
    sandbox.reportTickets().forEach(list::add);
    return o;
  }

  private void setReport(JsonBody b) {
    List<Integer> ids = b.integers("ticketIds");
    if (ids == null) {
      throw ApiException.badRequest("Send {\"ticketIds\": [ ... ]}.");
    }
    try {
      sandbox.reportTickets(new ArrayList<>(ids));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
