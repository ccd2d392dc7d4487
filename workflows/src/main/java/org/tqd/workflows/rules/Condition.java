package org.tqd.workflows.rules;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One node of a condition tree, as {@code pipeline.yaml} writes it under {@code when:}. A node is a
 * combination ({@code all}, {@code any}, {@code not}) or a test ({@code field}, {@code attribute},
 * {@code column}, {@code age}). Nodes are part of the workflow input (plain values only), built and
 * validated by the pipeline loader, and evaluated by {@link ConditionEvaluator}.
 *
 * @param kind {@code all}, {@code any}, {@code not}, {@code field}, {@code attribute}, {@code
 *     column} or {@code age}
 * @param of the children of {@code all}/{@code any}; the one child of {@code not}; else empty
 * @param name the TDX field name (canonical spelling), attribute ID or name, column name, or the
 *     {@code since} of an age: a date field, {@code last_requestor_reply}, or a date attribute
 * @param op {@code equals}, {@code in}, {@code matches}, {@code less_than}, {@code more_than} or
 *     {@code is_empty}; for an age {@code more_than} or {@code less_than}
 * @param value the operand: a string, number or boolean; a list for {@code in}; a duration text
 *     such as {@code 4h} for an age
 * @param calendar for an age in business time, the pipeline's calendar; else null
 */
public record Condition(
    String kind, List<Condition> of, String name, String op, Object value, BusinessHours calendar) {

  /** The {@code since} of an age that reads the requestor's last reply in the feed. */
  public static final String LAST_REQUESTOR_REPLY = "last_requestor_reply";

  public Condition {
    Objects.requireNonNull(kind, "kind");
    of = of == null ? List.of() : List.copyOf(of);
  }

  /** All of these hold. */
  public static Condition all(List<Condition> children) {
    return new Condition("all", children, null, null, null, null);
  }

  /** At least one of these holds. */
  public static Condition any(List<Condition> children) {
    return new Condition("any", children, null, null, null, null);
  }

  /** This does not hold. */
  public static Condition not(Condition child) {
    return new Condition("not", List.of(child), null, null, null, null);
  }

  /** A test of a ticket field. */
  public static Condition field(String name, String op, Object value) {
    return new Condition("field", List.of(), name, op, value, null);
  }

  /** A test of a custom attribute. */
  public static Condition attribute(String idOrName, String op, Object value) {
    return new Condition("attribute", List.of(), idOrName, op, value, null);
  }

  /** A test of a report column. */
  public static Condition column(String name, String op, Object value) {
    return new Condition("column", List.of(), name, op, value, null);
  }

  /** The time since a date is more or less than a duration, in business time with a calendar. */
  public static Condition age(String since, String op, String duration, BusinessHours calendar) {
    return new Condition("age", List.of(), since, op, duration, calendar);
  }

  /** Whether this tree reads the requestor's last reply (which costs a feed read). */
  public boolean readsLastRequestorReply() {
    return ("age".equals(kind) && LAST_REQUESTOR_REPLY.equals(name))
        || of.stream().anyMatch(Condition::readsLastRequestorReply);
  }

  /** Whether this tree reads an age (it may become true with time alone). */
  public boolean readsAge() {
    return "age".equals(kind) || of.stream().anyMatch(Condition::readsAge);
  }

  /**
   * A readable form, such as {@code field PriorityID in [1, 2] and not(column Queue equals "x")}.
   */
  public String describe() {
    return switch (kind) {
      case "all" -> joined(" and ");
      case "any" -> joined(" or ");
      case "not" -> "not(" + of.get(0).describe() + ")";
      case "age" ->
          "age since "
              + name
              + " "
              + op.replace('_', ' ')
              + " "
              + value
              + (calendar == null ? "" : " business");
      default ->
          kind
              + " "
              + name
              + " "
              + op
              + ("is_empty".equals(op) && Boolean.TRUE.equals(value) ? "" : " " + show(value));
    };
  }

  private String joined(String separator) {
    if (of.size() == 1) {
      return of.get(0).describe();
    }
    return of.stream()
        .map(c -> c.of.size() > 1 ? "(" + c.describe() + ")" : c.describe())
        .collect(Collectors.joining(separator));
  }

  private static String show(Object v) {
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Condition::show).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(v);
  }
}
