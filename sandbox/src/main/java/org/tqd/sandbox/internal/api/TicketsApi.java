package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.tqd.sandbox.internal.data.Author;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;

/**
 * Tickets: get, search, statuses, create, full edit ({@code POST tickets/{id}}) and JSON Patch
 * ({@code PATCH tickets/{id}}). Edits validate everything before changing anything, bump {@code
 * ModifiedDate}, and record a status or responsibility change in the feed as TDX does.
 */
public final class TicketsApi {

  private final Services s;
  private final DataStore store;
  private final TicketFields fields;

  public TicketsApi(Services services) {
    this.s = services;
    this.store = services.store();
    this.fields = new TicketFields(store);
  }

  /** {@code GET api/{app}/tickets/{id}}: the full ticket. */
  public ApiResponse get(Exchange x) {
    int id = x.pathInt("id");
    return store.read(() -> ApiResponse.ok(s.shapes().ticket(require(id), true, s.now())));
  }

  /** {@code GET api/{app}/tickets/statuses}: the application's active ticket statuses. */
  public ApiResponse statuses(Exchange x) {
    ArrayNode out = Json.array();
    for (Catalog.TicketStatus st : s.catalog().statuses()) {
      out.add(s.shapes().status(st));
    }
    return ApiResponse.ok(out);
  }

  /**
   * {@code GET api/attributes/custom?componentId=&associatedTypeId=&appId=}: the custom attribute
   * definitions of a component. The sandbox has ticket attributes only (component 9); other
   * components have none.
   */
  public ApiResponse customAttributes(Exchange x) {
    int component = x.queryInt("componentId", 0);
    if (component == 0) {
      throw ApiException.badRequest("componentId is required (9 = ticket).");
    }
    ArrayNode out = Json.array();
    if (component == 9) {
      for (Catalog.AttributeDef def : s.catalog().ticketAttributes().values()) {
        out.add(s.shapes().attributeDefinition(def));
      }
    }
    return ApiResponse.ok(out);
  }

  /** {@code GET api/{app}/tickets/statuses/{id}}. */
  public ApiResponse status(Exchange x) {
    int id = x.pathInt("id");
    Catalog.TicketStatus st = s.catalog().status(id);
    if (st == null) {
      throw ApiException.notFound("Ticket status " + id + " was not found.");
    }
    return ApiResponse.ok(s.shapes().status(st));
  }

