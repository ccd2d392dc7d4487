package org.tqd.sandbox.internal.text;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Safelist;

/** HTML handling of comment bodies: plain-text encoding and TDX-like re-serialisation. */
public final class Html {

  private static final Safelist ALLOWED =
      Safelist.relaxed()
          .addAttributes(":all", "style", "class")
          .addAttributes("table", "border", "cellpadding", "cellspacing")
          .addTags("hr", "font", "center");

  private Html() {}

  /** A plain-text comment as TDX stores it: HTML-encoded, line breaks as {@code <br />}. */
  public static String plainToHtml(String text) {
    return Entities.escape(text).replace("\r\n", "\n").replace("\n", "<br />");
  }

  /**
   * Re-serialises HTML as TDX's sanitiser might: disallowed elements and attributes dropped, tags
   * and attribute names lower-cased, void elements written {@code <br />}, non-ASCII characters as
   * numeric entities. Visible text and alphanumeric tokens survive unchanged.
   */
  public static String rewrite(String html) {
    Document.OutputSettings out =
        new Document.OutputSettings()
            .syntax(Document.OutputSettings.Syntax.xml)
            .escapeMode(Entities.EscapeMode.xhtml)
            .charset("US-ASCII")
            .prettyPrint(false);
    return Jsoup.clean(html, "", ALLOWED, out);
  }

  /** The visible text of an HTML fragment, block boundaries as spaces. */
  public static String text(String html) {
    return html == null ? "" : Jsoup.parseBodyFragment(html).text();
  }
}
