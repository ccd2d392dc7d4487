package org.tqd.sandbox.internal.gen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the generator reasons about identifiers in text, independently of any extractor: text is cut
 * into tokens (runs of letters, digits, {@code -} and {@code _}), and every token stands for all
 * its fragments, the runs of its {@code -}/{@code _}-separated parts ({@code IC-EHLB760-F16} →
 * {@code IC}, {@code IC-EHLB760}, {@code IC-EHLB760-F16}, {@code EHLB760}, …). Any sensible
 * extractor (regular expressions with word boundaries, hyphen splitting) yields a subset of these
 * fragments, so when no fragment of a text equals an unintended asset's name, serial or tag, every
 * extractor agrees on which assets the text names. Comparisons are case-insensitive.
 */
public final class Identifiers {

  private Identifiers() {}

  /** The tokens of a text (already stripped of HTML), lower-cased, in order, without repeats. */
  public static Set<String> tokens(String text) {
    Set<String> out = new LinkedHashSet<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_') {
        cur.append(c);
      } else if (cur.length() > 0) {
        String t = trimSeparators(cur.toString());
        if (!t.isEmpty()) {
          out.add(t.toLowerCase(Locale.ROOT));
        }
        cur.setLength(0);
      }
    }
    return out;
  }

  /** Every fragment of a token (including the token itself), lower-cased. */
  public static Set<String> fragments(String token) {
    String t = trimSeparators(token.toLowerCase(Locale.ROOT));
    List<String> parts = new ArrayList<>();
    List<Character> seps = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (char c : t.toCharArray()) {
      if (c == '-' || c == '_') {
        parts.add(cur.toString());
        seps.add(c);
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < parts.size(); i++) {
      StringBuilder b = new StringBuilder();
      for (int j = i; j < parts.size(); j++) {
        if (j > i) {
          b.append(seps.get(j - 1));
        }
        b.append(parts.get(j));
        String f = trimSeparators(b.toString());
        if (!f.isEmpty()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Every fragment of every token of a text. */
  public static Set<String> textFragments(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String token : tokens(text)) {
      out.addAll(fragments(token));
    }
    return out;
  }

  private static String trimSeparators(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (s.charAt(a) == '-' || s.charAt(a) == '_')) {
      a++;
    }
    while (b > a && (s.charAt(b - 1) == '-' || s.charAt(b - 1) == '_')) {
      b--;
    }
    return s.substring(a, b);
  }
}