  /** {@code POST api/{app}/tickets/search}: thin tickets (no Description, Attributes, …). */
  public ApiResponse search(Exchange x) {
    TicketSearch search = new TicketSearch(x.body("a TicketSearch"));
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          for (Ticket t : search.run(store)) {
            out.add(s.shapes().ticket(t, false, s.now()));
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code POST api/{app}/tickets}: creates a ticket (Title and TypeID required). */
  public ApiResponse create(Exchange x) {
    for (String flag :
        new String[] {
          "EnableNotifyReviewer", "NotifyRequestor", "NotifyResponsible", "AllowRequestorCreation"
        }) {
      x.queryBool(flag, false);
    }
    JsonBody b = x.body("a Ticket");
    Person me = x.principal().person();
    return store.write(
        () -> {
          Ticket scratch = new Ticket(0, me.uid(), s.now());
          applyFull(scratch, b, true);
          Ticket t = new Ticket(store.newTicketId(), me.uid(), s.now());
          copy(scratch, t);
          if (t.formId() == 0) {
            t.formId(Catalog.TICKET_FORM_ID);
          }
          store.addTicket(t);
          FeedEntry created =
              new FeedEntry(
                  store.newFeedId(),
                  t.id(),
                  Author.of(me),
                  s.now(),
                  "Created the ticket.",
                  FeedEntry.CREATED,
                  false,
                  true,
                  false,
                  null);
          store.addFeedEntry(created);
          return ApiResponse.json(201, s.shapes().ticket(t, true, s.now()));
        });
  }

  /** {@code POST api/{app}/tickets/{id}?notifyNewResponsible=}: full edit; omitted fields clear. */
  public ApiResponse edit(Exchange x) {
    int id = x.pathInt("id");
    x.queryBool("notifyNewResponsible", false);
    JsonBody b = x.body("the full Ticket");
    Integer bodyId = b.integerOrNull("ID");
    if (bodyId != null && bodyId != 0 && bodyId != id) {
      throw ApiException.badRequest(
          "The ticket ID in the body (" + bodyId + ") does not match the URL (" + id + ").");
    }
    Person me = x.principal().person();
    return store.write(
        () -> {
          Ticket t = require(id);
          Ticket scratch = new Ticket(id, t.createdUid(), t.createdDate());
          applyFull(scratch, b, false);
          commit(t, scratch, me);
          return ApiResponse.ok(s.shapes().ticket(t, true, s.now()));
        });
  }

  /** {@code PATCH api/{app}/tickets/{id}?notifyNewResponsible=}: JSON Patch, TDX's rules. */
  public ApiResponse patch(Exchange x) {
    int id = x.pathInt("id");
    x.queryBool("notifyNewResponsible", false);
    JsonNode ops = x.bodyNode("a JSON Patch array");
    if (!ops.isArray()) {
      throw ApiException.badRequest(
          "The request body must be a JSON Patch array such as "
              + "[{\"op\":\"add\",\"path\":\"/ResponsibleGroupID\",\"value\":123}].");
    }
    Person me = x.principal().person();
    return store.write(
        () -> {
          Ticket t = require(id);
          Ticket scratch = new Ticket(id, t.createdUid(), t.createdDate());
          copy(t, scratch);
          int index = 0;
          for (JsonNode op : ops) {
            applyPatch(scratch, JsonBody.of(op, "Patch operation " + index), index);
            index++;
          }
          commit(t, scratch, me);
          return ApiResponse.ok(s.shapes().ticket(t, true, s.now()));
        });
  }

  // ---- helpers

  private Ticket require(int id) {
    Ticket t = store.ticket(id);
    if (t == null) {
      throw ApiException.notFound("Ticket " + id + " was not found.");
    }
    return t;
  }

  private void applyFull(Ticket target, JsonBody b, boolean creating) {
    List<String> missing = new ArrayList<>();
    for (TicketFields.Field f : fields.all()) {
      boolean defaulted = creating && f.name().equals("StatusID");
      if (f.required() && !defaulted && b.node(f.name()) == null) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      throw ApiException.badRequest(
          String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " required"
              + (creating ? "." : ": a full edit sends the whole ticket."));
    }
    for (TicketFields.Field f : fields.all()) {
      JsonNode v = b.node(f.name());
      if (v == null) {
        if (creating && f.name().equals("StatusID")) {
          target.statusId(s.catalog().ids().newTicketStatusId());
          continue;
        }
        f.writer().accept(target, NullNode.getInstance());
      } else {
        f.writer().accept(target, v);
      }
    }
    target.attributes().clear();
    JsonNode attrs = b.node("Attributes");
    if (attrs != null) {
      if (!attrs.isArray()) {
        throw ApiException.badRequest(
            "Attributes must be an array of {\"ID\": attributeId, \"Value\": value}.");
      }
      for (JsonNode a : attrs) {
        JsonBody ab = JsonBody.of(a, "Each entry of Attributes");
        Integer attrId = ab.integerOrNull("ID");
        if (attrId == null) {
          throw ApiException.badRequest("Each entry of Attributes needs an ID.");
        }
        fields.setAttribute(target, attrId, ab.node("Value"));
      }
    }
  }

  private void applyPatch(Ticket t, JsonBody op, int index) {
    String kind = op.string("op");
    String path = op.string("path");
    String where = "Patch operation " + index;
    if (kind == null || path == null) {
      throw ApiException.badRequest(where + " needs \"op\" and \"path\".");
    }
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "add":
        if (!op.names().contains("value")) {
          throw ApiException.badRequest(where + " (add " + path + ") needs a \"value\".");
        }
        write(t, path, nodeOrNull(op, "value"), where);
        break;
      case "remove":
        write(t, path, NullNode.getInstance(), where);
        break;
      case "copy":
      case "move":
        String from = op.string("from");
        if (from == null) {
          throw ApiException.badRequest(where + " (" + kind + ") needs \"from\".");
        }
        JsonNode value = read(t, from, where);
        write(t, path, value, where);
        if (kind.equalsIgnoreCase("move")) {
          write(t, from, NullNode.getInstance(), where);
        }
        break;
      default:
        throw ApiException.badRequest(
            where
                + ": operation '"
                + kind
                + "' is not supported; TDX supports add, remove, move and copy.");
    }
  }

