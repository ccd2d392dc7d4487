package org.tqd.workflows.rules;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tqd.workflows.action.Suggestions;

/**
 * Logic-less Mustache templates (mustache.java) in action texts: {@code {{ticket.Title}}}, {@code
 * {{ticket.attributes.<ID or name>}}}, {@code {{row.<column>}}}, {@code
 * {{actions.<type>.<result>}}} of an earlier action in the run, and {@code {{now}}}. Sections over
 * those names ({@code {{#actions.add_asset.asset_name_list}}{{.}}{{/...}}}) are allowed; unescaped
 * forms ({@code {{{x}}}}, {@code {{&x}}}), delimiter changes and partials are refused, so every
 * value goes through the destination's escaping: HTML in a rich-HTML comment, JSON in a JSON body,
 * none in plain text. A template never runs code: values are looked up in maps, nothing else.
 */
public final class Templates {

  /** How rendered values are escaped for where the text goes. */
  public enum Escape {
    /** HTML-escaped ({@code < > & " '}): rich-HTML comments, e-mail HTML. */
    HTML,
    /** Escaped for the inside of a JSON string: webhook bodies. */
    JSON,
    /** As they are: plain-text comments, field values, chat messages sent as JSON by tqd. */
    NONE,
    /**
     * Slack's three control characters ({@code & < >}) as entities, so a ticket's text cannot write
     * a mention ({@code <!channel>}) or a link into a Slack message.
     */
    SLACK
  }

  /** Results of earlier actions a template may read, per action type. */
  public static final Map<String, List<String>> ACTION_RESULTS =
      Map.of(
          "add_asset", List.of("asset_names", "asset_name_list", "asset_ids", "count"),
          "find_active_tickets", List.of("summary"),
          "update_fields", List.of("changed"),
          "change_status", List.of("new_status_id", "previous_status_id"),
          "assign", List.of("responsible_group_id", "responsible_uid"),
          "comment", List.of("reference"),
          "notify", List.of("channel", "recipient"));

  private static final Pattern UNESCAPED = Pattern.compile("\\{\\{\\s*[{&=>]");

  private Templates() {}

  /** Whether a text uses Mustache at all (else it is used as it is). */
  public static boolean isTemplate(String text) {
    return text != null && text.contains("{{");
  }

  /**
   * What is wrong with a template, one message per problem: syntax, unescaped forms, unknown
   * variables, and results of actions that do not run before this one.
   *
   * @param template the text
   * @param earlierTypes the types of the actions before this one in the pipeline
   */
  public static List<String> problems(String template, Collection<String> earlierTypes) {
    List<String> out = new ArrayList<>();
    if (!isTemplate(template)) {
      return out;
    }
    if (UNESCAPED.matcher(template).find()) {
      out.add(
          "unescaped or special Mustache forms ({{{...}}}, {{&...}}, {{=...=}}, {{>...}}) are not"
              + " allowed: write {{name}}, which is escaped for where the text goes");
      return out;
    }
    Mustache m;
    try {
      m = new DefaultMustacheFactory().compile(new StringReader(template), "template");
    } catch (MustacheException e) {
      out.add("invalid template: " + e.getMessage());
      return out;
    }
    walk(m.getCodes(), earlierTypes, out, 0);
    return out;
  }

  private static void walk(Code[] codes, Collection<String> earlier, List<String> out, int depth) {
    if (codes == null) {
      return;
    }
    for (Code c : codes) {
      if (c instanceof ValueCode || c instanceof IterableCode || c instanceof NotIterableCode) {
        String name = c.getName();
        if (!(depth > 0 && name.equals("."))) {
          String problem = variableProblem(name, earlier);
          if (problem != null && !out.contains(problem)) {
            out.add(problem);
          }
        }
        if (!(c instanceof ValueCode)) {
          walk(c.getCodes(), earlier, out, depth + 1);
        }
      }
    }
  }

  /** What is wrong with a variable name, or null when it can exist. */
  static String variableProblem(String name, Collection<String> earlier) {
    String n = name.strip();
    if (n.equals("now")) {
      return null;
    }
    String[] parts = n.split("\\.", 3);
    switch (parts[0]) {
      case "ticket" -> {
        if (parts.length >= 3 && parts[1].equals("attributes") && !parts[2].isBlank()) {
          return null;
        }
        if (parts.length == 2 && FieldCatalog.kind(parts[1]) != null) {
          return null;
        }
        String field = n.substring(Math.min(n.length(), 7));
        return "unknown variable {{"
            + n
            + "}}: no ticket field \""
            + field
            + "\""
            + Suggestions.didYouMean(field, FieldCatalog.all().keySet())
            + " (fields as TDX spells them, or ticket.attributes.<ID or name>)";
      }
      case "row" -> {
        if (parts.length >= 2 && !n.substring(4).isBlank()) {
          return null;
        }
        return "unknown variable {{" + n + "}}: write row.<report column name>";
      }
      case "actions" -> {
        if (parts.length < 3) {
          return "unknown variable {{" + n + "}}: write actions.<action type>.<result>";
        }
        List<String> results = ACTION_RESULTS.get(parts[1]);
        if (results == null || !earlier.contains(parts[1])) {
          return "unknown variable {{"
              + n
              + "}}: no "
              + parts[1]
              + " action runs before this one in the pipeline";
        }
        if (!results.contains(parts[2])) {
          return "unknown variable {{"
              + n
              + "}}: "
              + parts[1]
              + " results are "
              + String.join(", ", results);
        }
        return null;
      }
      default -> {
        return "unknown variable {{"
            + n
            + "}}: variables are ticket.<field>, ticket.attributes.<ID or name>, row.<column>,"
            + " actions.<type>.<result> and now";
      }
    }
  }

  /**
   * The template rendered over a context ({@code ticket}, {@code row}, {@code actions}, {@code
   * now}: nested maps), values escaped for the destination. A text without {@code {{} is returned
   * as it is. A missing value renders empty.
   */
  public static String render(String template, Map<String, Object> context, Escape escape) {
    if (!isTemplate(template)) {
      return template;
    }
    DefaultMustacheFactory factory =
        new DefaultMustacheFactory() {
          @Override
          public void encode(String value, Writer writer) {
            try {
              switch (escape) {
                case HTML -> super.encode(value, writer);
                case JSON -> writer.write(json(value));
                case NONE -> writer.write(value);
                case SLACK ->
                    writer.write(
                        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    StringWriter out = new StringWriter();
    factory.compile(new StringReader(template), "template").execute(out, context);
    return out.toString();
  }

  /** The inside of a JSON string for this text. */
  static String json(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20
              || ch == '<'
              || ch == '>'
              || ch == '&'
              || ch == '\u2028'
              || ch == '\u2029') {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }
}
