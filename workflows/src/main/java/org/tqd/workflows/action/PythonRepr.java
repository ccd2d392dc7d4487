package org.tqd.workflows.action;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders values exactly as Python 3 prints them with {@code repr()}, so that tqd computes the same
 * action hashes as the Python daemon, which hashes {@code str(sorted(config.items()))}.
 *
 * <p>Supported values: {@code null} ({@code None}), {@link Boolean} ({@code True}/{@code False}),
 * integers ({@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}, printed
 * in decimal), {@link CharSequence} (Python {@code str} repr) and {@link List} of supported values
 * ({@code [a, b]}). Floating-point numbers are rejected: Python's shortest round-trip float repr is
 * not reproduced, and no action parameter is a float. Maps render as Python dicts in their own
 * order; other types are rejected.
 *
 * <p>Strings follow CPython's {@code unicode_repr}: single quotes unless the text contains a single
 * quote and no double quote; {@code \\}, {@code \t}, {@code \n}, {@code \r} escaped; other ASCII
 * control characters and DEL as {@code \xNN}; non-ASCII characters that are not printable in the
 * sense of Python's {@code str.isprintable()} (general categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs)
 * as {@code \xNN}, <code>&#92;uNNNN</code> or {@code \UNNNNNNNN}; every other character raw. The
 * category comes from the running JVM's Unicode tables, which may differ from a given Python's only
 * for characters assigned in a newer Unicode version than one of them knows.
 */
public final class PythonRepr {

  /** Orders strings by Unicode code point, as Python compares {@code str}. */
  public static final Comparator<String> CODE_POINT_ORDER = PythonRepr::compareCodePoints;

  private PythonRepr() {}

  /**
   * The canonical form of an action configuration: Python's {@code str(sorted(config.items()))}, a
   * list of {@code (key, value)} tuples sorted by key.
   *
   * @throws IllegalArgumentException if a value has an unsupported type
   */
  public static String canonical(Map<String, ?> config) {
    List<String> keys = new ArrayList<>(config.keySet());
    keys.sort(CODE_POINT_ORDER);
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      String key = keys.get(i);
      out.append('(');
      appendString(out, key);
      out.append(", ");
      append(out, config.get(key), key);
      out.append(')');
    }
    return out.append(']').toString();
  }

  /**
   * Python's {@code repr(value)}.
   *
   * @throws IllegalArgumentException if the value (or an element) has an unsupported type
   */
  public static String repr(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value, null);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value, String key) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof CharSequence s) {
      appendString(out, s.toString());
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        append(out, list.get(i), key);
      }
      out.append(']');
    } else if (value instanceof java.util.Map<?, ?> map) {
      // A dict as Python writes it ({'a': 1, 'b': 'x'}), in the map's order: parameters of kind
      // MAP are kept sorted by key, so the same mapping always renders the same.
      out.append('{');
      boolean first = true;
      for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        append(out, String.valueOf(e.getKey()), key);
        out.append(": ");
        append(out, e.getValue(), key);
      }
      out.append('}');
    } else {
      String where = key == null ? "" : " (key '" + key + "')";
      throw new IllegalArgumentException(
          "cannot render a "
              + value.getClass().getSimpleName()
              + " as a Python literal"
              + where
              + "; action configurations hold only None, booleans, integers, strings and lists");
    }
  }

  private static void appendString(StringBuilder out, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    s.codePoints().forEach(cp -> appendCodePoint(out, cp, quote));
    out.append(quote);
  }

  private static void appendCodePoint(StringBuilder out, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      out.append('\\').appendCodePoint(cp);
    } else if (cp == '\t') {
      out.append("\\t");
    } else if (cp == '\n') {
      out.append("\\n");
    } else if (cp == '\r') {
      out.append("\\r");
    } else if (cp < 0x20 || cp == 0x7f) {
      hex(out, "\\x", cp, 2);
    } else if (cp < 0x7f) {
      out.append((char) cp);
    } else if (isPrintable(cp)) {
      out.appendCodePoint(cp);
    } else if (cp <= 0xff) {
      hex(out, "\\x", cp, 2);
    } else if (cp <= 0xffff) {
      hex(out, "\\u", cp, 4);
    } else {
      hex(out, "\\U", cp, 8);
    }
  }

  /** Python's {@code str.isprintable()} for one non-ASCII code point. */
  static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL,
      Character.FORMAT,
      Character.SURROGATE,
      Character.PRIVATE_USE,
      Character.UNASSIGNED,
      Character.LINE_SEPARATOR,
      Character.PARAGRAPH_SEPARATOR,
      Character.SPACE_SEPARATOR:
        return cp == ' ';
      default:
        return true;
    }
  }

  private static void hex(StringBuilder out, String prefix, int cp, int digits) {
    String h = Integer.toHexString(cp);
    out.append(prefix).append("0".repeat(digits - h.length())).append(h);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
