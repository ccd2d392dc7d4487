package org.tqd.workflows.action;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.tqd.workflows.action.ParamProblem.Where;

/**
 * The parameters an action type (or a {@code when} condition) accepts, and how given values become
 * effective ones: checked, converted to their kind, defaults filled in, lists sorted where the
 * daemon sorted them.
 *
 * <p>Effective parameters hold only JSON-compatible values ({@link Boolean}, {@link Integer},
 * {@link String}, {@code List<Integer>}, {@code List<String>}), in declaration order; a parameter
 * that is unset and has no default is absent. Resolving effective parameters again gives the same
 * map, so specs that travelled through JSON resolve to the same values.
 */
public final class ParamSchema {

  private final String owner;
  private final List<ParamDef> params;
  private final Map<String, ParamDef> byName;
  private final Function<Map<String, Object>, List<ParamProblem>> rule;

  /**
   * A schema.
   *
   * @param owner what the parameters belong to, for messages (an action type name, or {@code when})
   * @param params the parameters in the order they are shown and stored
   * @param rule a check across parameters, run on the effective parameters when each one is valid;
   *     null for none
   */
  public ParamSchema(
      String owner, List<ParamDef> params, Function<Map<String, Object>, List<ParamProblem>> rule) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.params = List.copyOf(params);
    Map<String, ParamDef> names = new LinkedHashMap<>();
    for (ParamDef p : this.params) {
      if (names.put(p.name(), p) != null) {
        throw new IllegalArgumentException(owner + ": parameter " + p.name() + " declared twice");
      }
    }
    this.byName = Collections.unmodifiableMap(names);
    this.rule = rule;
  }

  /** What the parameters belong to, such as {@code add_asset}. */
  public String owner() {
    return owner;
  }

  /** The parameters, in declaration order. */
  public List<ParamDef> params() {
    return params;
  }

  /** The parameter of that name, if any. */
  public Optional<ParamDef> param(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The parameter names, in declaration order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The effective parameters and every problem with the given ones.
   *
   * @param params effective parameters of a valid input (never null); partial when there are
   *     problems
   * @param problems empty when the input is valid
   */
  public record Resolution(Map<String, Object> params, List<ParamProblem> problems) {
    public Resolution {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      problems = List.copyOf(problems);
    }

    /** True when there is no problem. */
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** Resolves the given parameters (null means none) to effective ones, collecting all problems. */
  public Resolution resolve(Map<String, ?> given) {
    Map<String, ?> input = given == null ? Map.of() : given;
    List<ParamProblem> problems = new ArrayList<>();
    for (String key : input.keySet()) {
      if (!byName.containsKey(key)) {
        problems.add(new ParamProblem(key, -1, Where.KEY, unknownMessage(key)));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParamDef def : params) {
      Object raw = input.get(def.name());
      if (raw == null) {
        if (def.required()) {
          problems.add(
              new ParamProblem(
                  def.name(),
                  -1,
                  input.containsKey(def.name()) ? Where.VALUE : Where.PARENT,
                  "required parameter is missing (" + def.kind().expected() + ")"));
        } else if (def.defaultValue() != null) {
          out.put(def.name(), def.defaultValue());
        }
        continue;
      }
      List<ParamProblem> found = new ArrayList<>();
      Object value = convert(def, raw, found);
      if (found.isEmpty()) {
        value = normalise(def, value);
        check(def, value, found);
      }
      if (found.isEmpty()) {
        out.put(def.name(), value);
      } else {
        problems.addAll(found);
      }
    }
    if (problems.isEmpty() && rule != null) {
      problems.addAll(rule.apply(Collections.unmodifiableMap(out)));
    }
    return new Resolution(out, problems);
  }

  /**
   * The part of the effective parameters that enters the action hash: every daemon key, and every
   * other parameter whose value differs from its default.
   */
  public Map<String, Object> hashed(Map<String, Object> effective) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParamDef def : params) {
      Object value = effective.get(def.name());
      if (def.daemonKey() || (value != null && !value.equals(def.defaultValue()))) {
        out.put(def.name(), value);
      }
    }
    return out;
  }

  private String unknownMessage(String key) {
    String suggestion = Suggestions.didYouMean(key, byName.keySet());
    return "unknown parameter of "
        + owner
        + suggestion
        + (suggestion.isEmpty()
            ? "; its parameters are " + String.join(", ", byName.keySet())
            : "");
  }

  private static Object convert(ParamDef def, Object raw, List<ParamProblem> found) {
    switch (def.kind()) {
      case BOOLEAN:
        if (raw instanceof Boolean) {
          return raw;
        }
        found.add(wrong(def, -1, def.kind().expected(), raw));
        return null;
      case INTEGER:
        return toInteger(def, -1, raw, found);
      case STRING:
        return toStringValue(def, -1, raw, found);
      case MAP:
        return toMap(def, raw, found);
      case INTEGER_LIST:
      case STRING_LIST:
        if (!(raw instanceof List<?> list)) {
          String hint =
              raw instanceof Map<?, ?>
                  ? ""
                  : " (write a single value as [" + Values.show(raw) + "])";
          found.add(
              new ParamProblem(
                  def.name(),
                  -1,
                  Where.VALUE,
                  "expected " + def.kind().expected() + ", got " + Values.describe(raw) + hint));
          return null;
        }
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          Object element = list.get(i);
          if (element == null) {
            found.add(wrong(def, i, elementExpected(def), null));
          } else if (def.kind() == ParamDef.Kind.INTEGER_LIST) {
            out.add(toInteger(def, i, element, found));
          } else {
            out.add(toStringValue(def, i, element, found));
          }
        }
        return out;
    }
    throw new IllegalStateException("unhandled kind " + def.kind());
  }

  /**
   * A mapping of names to scalars, sorted by name (code point order, as Python sorts strings), so
   * that the order a user wrote does not change the action ID.
   */
  private static Object toMap(ParamDef def, Object raw, List<ParamProblem> found) {
    if (!(raw instanceof Map<?, ?> map)) {
      found.add(wrong(def, -1, def.kind().expected() + " (name: value lines)", raw));
      return null;
    }
    java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>(PythonRepr.CODE_POINT_ORDER);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = e.getKey() == null ? "null" : e.getKey().toString();
      Object v = e.getValue();
      if (v instanceof Short || v instanceof Byte || v instanceof Long || v instanceof BigInteger) {
        v = toInteger(def, -1, v, found);
      } else if (v instanceof CharSequence s) {
        String unstorable = unstorable(s.toString());
        if (unstorable != null) {
          found.add(new ParamProblem(def.name() + "." + key, -1, Where.VALUE, unstorable));
        }
        v = s.toString();
      } else if (v != null && !(v instanceof Integer) && !(v instanceof Boolean)) {
        found.add(
            new ParamProblem(
                def.name() + "." + key,
                -1,
                Where.VALUE,
                "expected a string, an integer, a boolean or null, got " + Values.describe(v)));
      }
      sorted.put(key, v);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  private static String elementExpected(ParamDef def) {
    return def.kind() == ParamDef.Kind.INTEGER_LIST ? "an integer" : "a string";
  }

  private static Integer toInteger(ParamDef def, int index, Object raw, List<ParamProblem> found) {
    if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).intValue();
    }
    if (raw instanceof Long || raw instanceof BigInteger) {
      BigInteger big = new BigInteger(raw.toString());
      if (big.bitLength() < 32) {
        return big.intValue();
      }
      found.add(
          new ParamProblem(
              def.name(),
              index,
              Where.VALUE,
              "expected an integer between "
                  + Integer.MIN_VALUE
                  + " and "
                  + Integer.MAX_VALUE
                  + ", got "
                  + raw));
      return null;
    }
    found.add(wrong(def, index, "an integer", raw));
    return null;
  }

  private static String toStringValue(
      ParamDef def, int index, Object raw, List<ParamProblem> found) {
    if (raw instanceof CharSequence s) {
      String text = s.toString();
      String unstorable = unstorable(text);
      if (unstorable != null) {
        found.add(new ParamProblem(def.name(), index, Where.VALUE, unstorable));
        return null;
      }
      return text;
    }
    String hint =
        raw instanceof Number || raw instanceof Boolean
            ? " (put it in quotes: \"" + raw + "\")"
            : "";
    found.add(
        new ParamProblem(
            def.name(),
            index,
            Where.VALUE,
            "expected a string, got " + Values.describe(raw) + hint));
    return null;
  }

  /**
   * Why PostgreSQL could not store the text (in a text column or a jsonb document), or null when it
   * can: a NUL character, or half of a UTF-16 surrogate pair (not Unicode at all). Refused here, a
   * value fails validation; accepted, every run would fail at its first ledger write.
   */
  static String unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "contains a NUL character (\\0 or \\x00) at position "
            + i
            + ", which PostgreSQL cannot store; remove it";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate (\\u"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
            + ") at position "
            + i
            + ", which is not Unicode text; remove it";
      }
    }
    return null;
  }

  private static ParamProblem wrong(ParamDef def, int index, String expected, Object raw) {
    return new ParamProblem(
        def.name(), index, Where.VALUE, "expected " + expected + ", got " + Values.describe(raw));
  }

  @SuppressWarnings("unchecked")
  private static Object normalise(ParamDef def, Object value) {
    if (value instanceof List<?> list) {
      if (list.isEmpty() && def.emptyMeansDefault() && def.defaultValue() != null) {
        return def.defaultValue();
      }
      if (def.sorted()) {
        List<Object> sorted = new ArrayList<>(list);
        if (def.kind() == ParamDef.Kind.INTEGER_LIST) {
          sorted.sort((a, b) -> Integer.compare((Integer) a, (Integer) b));
        } else {
          sorted.sort((a, b) -> PythonRepr.CODE_POINT_ORDER.compare((String) a, (String) b));
        }
        return List.copyOf(sorted);
      }
      return List.copyOf((List<Object>) list);
    }
    return value;
  }

  private static void check(ParamDef def, Object value, List<ParamProblem> found) {
    if (def.min() != null) {
      if (value instanceof Integer i && i < def.min()) {
        found.add(
            new ParamProblem(
                def.name(), -1, Where.VALUE, "must be at least " + def.min() + ", got " + i));
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof Integer n && n < def.min()) {
            found.add(
                new ParamProblem(
                    def.name(), i, Where.VALUE, "must be at least " + def.min() + ", got " + n));
          }
        }
      }
    }
    if (found.isEmpty() && def.check() != null) {
      String problem = def.check().problem(value);
      if (problem != null) {
        found.add(new ParamProblem(def.name(), -1, Where.VALUE, problem));
      }
    }
  }
}