  private static JsonNode nodeOrNull(JsonBody op, String name) {
    JsonNode n = op.node(name);
    return n == null ? NullNode.getInstance() : n;
  }

  private JsonNode read(Ticket t, String path, String where) {
    Integer attr = attributePath(path, where);
    if (attr != null) {
      String v = t.attributes().get(attr);
      return v == null ? NullNode.getInstance() : TextNode.valueOf(v);
    }
    return property(path, where).reader().apply(t);
  }

  private void write(Ticket t, String path, JsonNode value, String where) {
    Integer attr = attributePath(path, where);
    if (attr != null) {
      fields.setAttribute(t, attr, value);
      return;
    }
    TicketFields.Field f = property(path, where);
    if (value.isNull() && f.required()) {
      throw ApiException.badRequest(where + ": " + f.name() + " cannot be removed.");
    }
    f.writer().accept(t, value);
  }

  /** The attribute ID of {@code /Attributes/{id}}, or null for a plain property path. */
  private static Integer attributePath(String path, String where) {
    String[] parts = path.split("/", -1);
    if (parts.length == 3 && parts[0].isEmpty() && parts[1].equalsIgnoreCase("attributes")) {
      try {
        return Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(
            where + ": '" + path + "' must name a custom attribute by ID, e.g. /Attributes/1234.");
      }
    }
    return null;
  }

  private TicketFields.Field property(String path, String where) {
    if (!path.startsWith("/") || path.indexOf('/', 1) >= 0) {
      throw ApiException.badRequest(
          where + ": path '" + path + "' must be /PropertyName or /Attributes/{id}.");
    }
    String name = path.substring(1);
    TicketFields.Field f = fields.field(name);
    if (f == null) {
      if (fields.isReadOnly(name)) {
        throw ApiException.badRequest(where + ": property '" + name + "' cannot be changed.");
      }
      throw ApiException.badRequest(
          where + ": the ticket has no property '" + name + "' (paths are /PropertyName).");
    }
    return f;
  }

  /** Copies every writable property and the attributes. */
  private void copy(Ticket from, Ticket to) {
    for (TicketFields.Field f : fields.all()) {
      f.writer().accept(to, f.reader().apply(from));
    }
    to.attributes().clear();
    to.attributes().putAll(from.attributes());
  }

  /** Applies a validated scratch copy, logs status/responsibility changes, bumps ModifiedDate. */
  private void commit(Ticket t, Ticket scratch, Person me) {
    Catalog c = s.catalog();
    int oldStatus = t.statusId();
    int oldGroup = t.responsibleGroupId();
    UUID oldResp = t.responsibleUid();
    copy(scratch, t);
    StringBuilder log = new StringBuilder();
    int type = FeedEntry.EDIT;
    if (oldStatus != t.statusId()) {
      log.append("Changed Status from \"")
          .append(statusName(c, oldStatus))
          .append("\" to \"")
          .append(statusName(c, t.statusId()))
          .append("\".");
      type = FeedEntry.STATUS_CHANGE;
    }
    if (oldGroup != t.responsibleGroupId() || !Objects.equals(oldResp, t.responsibleUid())) {
      if (log.length() > 0) {
        log.append("<br />");
      }
      log.append("Reassigned this ticket to ").append(responsibility(c, t)).append('.');
    }
    t.touch(me.uid(), s.now());
    if (log.length() > 0) {
      store.addFeedEntry(
          new FeedEntry(
              store.newFeedId(),
              t.id(),
              Author.of(me),
              s.now(),
              log.toString(),
              type,
              false,
              true,
              false,
              null));
    }
  }

  private String responsibility(Catalog c, Ticket t) {
    Person p = store.person(t.responsibleUid());
    if (p != null) {
      return p.fullName();
    }
    String group = Catalog.nameOf(c.groups(), t.responsibleGroupId());
    return group == null ? "nobody" : group;
  }

  static String statusName(Catalog c, int statusId) {
    Catalog.TicketStatus st = c.status(statusId);
    return st == null ? "None" : st.name();
  }
}
