package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/** How error messages and plans show a configuration value. */
public final class Values {

  private static final int MAX_SHOWN = 60;

  private Values() {}

  /**
   * A value as an error message names what it got: strings in double quotes ({@code "ten"}, cut
   * after 60 characters), numbers and booleans as written, {@code null}, {@code a list}, {@code a
   * mapping}.
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Double || value instanceof Float) {
      return "the number " + value;
    }
    if (value instanceof CharSequence s && s.length() > MAX_SHOWN) {
      int end = Character.isHighSurrogate(s.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
      String shown = show(s.subSequence(0, end));
      return shown.substring(0, shown.length() - 1) + "…\"";
    }
    return show(value);
  }

  /**
   * A value as a person would write it in YAML: strings in double quotes with escapes, lists in
   * brackets, mappings in braces ({@code {PriorityID: 4403}}), others as written.
   */
  public static String show(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence s) {
      return quote(s.toString());
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(show(list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ", ").append(e.getKey()).append(": ").append(show(e.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    if (value instanceof byte[]) {
      return "binary data";
    }
    return String.valueOf(value);
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    out.append(String.format("\\x%02x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}
