package org.tqd.workflows.rules;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tqd.tdx.model.Ticket;

/**
 * The facts of a ticket as the workflow read it ({@code GET tickets/{id}}), with its report row and
 * Temporal's time. Every field and attribute is known (unset ones are null); a column the row lacks
 * is null; the requestor's last reply is unknown unless it was read.
 *
 * @param ticket the ticket
 * @param row the ticket's report row (empty when started by hand)
 * @param now the evaluation time (the workflow's {@code Workflow.currentTimeMillis()})
 * @param lastRequestorReply when the requestor last replied, null for never, or {@link
 *     Facts#UNKNOWN} when it was not read
 */
public record TicketFacts(
    Ticket ticket, Map<String, Object> row, Instant now, Object lastRequestorReply)
    implements Facts {

  public TicketFacts {
    row = row == null ? Map.of() : row;
  }

  /** Facts without the requestor's last reply. */
  public static TicketFacts of(Ticket ticket, Map<String, Object> row, Instant now) {
    return new TicketFacts(ticket, row, now, Facts.UNKNOWN);
  }

  @Override
  public Object field(String name) {
    return fieldOf(ticket, name);
  }

  /** A ticket field by its TDX name (any case): a typed component or one of its other fields. */
  public static Object fieldOf(Ticket t, String name) {
    String canonical = FieldCatalog.canonical(name).orElse(name);
    return switch (canonical) {
      case "ID" -> t.id();
      case "AppID" -> t.appId();
      case "Title" -> t.title();
      case "Description" -> t.description();
      case "TypeID" -> t.typeId();
      case "FormID" -> t.formId();
      case "StatusID" -> t.statusId();
      case "StatusName" -> t.statusName();
      case "StatusClass" -> t.statusClass();
      case "RequestorUid" -> t.requestorUid();
      case "RequestorName" -> t.requestorName();
      case "RequestorEmail" -> t.requestorEmail();
      case "ResponsibleUid" -> t.responsibleUid();
      case "ResponsibleGroupID" -> t.responsibleGroupId();
      case "CreatedDate" -> t.createdDate();
      case "ModifiedDate" -> t.modifiedDate();
      default -> t.otherFields().get(canonical);
    };
  }

  @Override
  public Object attribute(String idOrName) {
    Map<String, Object> a = attributeOf(ticket, idOrName);
    if (a == null) {
      return null;
    }
    for (String key : List.of("ChoicesText", "ValueText", "Value")) {
      Object v = a.get(key);
      if (v != null && !v.toString().isBlank()) {
        return v.toString();
      }
    }
    return null;
  }

  @Override
  public Object attributeValue(String idOrName) {
    Map<String, Object> a = attributeOf(ticket, idOrName);
    return a == null ? null : a.get("Value");
  }

  /** The ticket's custom attribute of that ID (digits) or name (any case), or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> attributeOf(Ticket t, String idOrName) {
    if (!(t.otherFields().get("Attributes") instanceof List<?> list)) {
      return null;
    }
    String wanted = idOrName.strip().toLowerCase(Locale.ROOT);
    for (Object o : list) {
      if (o instanceof Map<?, ?> m) {
        Object id = m.get("ID");
        Object name = m.get("Name");
        if ((id != null && id.toString().equals(wanted))
            || (name != null && name.toString().strip().toLowerCase(Locale.ROOT).equals(wanted))) {
          return (Map<String, Object>) m;
        }
      }
    }
    return null;
  }

  @Override
  public Object column(String name) {
    return row.get(name);
  }
}
