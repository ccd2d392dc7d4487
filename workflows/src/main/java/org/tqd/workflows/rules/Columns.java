package org.tqd.workflows.rules;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The report columns a condition tree or an action's templates read. */
public final class Columns {

  private static final Pattern ROW_VARIABLE =
      Pattern.compile("\\{\\{\\s*[#^/]?\\s*row\\.([^}\\s]+)\\s*}}");

  private Columns() {}

  /** Adds the columns of the tree's {@code column:} tests. */
  public static void collect(Condition c, Set<String> out) {
    if ("column".equals(c.kind())) {
      out.add(c.name());
    }
    c.of().forEach(child -> collect(child, out));
  }

  /** Adds the columns named by {@code {{row.X}}} in the parameters' texts. */
  public static void collectTemplates(Map<String, Object> params, Set<String> out) {
    params.values().forEach(v -> collectValue(v, out));
  }

  private static void collectValue(Object v, Set<String> out) {
    if (v instanceof String s) {
      Matcher m = ROW_VARIABLE.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (v instanceof Collection<?> c) {
      c.forEach(e -> collectValue(e, out));
    } else if (v instanceof Map<?, ?> m) {
      m.values().forEach(e -> collectValue(e, out));
    }
  }
}
