package org.tqd.workflows.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Evaluates a {@link Condition} tree over {@link Facts} with three-valued logic: {@code all} is
 * false when a child is false, true when every child is true, else unknown; {@code any} the dual;
 * {@code not} swaps true and false. A test reading a fact the facts cannot tell is unknown.
 *
 * <p>Comparisons: numbers compare as numbers (a report cell {@code "115"} equals {@code 115}); text
 * equality ignores case; UIDs compare without case; dates compare as instants (a date without a
 * zone is UTC); {@code matches} finds a Java regular expression in the text; {@code is_empty} holds
 * for null, blank text, 0 (TDX's unset ID), an all-zero UID and an empty list. An age whose date is
 * unset is false. Deterministic: no clock but {@link Facts#now()}.
 */
public final class ConditionEvaluator {

  private static final String NO_UID = "00000000-0000-0000-0000-000000000000";

  private ConditionEvaluator() {}

  /** The truth of the condition for these facts. */
  public static Truth evaluate(Condition c, Facts facts) {
    return switch (c.kind()) {
      case "all" -> {
        Truth out = Truth.TRUE;
        for (Condition child : c.of()) {
          Truth t = evaluate(child, facts);
          if (t == Truth.FALSE) {
            yield Truth.FALSE;
          }
          if (t == Truth.UNKNOWN) {
            out = Truth.UNKNOWN;
          }
        }
        yield out;
      }
      case "any" -> {
        Truth out = Truth.FALSE;
        for (Condition child : c.of()) {
          Truth t = evaluate(child, facts);
          if (t == Truth.TRUE) {
            yield Truth.TRUE;
          }
          if (t == Truth.UNKNOWN) {
            out = Truth.UNKNOWN;
          }
        }
        yield out;
      }
      case "not" -> evaluate(c.of().get(0), facts).not();
      case "field" -> test(c, facts.field(c.name()), fieldKind(c.name()));
      case "attribute" -> attribute(c, facts);
      case "column" -> test(c, facts.column(c.name()), null);
      case "age" -> age(c, facts);
      default -> throw new IllegalArgumentException("unknown condition kind " + c.kind());
    };
  }

  /**
   * Each test of the tree with its truth, in order, for previews and the ledger: {@code true: field
   * PriorityID in [1, 2]}.
   */
  public static List<String> explain(Condition c, Facts facts) {
    List<String> out = new ArrayList<>();
    explain(c, facts, out);
    return out;
  }

  private static void explain(Condition c, Facts facts, List<String> out) {
    if (c.of().isEmpty()) {
      out.add(evaluate(c, facts).name().toLowerCase(Locale.ROOT) + ": " + c.describe());
    } else {
      c.of().forEach(child -> explain(child, facts, out));
    }
  }

  private static FieldCatalog.Kind fieldKind(String name) {
    return FieldCatalog.kind(name);
  }

  private static Truth attribute(Condition c, Facts facts) {
    Object text = facts.attribute(c.name());
    Object raw = facts.attributeValue(c.name());
    if (text == Facts.UNKNOWN || raw == Facts.UNKNOWN) {
      return Truth.UNKNOWN;
    }
    if ("equals".equals(c.op()) || "in".equals(c.op())) {
      // The choice text or the raw value (a choice ID) may be named.
      return Truth.of(test(c, text, null) == Truth.TRUE || test(c, raw, null) == Truth.TRUE);
    }
    return test(c, text, null);
  }

  private static Truth age(Condition c, Facts facts) {
    Object since;
    if (Condition.LAST_REQUESTOR_REPLY.equals(c.name())) {
      since = facts.lastRequestorReply();
    } else if (FieldCatalog.kind(c.name()) == FieldCatalog.Kind.DATE) {
      since = facts.field(c.name());
    } else {
      since = facts.attribute(c.name());
    }
    if (since == Facts.UNKNOWN) {
      return Truth.UNKNOWN;
    }
    Instant from = since instanceof Instant i ? i : instant(since);
    if (from == null) {
      return Truth.FALSE;
    }
    Instant now = facts.now();
    Duration elapsed =
        c.calendar() == null ? Duration.between(from, now) : c.calendar().between(from, now);
    Duration limit = Durations.parse(String.valueOf(c.value()));
    return Truth.of(
        "more_than".equals(c.op()) ? elapsed.compareTo(limit) > 0 : elapsed.compareTo(limit) < 0);
  }

  /** The truth of one operator on one value. */
  static Truth test(Condition c, Object fact, FieldCatalog.Kind kind) {
    if (fact == Facts.UNKNOWN) {
      return Truth.UNKNOWN;
    }
    Object actual =
        "Description".equals(c.name()) && "field".equals(c.kind()) && fact instanceof String s
            ? HtmlText.of(s)
            : fact;
    Object expected = c.value();
    return switch (c.op()) {
      case "equals" -> Truth.of(same(actual, expected, kind));
      case "in" ->
          Truth.of(
              expected instanceof Collection<?> list
                  && list.stream().anyMatch(e -> same(actual, e, kind)));
      case "matches" ->
          Truth.of(Pattern.compile(String.valueOf(expected)).matcher(text(actual)).find());
      case "less_than" -> compare(actual, expected, kind, true);
      case "more_than" -> compare(actual, expected, kind, false);
      case "is_empty" -> Truth.of(empty(actual) == Boolean.TRUE.equals(expected));
      default -> throw new IllegalArgumentException("unknown operator " + c.op());
    };
  }

  private static boolean same(Object actual, Object expected, FieldCatalog.Kind kind) {
    if (actual == null || expected == null) {
      return actual == null && expected == null;
    }
    BigDecimal a = number(actual);
    BigDecimal e = number(expected);
    if (a != null && e != null && kind != FieldCatalog.Kind.TEXT) {
      return a.compareTo(e) == 0;
    }
    if (kind == FieldCatalog.Kind.DATE) {
      Instant ai = instant(actual);
      Instant ei = instant(expected);
      if (ai != null && ei != null) {
        return ai.equals(ei);
      }
    }
    if (actual instanceof Boolean || expected instanceof Boolean) {
      return text(actual).equalsIgnoreCase(text(expected));
    }
    return text(actual).strip().equalsIgnoreCase(text(expected).strip());
  }

  private static Truth compare(
      Object actual, Object expected, FieldCatalog.Kind kind, boolean less) {
    if (actual == null) {
      return Truth.FALSE;
    }
    int order;
    BigDecimal a = number(actual);
    BigDecimal e = number(expected);
    if (kind != FieldCatalog.Kind.DATE && a != null && e != null) {
      order = a.compareTo(e);
    } else {
      Instant ai = instant(actual);
      Instant ei = instant(expected);
      if (ai == null || ei == null) {
        return Truth.FALSE;
      }
      order = ai.compareTo(ei);
    }
    return Truth.of(less ? order < 0 : order > 0);
  }

  private static boolean empty(Object v) {
    if (v == null) {
      return true;
    }
    if (v instanceof Collection<?> c) {
      return c.isEmpty();
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).signum() == 0;
    }
    String s = text(v).strip();
    return s.isEmpty() || s.equals("0") || s.equalsIgnoreCase(NO_UID);
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  /** The number a value stands for, or null. */
  static BigDecimal number(Object v) {
    if (v instanceof Boolean || v == null) {
      return null;
    }
    try {
      return new BigDecimal(v.toString().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The instant a date value stands for: ISO-8601 with an offset, or without one (UTC), or a bare
   * date (midnight UTC); null when it is none of these.
   */
  public static Instant instant(Object v) {
    if (v instanceof Instant i) {
      return i;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
