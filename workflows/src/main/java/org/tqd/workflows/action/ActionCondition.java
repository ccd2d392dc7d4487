package org.tqd.workflows.action;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.rules.Condition;
import org.tqd.workflows.rules.ConditionEvaluator;
import org.tqd.workflows.rules.Facts;
import org.tqd.workflows.rules.TicketFacts;
import org.tqd.workflows.rules.Truth;

/**
 * A condition on the ticket that decides whether an action runs in a given workflow run: the
 * shorthands of the first pipelines ({@code status_ids}, {@code type_ids}, {@code form_ids}, {@code
 * title_matches}) and a condition tree ({@code all}/{@code any}/{@code not} over fields,
 * attributes, columns and ages). Every part given must hold. Conditions are not part of the action
 * ID (they select tickets; they do not change what the action does to a ticket).
 *
 * @param statusIds the ticket's status must be one of these
 * @param typeIds the ticket's type must be one of these
 * @param formIds the ticket's form must be one of these
 * @param titleMatches a Java regular expression that must be found in the title
 * @param tree a condition tree that must hold, or null
 */
public record ActionCondition(
    List<Integer> statusIds,
    List<Integer> typeIds,
    List<Integer> formIds,
    String titleMatches,
    Condition tree) {

  public ActionCondition {
    statusIds = statusIds == null ? null : List.copyOf(statusIds);
    typeIds = typeIds == null ? null : List.copyOf(typeIds);
    formIds = formIds == null ? null : List.copyOf(formIds);
  }

  /** A condition of shorthands only. */
  public ActionCondition(
      List<Integer> statusIds, List<Integer> typeIds, List<Integer> formIds, String titleMatches) {
    this(statusIds, typeIds, formIds, titleMatches, null);
  }

  /** A condition of a tree only. */
  public static ActionCondition of(Condition tree) {
    return new ActionCondition(null, null, null, null, tree);
  }

  /** The whole condition as one tree: the shorthands as field tests, and the tree. */
  public Condition asTree() {
    List<Condition> parts = new ArrayList<>();
    if (statusIds != null) {
      parts.add(Condition.field("StatusID", "in", statusIds));
    }
    if (typeIds != null) {
      parts.add(Condition.field("TypeID", "in", typeIds));
    }
    if (formIds != null) {
      parts.add(Condition.field("FormID", "in", formIds));
    }
    if (titleMatches != null) {
      parts.add(Condition.field("Title", "matches", titleMatches));
    }
    if (tree != null) {
      parts.add(tree);
    }
    return Condition.all(parts);
  }

  /** The truth of the condition for these facts. Pure and deterministic. */
  public Truth evaluate(Facts facts) {
    return ConditionEvaluator.evaluate(asTree(), facts);
  }

  /** Each test with its truth, for previews: {@code true: field StatusID in [115]}. */
  public List<String> explain(Facts facts) {
    return ConditionEvaluator.explain(asTree(), facts);
  }

  /**
   * True when the ticket satisfies every criterion (a tree's ages measured at the epoch, columns
   * empty). Pure and deterministic; the workflow uses {@link #evaluate} with its clock and row.
   */
  public boolean test(Ticket ticket) {
    return evaluate(TicketFacts.of(ticket, Map.of(), Instant.EPOCH)) == Truth.TRUE;
  }

  /** Whether the condition reads the requestor's last reply (one feed read per evaluation). */
  public boolean readsLastRequestorReply() {
    return tree != null && tree.readsLastRequestorReply();
  }

  /** A readable form for plans and logs, such as {@code status in [115, 117]}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
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
    if (tree != null) {
      parts.add(parts.isEmpty() ? tree.describe() : "(" + tree.describe() + ")");
    }
    return String.join(" and ", parts);
  }
}
