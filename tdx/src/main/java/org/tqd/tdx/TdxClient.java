package org.tqd.tdx;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.tdx.internal.ErrorMapper;
import org.tqd.tdx.internal.HttpTransport;
import org.tqd.tdx.internal.TdxHttp;
import org.tqd.tdx.internal.TdxHttp.Request;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.NamedItem;
import org.tqd.tdx.model.Person;
import org.tqd.tdx.model.PersonSearch;
import org.tqd.tdx.model.Report;
import org.tqd.tdx.model.Ticket;
import org.tqd.tdx.model.TicketSearch;
import org.tqd.tdx.model.TicketStatus;

/**
 * The TDX Web API client: one instance per process, shared by all threads. It logs in by itself and
 * renews its token before it expires, keeps every method within TDX's rate limits by pacing from
 * the {@code X-RateLimit-*} headers, bounds every call by the configured timeouts, and throws a
 * typed {@link TdxException} for every failure. It does not repeat calls that failed with a 5xx or
 * a transport error; that is left to the caller (Temporal retries activities). The token goes on a
 * call when the call is sent, after any wait, so a long wait never sends an expired token. Waits
 * (for a rate-limit window, or after a 429) end at once on {@link #close()} or an interrupt, so a
 * process that is told to stop never sits out a rate-limit window first.
 *
 * <pre>{@code
 * TdxApi tdx = new TdxClient(TdxClientConfig.fromEnvironment(System.getenv()).build());
 * Ticket ticket = tdx.getTicket(12345);
 * }</pre>
 */
