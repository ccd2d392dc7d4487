package org.tqd.workflows.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.tqd.workflows.action.Suggestions;
import org.tqd.workflows.action.Values;
import org.tqd.workflows.rules.BusinessHours;
import org.tqd.workflows.rules.Condition;
import org.tqd.workflows.rules.ConditionEvaluator;
import org.tqd.workflows.rules.Durations;
import org.tqd.workflows.rules.FieldCatalog;
import org.tqd.workflows.rules.FieldCatalog.Kind;

/**
 * Reads condition trees under {@code when:} (and nested in {@code all}, {@code any}, {@code not}),
 * validating every test against the ticket field catalog: unknown fields and operators, operators
 * that do not fit a field's kind, values of the wrong type, bad regular expressions and durations,
 * and ages in business time without a {@code business_hours} calendar. Problems go to the loader's
 * {@link Sink} with their line; nothing calls TDX.
 */
final class ConditionReader {

  /** What the loader lends the reader: problems with lines, values and entries of nodes. */
  interface Sink {
    void problem(Node node, String field, String message);

    Object construct(Node node);

    Map<String, NodeTuple> entries(MappingNode map, String path);
  }

  /** Keys of a condition tree node (the shorthands are handled too). */
  static final List<String> TREE_KEYS =
      List.of("all", "any", "not", "field", "attribute", "column", "age");

  static final List<String> SHORTHAND_KEYS =
      List.of("status_ids", "type_ids", "form_ids", "title_matches");

  static final List<String> OPERATORS =
      List.of("equals", "in", "matches", "less_than", "more_than", "is_empty");

  private static final List<String> AGE_KEYS =
      List.of("since", "more_than", "less_than", "business_hours");

  private final Sink sink;
  private final BusinessHours calendar;

  ConditionReader(Sink sink, BusinessHours calendar) {
    this.sink = sink;
    this.calendar = calendar;
  }

  /**
   * The tree of a mapping's tree keys (shorthands at the top of {@code when} are the loader's),
   * null when it has none or they are invalid. Keys in {@code ignore} are not reported as unknown.
   */
  Condition tree(Map<String, NodeTuple> entries, MappingNode map, String path, Set<String> ignore) {
    List<Condition> parts = new ArrayList<>();
    int before = problems;
    read(entries, map, path, parts, ignore);
    if (problems > before || parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : Condition.all(parts);
  }

  private int problems;

  private void problem(Node node, String field, String message) {
    problems++;
    sink.problem(node, field, message);
  }

  private Condition node(Node node, String path) {
    if (!(node instanceof MappingNode map)) {
      problem(
          node,
          path,
          "expected a condition (a mapping with "
              + String.join(", ", TREE_KEYS)
              + " or a shorthand), got "
              + Values.describe(sink.construct(node)));
      return null;
    }
    List<Condition> parts = new ArrayList<>();
    int before = problems;
    read(sink.entries(map, path), map, path, parts, Set.of());
    if (problems > before) {
      return null;
    }
    if (parts.isEmpty()) {
      problem(map, path, "an empty condition: give a test such as field, attribute, column or age");
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : Condition.all(parts);
  }

  private void read(
      Map<String, NodeTuple> entries,
      MappingNode map,
      String path,
      List<Condition> parts,
      Set<String> ignore) {
    String prefix = path + ".";
    List<String> subjects =
        entries.keySet().stream()
            .filter(k -> k.equals("field") || k.equals("attribute") || k.equals("column"))
            .toList();
    if (subjects.size() > 1) {
      problem(
          map,
          path,
          "one test per mapping: "
              + String.join(" and ", subjects)
              + " are both here; put each in its own item of all: [...]");
      return;
    }
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      String key = e.getKey();
      Node value = e.getValue().getValueNode();
      String field = prefix + key;
      switch (key) {
        case "all", "any" -> {
          if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(
                value,
                field,
                "expected a non-empty list of conditions, got "
                    + Values.describe(sink.construct(value)));
            continue;
          }
          List<Condition> children = new ArrayList<>();
          for (int i = 0; i < seq.getValue().size(); i++) {
            Condition c = node(seq.getValue().get(i), field + "[" + i + "]");
            if (c != null) {
              children.add(c);
            }
          }
          parts.add(key.equals("all") ? Condition.all(children) : Condition.any(children));
        }
        case "not" -> {
          Condition c = node(value, field);
          if (c != null) {
            parts.add(Condition.not(c));
          }
        }
        case "field", "attribute", "column" -> {
          Condition c = test(key, e.getValue(), entries, map, path);
          if (c != null) {
            parts.add(c);
          }
        }
        case "age" -> age(value, field, parts);
        case "status_ids", "type_ids", "form_ids" -> {
          List<Integer> ids = integers(value, field);
          if (ids != null) {
            String name =
                switch (key) {
                  case "status_ids" -> "StatusID";
                  case "type_ids" -> "TypeID";
                  default -> "FormID";
                };
            parts.add(Condition.field(name, "in", ids));
          }
        }
        case "title_matches" -> {
          String regex = regex(value, field);
          if (regex != null) {
            parts.add(Condition.field("Title", "matches", regex));
          }
        }
        default -> {
          if (OPERATORS.contains(key) && !subjects.isEmpty()) {
            continue; // the operator of this mapping's test
          }
          if (ignore.contains(key)) {
            continue;
          }
          if (OPERATORS.contains(key)) {
            problem(
                e.getValue().getKeyNode(),
                field,
                "an operator needs a subject: add field:, attribute: or column: beside it");
          } else {
            List<String> known = new ArrayList<>(TREE_KEYS);
            known.addAll(SHORTHAND_KEYS);
            problem(
                e.getValue().getKeyNode(),
                field,
                "unknown condition key"
                    + Suggestions.didYouMean(key, known)
                    + "; a condition has "
                    + String.join(", ", known));
          }
        }
      }
    }
  }

