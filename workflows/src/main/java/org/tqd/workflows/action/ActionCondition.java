package org.tqd.workflows.action;

import java.util.List;
import org.tqd.tdx.model.Ticket;

/**
 * A condition on the ticket that decides whether an action runs in a given workflow run. Every
 * non-null criterion must hold. Conditions are not part of the action ID (they select tickets; they
 * do not change what the action does to a ticket).
 *
 * @param statusIds the ticket's status must be one of these
 * @param typeIds the ticket's type must be one of these
 * @param formIds the ticket's form must be one of these
 * @param titleMatches a Java regular expression that must be found in the title
 */
public record ActionCondition(
    List<Integer> statusIds, List<Integer> typeIds, List<Integer> formIds, String titleMatches) {

  public ActionCondition {
    statusIds = statusIds == null ? null : List.copyOf(statusIds);
    typeIds = typeIds == null ? null : List.copyOf(typeIds);
    formIds = formIds == null ? null : List.copyOf(formIds);
  }

  /** True when the ticket satisfies every criterion. Pure and deterministic. */
  public boolean test(Ticket ticket) {
    if (statusIds != null && !statusIds.contains(ticket.statusId())) {
      return false;
    }
    if (typeIds != null && !typeIds.contains(ticket.typeId())) {
      return false;
    }
    if (formIds != null && !formIds.contains(ticket.formId())) {
      return false;
    }
    if (titleMatches != null) {
      String title = ticket.title() == null ? "" : ticket.title();
      return java.util.regex.Pattern.compile(titleMatches).matcher(title).find();
    }
    return true;
  }

  /** A readable form for plans and logs, such as {@code status in [115, 117]}. */
  public String describe() {
    List<String> parts = new java.util.ArrayList<>();
    if (statusIds != null) {
      parts.add("status in " + statusIds);
    }
    if (typeIds != null) {
      parts.add("type in " + typeIds);
    }
    if (formIds != null) {
      parts.add("form in " + formIds);
    }
    if (titleMatches != null) {
      parts.add("title matches /" + titleMatches + "/");
    }
    return String.join(" and ", parts);
  }
}