public final class TdxClient implements TdxApi, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TdxClient.class);

  private final TdxClientConfig config;
  private final TdxHttp http;
  private final String tickets;
  private final String assets;
  private final String cmdb;

  public TdxClient(TdxClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new TdxHttp(config);
    this.tickets = config.ticketAppId() + "/tickets";
    this.assets = config.assetAppId() + "/assets";
    this.cmdb = config.assetAppId() + "/cmdb";
    String base = config.baseUrl().toLowerCase(Locale.ROOT);
    if (!base.endsWith("/tdwebapi/api") && !base.endsWith("/sbtdwebapi/api")) {
      log.warn(
          "The TDX base URL {} does not end in /TDWebApi/api or /SBTDWebApi/api; calls will likely"
              + " fail with 404",
          config.baseUrl());
    }
  }

  public TdxClientConfig config() {
    return config;
  }

  /**
   * Stops waiting: calls waiting for a rate-limit window or after a 429 end at once with {@link
   * TdxException.Transport}, as do later calls that would have to wait. Calls that need no wait are
   * still sent, so that work finishing during a shutdown grace period is not failed needlessly. For
   * shutdown; idempotent.
   */
  @Override
  public void close() {
    http.close();
  }

  /** How many times this client has logged in to TDX so far. */
  public int loginCount() {
    return http.tokens().logins();
  }

  /**
   * Logs in now unless this client holds a valid token (tqd check); a refused login is {@link
   * TdxException.Unauthorized}.
   */
  public void logIn() {
    http.tokens().token("POST auth", http.uri("auth").toString());
  }

  /**
   * What TDX's rate-limit headers said in the latest answer to a method (such as {@code GET
   * reports/{id}}); empty before the first answer. Every field is null when TDX sent no such
   * header.
   */
  public java.util.Optional<RateLimitStatus> rateLimit(String methodTemplate) {
    var h = http.lastRateLimit(methodTemplate);
    return h == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new RateLimitStatus(h.limit(), h.remaining(), h.reset()));
  }

  /** The active ticket forms of the tickets application ({@code GET tickets/forms}). */
  public List<NamedItem> getTicketForms() {
    return http.list(get("GET tickets/forms", tickets + "/forms"), NamedItem.class);
  }

  /** The active ticket types of the tickets application ({@code GET tickets/types}). */
  public List<NamedItem> getTicketTypes() {
    return http.list(get("GET tickets/types", tickets + "/types"), NamedItem.class);
  }

  @Override
  public Report getReport(int reportId, boolean withData) {
    return http.object(
        get(
            "GET reports/{id}",
            "reports/" + reportId + "?withData=" + withData + "&dataSortExpression="),
        Report.class);
  }

  @Override
  public Ticket getTicket(int ticketId) {
    return http.object(get("GET tickets/{id}", tickets + "/" + ticketId), Ticket.class);
  }

  @Override
  public List<FeedEntry> getTicketFeed(int ticketId) {
    return http.list(
        get("GET tickets/{id}/feed", tickets + "/" + ticketId + "/feed"), FeedEntry.class);
  }

  @Override
  public FeedEntry getFeedEntry(int feedEntryId) {
    return http.object(get("GET feed/{id}", "feed/" + feedEntryId), FeedEntry.class);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns null when TDX answers with an empty body: the entry was created, but its ID is not
   * known.
   */
  @Override
  public FeedEntry postFeed(int ticketId, FeedPost post) {
    Objects.requireNonNull(post, "post");
    return http.nullableObject(
        new Request("POST", "POST tickets/{id}/feed", tickets + "/" + ticketId + "/feed", post),
        FeedEntry.class);
  }

  @Override
  public List<ConfigurationItem> getTicketAssets(int ticketId) {
    return http.list(
        get("GET tickets/{id}/assets", tickets + "/" + ticketId + "/assets"),
        ConfigurationItem.class);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A 4xx answer whose message says the asset is "already" there counts as success. Success does
   * not prove the link exists; read {@link #getTicketAssets} to verify.
   */
  @Override
  public void addTicketAsset(int ticketId, int assetId) {
    Request request =
        new Request(
            "POST",
            "POST tickets/{id}/assets/{assetId}",
            tickets + "/" + ticketId + "/assets/" + assetId,
            // TDX rejects an empty body here; the content is ignored.
            Map.of());
    HttpTransport.Response response = http.exchange(request);
    if (response.isSuccess()) {
      return;
    }
    if (response.status() >= 400 && response.status() < 500 && mentionsAlready(response)) {
      log.debug("Asset {} already on ticket {}", assetId, ticketId);
      return;
    }
    throw http.error(request, response);
  }

  @Override
  public void removeTicketAsset(int ticketId, int assetId) {
    http.send(
        new Request(
            "DELETE",
            "DELETE tickets/{id}/assets/{assetId}",
            tickets + "/" + ticketId + "/assets/" + assetId,
            null));
  }

  @Override
  public List<Asset> searchAssets(AssetSearch search) {
    Objects.requireNonNull(search, "search");
    return http.list(
        new Request("POST", "POST assets/search", assets + "/search", search), Asset.class);
  }

  @Override
  public Asset getAsset(int assetId) {
    return http.object(get("GET assets/{id}", assets + "/" + assetId), Asset.class);
  }

  @Override
  public Person getPerson(String uid) {
    return http.object(
        get("GET people/{uid}", "people/" + encode(required(uid, "uid"))), Person.class);
  }

  @Override
  public List<Person> lookupPeople(String searchText, int maxResults) {
    return http.list(
        get(
            "GET people/lookup",
            "people/lookup?searchText="
                + encode(required(searchText, "searchText"))
                + "&maxResults="
                + maxResults),
        Person.class);
  }

  @Override
  public List<Person> searchPeople(PersonSearch search) {
    Objects.requireNonNull(search, "search");
    return http.list(
        new Request("POST", "POST people/search", "people/search", search), Person.class);
  }

  @Override
  public List<Ticket> searchTickets(TicketSearch search) {
    Objects.requireNonNull(search, "search");
    return http.list(
        new Request("POST", "POST tickets/search", tickets + "/search", search), Ticket.class);
  }

  @Override
  public List<Ticket> getConfigurationItemTickets(int ciId) {
    return http.list(get("GET cmdb/{id}/tickets", cmdb + "/" + ciId + "/tickets"), Ticket.class);
  }

  @Override
  public List<TicketStatus> getTicketStatuses() {
    return http.list(get("GET tickets/statuses", tickets + "/statuses"), TicketStatus.class);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends a JSON Patch ({@code add} of {@code /ResponsibleGroupID} and/or {@code
   * /ResponsibleUid}). Returns null when TDX answers with an empty body.
   *
   * @throws IllegalArgumentException when both the group and the person are null
   */
  @Override
  public Ticket updateResponsibility(
      int ticketId,
      Integer responsibleGroupId,
      String responsibleUid,
      boolean notifyNewResponsible) {
    List<Map<String, Object>> patch = new ArrayList<>();
    if (responsibleGroupId != null) {
      patch.add(patchAdd("/ResponsibleGroupID", responsibleGroupId));
    }
    if (responsibleUid != null) {
      patch.add(patchAdd("/ResponsibleUid", responsibleUid));
    }
    if (patch.isEmpty()) {
      throw new IllegalArgumentException(
          "updateResponsibility of ticket " + ticketId + " needs a group or a person");
    }
    return http.nullableObject(
        new Request(
            "PATCH",
            "PATCH tickets/{id}",
            tickets + "/" + ticketId + "?notifyNewResponsible=" + notifyNewResponsible,
            patch),
        Ticket.class);
  }

  @Override
  public Ticket patchTicket(int ticketId, Map<String, Object> values) {
    List<Map<String, Object>> patch = new ArrayList<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() == null) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "remove");
        op.put("path", e.getKey());
        patch.add(op);
      } else {
        patch.add(patchAdd(e.getKey(), e.getValue()));
      }
    }
    if (patch.isEmpty()) {
      throw new IllegalArgumentException("patchTicket of ticket " + ticketId + " needs a value");
    }
    return http.nullableObject(
        new Request(
            "PATCH",
            "PATCH tickets/{id}",
            tickets + "/" + ticketId + "?notifyNewResponsible=false",
            patch),
        Ticket.class);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<Map<String, Object>> customAttributes(int componentId) {
    List<Map> list =
        http.list(
            get(
                "GET attributes/custom",
                "attributes/custom?componentId=" + componentId + "&associatedTypeId=0&appId=0"),
            Map.class);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map m : list) {
      out.add((Map<String, Object>) m);
    }
    return out;
  }

  @Override
  public Person currentUser() {
    return http.object(get("GET auth/getuser", "auth/getuser"), Person.class);
  }

  @Override
  public String toString() {
    return "TdxClient[" + config + "]";
  }

  private static Request get(String template, String path) {
    return new Request("GET", template, path, null);
  }

  private static Map<String, Object> patchAdd(String path, Object value) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "add");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  private static boolean mentionsAlready(HttpTransport.Response response) {
    return ErrorMapper.message(response.body()).toLowerCase(Locale.ROOT).contains("already");
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value.strip();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
