package org.tqd.workflows.rules;

/**
 * The text of TDX's HTML (a ticket {@code Description}), for conditions: tags become spaces and the
 * common entities their characters. Deliberately small and deterministic; it runs in workflow code.
 */
final class HtmlText {

  private HtmlText() {}

  static String of(String html) {
    String t = html.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ");
    t = t.replaceAll("<[^>]*>", " ");
    t =
        t.replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    return t.replaceAll("\\s+", " ").strip();
  }
}