  private Condition test(
      String subjectKey,
      NodeTuple subject,
      Map<String, NodeTuple> entries,
      MappingNode map,
      String path) {
    Object raw = sink.construct(subject.getValueNode());
    String field = path + "." + subjectKey;
    String name;
    Kind kind = null;
    if (subjectKey.equals("attribute") && raw instanceof Integer id) {
      name = String.valueOf(id);
    } else if (raw instanceof String s && !s.isBlank()) {
      name = s.strip();
    } else {
      problem(
          subject.getValueNode(),
          field,
          "expected a "
              + (subjectKey.equals("attribute")
                  ? "custom attribute ID or name"
                  : subjectKey + " name")
              + ", got "
              + Values.describe(raw));
      return null;
    }
    if (subjectKey.equals("field")) {
      String canonical = FieldCatalog.canonical(name).orElse(null);
      if (canonical == null) {
        problem(
            subject.getValueNode(),
            field,
            "unknown ticket field \""
                + name
                + "\""
                + Suggestions.didYouMean(name, FieldCatalog.all().keySet())
                + " (fields are spelled as the TDX API spells them, such as StatusID, PriorityID,"
                + " Title; a custom attribute is attribute:)");
        return null;
      }
      name = canonical;
      kind = FieldCatalog.kind(canonical);
    }
    List<String> ops = entries.keySet().stream().filter(OPERATORS::contains).toList();
    if (ops.size() != 1) {
      problem(
          subject.getKeyNode(),
          field,
          (ops.isEmpty() ? "missing an operator" : "one operator per test, got " + ops)
              + ": give one of "
              + String.join(", ", OPERATORS));
      return null;
    }
    String op = ops.get(0);
    Node valueNode = entries.get(op).getValueNode();
    Object value = operand(op, kind, valueNode, path + "." + op, name);
    if (value == null) {
      return null;
    }
    return switch (subjectKey) {
      case "field" -> Condition.field(name, op, value);
      case "attribute" -> Condition.attribute(name, op, value);
      default -> Condition.column(name, op, value);
    };
  }

