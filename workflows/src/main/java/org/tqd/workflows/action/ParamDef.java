package org.tqd.workflows.action;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of an action type (or of an action's {@code when} condition): its snake_case name
 * as written in {@code pipeline.yaml}, its type, whether it is required, its default, and whether
 * it enters the action hash.
 *
 * <p>Hashing rule: a parameter the Python daemon had ({@link #daemonKey}) is always hashed, so the
 * same configuration gives the daemon's action ID; a parameter tqd added is hashed only when its
 * value differs from its default, so adding parameters never changes existing IDs.
 *
 * @param name the parameter name, snake_case
 * @param kind the value type
 * @param required true when the parameter has no default and must be given
 * @param defaultValue the value used when the parameter is absent or null; null for "unset"
 * @param daemonKey true when the Python daemon hashed this key (then it is always hashed)
 * @param sorted true when a list value is sorted (the daemon sorts {@code notify} and {@code
 *     active_status_ids} before hashing; the order never matters to what the action does)
 * @param emptyMeansDefault true when an empty list stands for the default (Python's {@code value or
 *     default})
 * @param min the smallest integer allowed, or null for no bound
 * @param check a further check of a converted value, or null
 * @param description one line for operators, shown by {@code tqd pipeline show} and in errors
 */
public record ParamDef(
    String name,
    Kind kind,
    boolean required,
    Object defaultValue,
    boolean daemonKey,
    boolean sorted,
    boolean emptyMeansDefault,
    Integer min,
    Check check,
    String description) {

  /** The value types a parameter can have; all are JSON- and Python-repr-compatible. */
  public enum Kind {
    BOOLEAN("a boolean (true or false)"),
    INTEGER("an integer"),
    STRING("a string"),
    INTEGER_LIST("a list of integers"),
    STRING_LIST("a list of strings"),
    /**
     * A mapping of names to scalar values (strings, integers, booleans or null), kept sorted by
     * name: {@code update_fields}'s {@code fields} and {@code attributes}.
     */
    MAP("a mapping of names to values");

    private final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    /** How an error message names the expected value, such as {@code an integer}. */
    public String expected() {
      return expected;
    }

    /** True for the list kinds. */
    public boolean isList() {
      return this == INTEGER_LIST || this == STRING_LIST;
    }
  }

  /** A further check of a parameter value, after it has been converted to its kind. */
  @FunctionalInterface
  public interface Check {
    /** A description of what is wrong with the value, or null when it is acceptable. */
    String problem(Object value);
  }

  public ParamDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (defaultValue instanceof List<?> list) {
      defaultValue = List.copyOf(list);
    }
    description = description == null ? "" : description;
  }

  /** An optional boolean parameter with a default. */
  public static ParamDef bool(String name, boolean defaultValue) {
    return new ParamDef(
        name, Kind.BOOLEAN, false, defaultValue, false, false, false, null, null, "");
  }

  /** An optional integer parameter; a null default means "unset unless given". */
  public static ParamDef integer(String name, Integer defaultValue) {
    return new ParamDef(
        name, Kind.INTEGER, false, defaultValue, false, false, false, null, null, "");
  }

  /** An optional string parameter; a null default means "unset unless given". */
  public static ParamDef string(String name, String defaultValue) {
    return new ParamDef(
        name, Kind.STRING, false, defaultValue, false, false, false, null, null, "");
  }

  /** An optional list-of-integers parameter; a null default means "unset unless given". */
  public static ParamDef integerList(String name, List<Integer> defaultValue) {
    return new ParamDef(
        name, Kind.INTEGER_LIST, false, defaultValue, false, false, false, null, null, "");
  }

  /** An optional list-of-strings parameter; a null default means "unset unless given". */
  public static ParamDef stringList(String name, List<String> defaultValue) {
    return new ParamDef(
        name, Kind.STRING_LIST, false, defaultValue, false, false, false, null, null, "");
  }

  /**
   * An optional mapping parameter (names to scalars); a null default means "unset unless given".
   */
  public static ParamDef map(String name) {
    return new ParamDef(name, Kind.MAP, false, null, false, false, false, null, null, "");
  }

  /** This parameter, required and without a default. */
  public ParamDef asRequired() {
    return new ParamDef(
        name, kind, true, null, daemonKey, sorted, emptyMeansDefault, min, check, description);
  }

  /** This parameter, marked as one the Python daemon hashed (always hashed). */
  public ParamDef daemon() {
    return new ParamDef(
        name,
        kind,
        required,
        defaultValue,
        true,
        sorted,
        emptyMeansDefault,
        min,
        check,
        description);
  }

  /** This list parameter, sorted before use and hashing. */
  public ParamDef sortedList() {
    return new ParamDef(
        name,
        kind,
        required,
        defaultValue,
        daemonKey,
        true,
        emptyMeansDefault,
        min,
        check,
        description);
  }

  /** This list parameter, with an empty list standing for the default. */
  public ParamDef emptyIsDefault() {
    return new ParamDef(
        name, kind, required, defaultValue, daemonKey, sorted, true, min, check, description);
  }

  /** This integer (or list of integers) parameter, with a lower bound. */
  public ParamDef atLeast(int minimum) {
    return new ParamDef(
        name,
        kind,
        required,
        defaultValue,
        daemonKey,
        sorted,
        emptyMeansDefault,
        minimum,
        check,
        description);
  }

  /** This parameter, with a further check. */
  public ParamDef checkedBy(Check newCheck) {
    return new ParamDef(
        name,
        kind,
        required,
        defaultValue,
        daemonKey,
        sorted,
        emptyMeansDefault,
        min,
        newCheck,
        description);
  }

  /** This parameter, with its one-line description. */
  public ParamDef doc(String text) {
    return new ParamDef(
        name, kind, required, defaultValue, daemonKey, sorted, emptyMeansDefault, min, check, text);
  }

  /** A check that rejects empty strings and empty lists. */
  public static Check notEmpty() {
    return v ->
        (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty())
            ? "must not be empty"
            : null;
  }
}
