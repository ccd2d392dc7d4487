package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.JsonBody;

/**
 * The writable ticket properties, shared by full edit, PATCH and create: each one's reader, its
 * validating writer and what "cleared" means (0 for ints, null otherwise). Names are
 * case-insensitive. Known read-only properties (ID, StatusName, CreatedDate, …) are listed so that
 * writing them is a clear 400 rather than "unknown property".
 */
final class TicketFields {

  /** A writable property. */
  record Field(
      String name,
      boolean required,
      Function<Ticket, JsonNode> reader,
      BiConsumer<Ticket, JsonNode> writer) {}

  private final Map<String, Field> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<Field> ordered = new ArrayList<>();
  private final Set<String> readOnly = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private final DataStore store;
  private final Catalog catalog;

  TicketFields(DataStore store) {
    this.store = store;
    this.catalog = store.catalog();
    add(
        "Title",
        true,
        t -> text(t.title()),
        (t, v) -> {
          String s = v.isNull() ? null : v.asText();
          if (s == null || s.isBlank()) {
            throw ApiException.badRequest("Title is required and cannot be empty.");
          }
          t.title(s);
        });
    add("Description", false, t -> text(t.description()), (t, v) -> t.description(str(v)));
    add(
        "TypeID",
        true,
        t -> IntNode.valueOf(t.typeId()),
        (t, v) -> t.typeId(lookup("TypeID", v, catalog.types(), true)));
    add(
        "FormID",
        false,
        t -> IntNode.valueOf(t.formId()),
        (t, v) -> t.formId(integer("FormID", v)));
    add(
        "AccountID",
        false,
        t -> IntNode.valueOf(t.accountId()),
        (t, v) -> t.accountId(lookup("AccountID", v, catalog.accounts(), false)));
    add(
        "PriorityID",
        false,
        t -> IntNode.valueOf(t.priorityId()),
        (t, v) -> t.priorityId(lookup("PriorityID", v, catalog.priorities(), false)));
    add(
        "ImpactID",
        false,
        t -> IntNode.valueOf(t.impactId()),
        (t, v) -> t.impactId(lookup("ImpactID", v, catalog.impacts(), false)));
    add(
        "UrgencyID",
        false,
        t -> IntNode.valueOf(t.urgencyId()),
        (t, v) -> t.urgencyId(lookup("UrgencyID", v, catalog.urgencies(), false)));
    add(
        "SourceID",
        false,
        t -> IntNode.valueOf(t.sourceId()),
        (t, v) -> t.sourceId(lookup("SourceID", v, catalog.sources(), false)));
    add(
        "LocationID",
        false,
        t -> IntNode.valueOf(t.locationId()),
        (t, v) -> t.locationId(lookup("LocationID", v, catalog.locations(), false)));
    add(
        "ResponsibleGroupID",
        false,
        t -> IntNode.valueOf(t.responsibleGroupId()),
        (t, v) -> t.responsibleGroupId(lookup("ResponsibleGroupID", v, catalog.groups(), false)));
    add("StatusID", true, t -> IntNode.valueOf(t.statusId()), (t, v) -> t.statusId(status(v)));
    add(
        "RequestorUid",
        false,
        t -> uid(t.requestorUid()),
        (t, v) -> t.requestorUid(person("RequestorUid", v)));
    add(
        "ResponsibleUid",
        false,
        t -> uid(t.responsibleUid()),
        (t, v) -> t.responsibleUid(person("ResponsibleUid", v)));
    add("ParentID", false, t -> IntNode.valueOf(t.parentId()), (t, v) -> t.parentId(parent(t, v)));
    for (String name :
        new String[] {
          "ID",
          "AppID",
          "Uri",
          "StatusName",
          "StatusClass",
          "TypeName",
          "FormName",
          "AccountName",
          "PriorityName",
          "SourceName",
          "LocationName",
          "ResponsibleGroupName",
          "ResponsibleFullName",
          "ResponsibleEmail",
          "RequestorName",
          "RequestorEmail",
          "RequestorFirstName",
          "RequestorLastName",
          "RequestorPhone",
          "CreatedDate",
          "CreatedUid",
          "CreatedFullName",
          "CreatedEmail",
          "ModifiedDate",
          "ModifiedUid",
          "ModifiedFullName",
          "DaysOld",
          "CompletedDate",
          "CompletedUid",
          "CompletedFullName",
          "ClassificationName",
          "Classification",
          "Notify",
          "Attachments",
          "Tasks",
          "ParentTitle",
          "ParentClass",
          "TypeCategoryID",
          "TypeCategoryName",
          "IsOnHold",
          "SlaID",
          "ServiceID",
          "ArticleID",
          "LocationRoomID",
          "EstimatedMinutes",
          "ActualMinutes",
          "StartDate",
          "EndDate",
          "GoesOffHoldDate",
          "RefCode"
        }) {
      readOnly.add(name);
    }
  }