  /** The checked operand of an operator, or null after reporting a problem. */
  private Object operand(String op, Kind kind, Node node, String field, String subject) {
    Object v = sink.construct(node);
    String on = kind == null ? "" : " on " + subject + " (" + kind.label() + ")";
    switch (op) {
      case "is_empty" -> {
        if (v instanceof Boolean) {
          return v;
        }
        problem(node, field, "expected true or false, got " + Values.describe(v));
        return null;
      }
      case "matches" -> {
        if (kind != null && kind != Kind.TEXT && kind != Kind.UID) {
          problem(
              node, field, "type mismatch: matches applies to text" + on + "; use equals or in");
          return null;
        }
        return regex(node, field);
      }
      case "less_than", "more_than" -> {
        if (kind == Kind.TEXT || kind == Kind.BOOLEAN || kind == Kind.UID) {
          problem(
              node,
              field,
              "type mismatch: "
                  + op
                  + " compares numbers and dates"
                  + on
                  + "; use equals or matches");
          return null;
        }
        if (kind == Kind.DATE) {
          return date(v, node, field);
        }
        if (v instanceof Number) {
          return v;
        }
        if (kind == null && ConditionEvaluator.instant(v) != null) {
          return v;
        }
        problem(
            node,
            field,
            "type mismatch: expected "
                + (kind == null ? "a number or a date" : kind.label())
                + ", got "
                + Values.describe(v)
                + (kind == null ? "" : on));
        return null;
      }
      case "in" -> {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
          problem(
              node,
              field,
              "expected a non-empty list of values, got "
                  + Values.describe(v)
                  + (v instanceof List<?>
                      ? ""
                      : " (write a single value as [" + Values.show(v) + "])"));
          return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          Object e = scalar(list.get(i), kind, elementNode(node, i), field + "[" + i + "]", on);
          if (e == null) {
            return null;
          }
          out.add(e);
        }
        return List.copyOf(out);
      }
      default -> {
        return scalar(v, kind, node, field, on);
      }
    }
  }

  private Object scalar(Object v, Kind kind, Node node, String field, String on) {
    if (v == null || v instanceof List<?> || v instanceof Map<?, ?>) {
      problem(node, field, "expected a single value, got " + Values.describe(v));
      return null;
    }
    if (kind == null) {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        return v instanceof Long l && l == l.intValue() ? l.intValue() : v;
      }
      problem(node, field, "expected text, a number or a boolean, got " + Values.describe(v));
      return null;
    }
    boolean ok =
        switch (kind) {
          case INTEGER -> v instanceof Integer;
          case NUMBER -> v instanceof Number;
          case TEXT -> v instanceof String;
          case BOOLEAN -> v instanceof Boolean;
          case DATE -> v instanceof String s && ConditionEvaluator.instant(s) != null;
          case UID -> v instanceof String s && isUid(s);
        };
    if (!ok) {
      problem(
          node,
          field,
          "type mismatch: expected " + kind.label() + ", got " + Values.describe(v) + on);
      return null;
    }
    return v;
  }

  private static boolean isUid(String s) {
    try {
      UUID.fromString(s.strip());
      return s.strip().length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Object date(Object v, Node node, String field) {
    if (v instanceof String s) {
      Instant i = ConditionEvaluator.instant(s);
      if (i != null) {
        return s;
      }
    }
    problem(
        node,
        field,
        "type mismatch: expected a date such as 2026-01-31 or 2026-01-31T08:00:00Z, got "
            + Values.describe(v)
            + " (for the time since a date, use age:)");
    return null;
  }

  private void age(Node node, String field, List<Condition> parts) {
    if (!(node instanceof MappingNode map)) {
      problem(
          node,
          field,
          "expected a mapping such as {since: CreatedDate, more_than: 4h}, got "
              + Values.describe(sink.construct(node)));
      return;
    }
    Map<String, NodeTuple> e = sink.entries(map, field);
    int before = problems;
    for (Map.Entry<String, NodeTuple> entry : e.entrySet()) {
      if (!AGE_KEYS.contains(entry.getKey())) {
        problem(
            entry.getValue().getKeyNode(),
            field + "." + entry.getKey(),
            "unknown key of an age"
                + Suggestions.didYouMean(entry.getKey(), AGE_KEYS)
                + "; an age has "
                + String.join(", ", AGE_KEYS));
      }
    }
    String since = since(e.get("since"), map, field);
    BusinessHours cal = null;
    NodeTuple business = e.get("business_hours");
    if (business != null) {
      Object b = sink.construct(business.getValueNode());
      if (!(b instanceof Boolean)) {
        problem(
            business.getValueNode(),
            field + ".business_hours",
            "expected true or false, got " + Values.describe(b));
      } else if ((Boolean) b) {
        if (calendar == null) {
          problem(
              business.getValueNode(),
              field + ".business_hours",
              "the pipeline has no business_hours calendar: add business_hours: {time_zone: ...,"
                  + " days: [mon, tue, wed, thu, fri], opens: \"08:00\", closes: \"17:00\"} at"
                  + " the top of the file (or of this pipeline)");
        }
        cal = calendar;
      }
    }
    List<Condition> ages = new ArrayList<>();
    for (String op : List.of("more_than", "less_than")) {
      NodeTuple t = e.get(op);
      if (t == null) {
        continue;
      }
      Object d = sink.construct(t.getValueNode());
      try {
        if (!(d instanceof String s)) {
          throw new IllegalArgumentException(
              "expected a duration such as 30m, 4h or 3d, got " + Values.describe(d));
        }
        Durations.parse(s);
        ages.add(Condition.age(since, op, s.strip(), cal));
      } catch (IllegalArgumentException ex) {
        problem(t.getValueNode(), field + "." + op, ex.getMessage());
      }
    }
    if (!e.containsKey("more_than") && !e.containsKey("less_than")) {
      problem(map, field, "give more_than or less_than (a duration such as 4h)");
    }
    if (problems > before || since == null) {
      return;
    }
    parts.add(ages.size() == 1 ? ages.get(0) : Condition.all(ages));
  }

  private String since(NodeTuple entry, MappingNode map, String field) {
    String choices =
        "a date field (CreatedDate, ModifiedDate, ...), last_requestor_reply, or"
            + " \"attribute:<ID or name>\" for a date attribute";
    if (entry == null) {
      problem(map, field + ".since", "missing: give " + choices);
      return null;
    }
    Object v = sink.construct(entry.getValueNode());
    if (!(v instanceof String s) || s.isBlank()) {
      problem(
          entry.getValueNode(),
          field + ".since",
          "expected " + choices + ", got " + Values.describe(v));
      return null;
    }
    s = s.strip();
    if (s.equals(Condition.LAST_REQUESTOR_REPLY)) {
      return s;
    }
    if (s.startsWith("attribute:") && !s.substring(10).isBlank()) {
      return s.substring(10).strip();
    }
    String canonical = FieldCatalog.canonical(s).orElse(null);
    if (canonical == null) {
      List<String> known = new ArrayList<>(FieldCatalog.all().keySet());
      known.add(Condition.LAST_REQUESTOR_REPLY);
      problem(
          entry.getValueNode(),
          field + ".since",
          "unknown date \"" + s + "\"" + Suggestions.didYouMean(s, known) + "; give " + choices);
      return null;
    }
    if (FieldCatalog.kind(canonical) != Kind.DATE) {
      problem(
          entry.getValueNode(),
          field + ".since",
          "type mismatch: "
              + canonical
              + " is "
              + FieldCatalog.kind(canonical).label()
              + ", not a date");
      return null;
    }
    return canonical;
  }

  private List<Integer> integers(Node node, String field) {
    Object v = sink.construct(node);
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      problem(node, field, "expected a non-empty list of integers, got " + Values.describe(v));
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Integer n)) {
        problem(
            elementNode(node, i),
            field + "[" + i + "]",
            "expected an integer, got " + Values.describe(list.get(i)));
        return null;
      }
      out.add(n);
    }
    return out;
  }

  private String regex(Node node, String field) {
    Object v = sink.construct(node);
    if (!(v instanceof String s)) {
      problem(node, field, "expected a regular expression (a string), got " + Values.describe(v));
      return null;
    }
    try {
      Pattern.compile(s);
      return s;
    } catch (PatternSyntaxException e) {
      problem(
          node,
          field,
          "invalid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + " of "
              + Values.show(s));
      return null;
    }
  }

  private static Node elementNode(Node node, int i) {
    return node instanceof SequenceNode seq && i < seq.getValue().size()
        ? seq.getValue().get(i)
        : node;
  }
}
