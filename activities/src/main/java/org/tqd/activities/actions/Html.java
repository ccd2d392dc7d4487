package org.tqd.activities.actions;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Entities;

/** HTML helpers shared by the actions: visible text of a fragment, and escaping for rich HTML. */
public final class Html {

  private Html() {}

  /**
   * The visible text of an HTML fragment: tags and attributes dropped, entities decoded, whitespace
   * collapsed, block elements and line breaks separated by a space. Null gives the empty string;
   * plain text comes back unchanged apart from whitespace.
   */
  public static String text(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    return Jsoup.parseBodyFragment(html).text();
  }

  /** {@code text} escaped for rich HTML ({@code < > & " '}); null gives the empty string. */
  public static String escape(String text) {
    return text == null ? "" : Entities.escape(text);
  }
}