  private void add(
      String name,
      boolean required,
      Function<Ticket, JsonNode> reader,
      BiConsumer<Ticket, JsonNode> writer) {
    Field f = new Field(name, required, reader, writer);
    fields.put(name, f);
    ordered.add(f);
  }

  /** The writable property, or null. */
  Field field(String name) {
    return fields.get(name);
  }

  /** Every writable property, in TDX's order. */
  List<Field> all() {
    return ordered;
  }

  /** Whether the property exists on a ticket but cannot be written. */
  boolean isReadOnly(String name) {
    return readOnly.contains(name) || name.equalsIgnoreCase("Attributes");
  }

  // ---- custom attributes

  /** Validates and stores a custom attribute value; null or empty clears it. */
  void setAttribute(Ticket t, int attributeId, JsonNode value) {
    Catalog.AttributeDef def = catalog.ticketAttributes().get(attributeId);
    if (def == null) {
      throw ApiException.badRequest(
          "Custom attribute " + attributeId + " is not defined for this ticket's form.");
    }
    String s = value == null || value.isNull() ? null : value.asText();
    if (s == null || s.isEmpty()) {
      t.attributes().remove(attributeId);
      return;
    }
    if (!def.choices().isEmpty()) {
      for (String part : s.split(",")) {
        boolean known =
            def.choices().stream().anyMatch(c -> String.valueOf(c.id()).equals(part.trim()));
        if (!known) {
          throw ApiException.badRequest(
              "'"
                  + part.trim()
                  + "' is not a choice ID of custom attribute "
                  + attributeId
                  + " ("
                  + def.name()
                  + ").");
        }
      }
    }
    t.attributes().put(attributeId, s);
  }

  // ---- converters

  private static JsonNode text(String s) {
    return s == null ? NullNode.getInstance() : TextNode.valueOf(s);
  }

  private static JsonNode uid(UUID u) {
    return u == null ? NullNode.getInstance() : TextNode.valueOf(u.toString());
  }

  private static String str(JsonNode v) {
    return v.isNull() ? null : v.asText();
  }

  private static int integer(String name, JsonNode v) {
    return v.isNull() ? 0 : JsonBody.toInt(name, v);
  }

  private static int lookup(
      String name, JsonNode v, Map<Integer, Catalog.Named> table, boolean required) {
    int id = integer(name, v);
    if (id == 0 && !required) {
      return 0;
    }
    if (!table.containsKey(id)) {
      throw ApiException.badRequest(name + " " + id + " is not valid for this application.");
    }
    return id;
  }

  private int status(JsonNode v) {
    int id = integer("StatusID", v);
    if (catalog.status(id) == null) {
      throw ApiException.badRequest("StatusID " + id + " is not a status of this application.");
    }
    return id;
  }

  private UUID person(String name, JsonNode v) {
    if (v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
      return null;
    }
    UUID uid = JsonBody.toUid(name, v);
    if (uid.getMostSignificantBits() == 0 && uid.getLeastSignificantBits() == 0) {
      return null;
    }
    if (store.person(uid) == null) {
      throw ApiException.badRequest(name + " " + uid + " is not a known person.");
    }
    return uid;
  }

  private int parent(Ticket t, JsonNode v) {
    int id = integer("ParentID", v);
    if (id != 0 && (id == t.id() || store.ticket(id) == null)) {
      throw ApiException.badRequest("ParentID " + id + " is not a valid parent ticket.");
    }
    return id;
  }
}
