package org.tqd.activities.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Ticket;

/**
 * Reads and writes ticket fields named as TDX spells them ({@code ResponsibleUid}, {@code
 * ResponsibleGroupID}, {@code StatusID}, …) or {@code attribute:<ID>} for a custom attribute: the
 * names of {@code set_fields} inverses.
 */
final class TicketFields {

  private static final String ATTRIBUTE = "attribute:";

  private TicketFields() {}

  /** The field's value on the ticket, or null when it has none. */
  static Object read(Ticket t, String name) {
    switch (name) {
      case "ResponsibleUid":
        return t.responsibleUid();
      case "ResponsibleGroupID":
        return t.responsibleGroupId();
      case "StatusID":
        return t.statusId();
      case "TypeID":
        return t.typeId();
      case "Title":
        return t.title();
      default:
        break;
    }
    if (name.startsWith(ATTRIBUTE)) {
      String id = name.substring(ATTRIBUTE.length());
      if (t.otherFields().get("Attributes") instanceof List<?> attributes) {
        for (Object a : attributes) {
          if (a instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("ID")))) {
            return m.get("Value");
          }
        }
      }
      return null;
    }
    return t.otherFields().get(name);
  }

  /** Sets the fields with one {@code PATCH tickets/{id}}. */
  static void write(TdxApi tdx, int ticketId, Map<String, Object> values) {
    Map<String, Object> patch = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            patch.put(
                k.startsWith(ATTRIBUTE)
                    ? "/attributes/" + k.substring(ATTRIBUTE.length())
                    : "/" + k,
                v));
    tdx.patchTicket(ticketId, patch);
  }
}
