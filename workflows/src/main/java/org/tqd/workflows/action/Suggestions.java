package org.tqd.workflows.action;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions for misspelt names. */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The known name closest to the given one, if it is close enough to be a likely misspelling: a
   * few edits away, or one containing the other.
   */
  public static Optional<String> closest(String given, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String g = given.toLowerCase(java.util.Locale.ROOT);
    for (String k : known) {
      int d = distance(g, k.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(1, Math.min(3, given.length() / 3));
    if (bestDistance <= allowed) {
      return Optional.of(best);
    }
    for (String k : known) {
      String lk = k.toLowerCase(java.util.Locale.ROOT);
      if (g.length() >= 4 && (lk.contains(g) || g.contains(lk))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** {@code ; did you mean "x"?} or the empty string. */
  public static String didYouMean(String given, Collection<String> known) {
    return closest(given, known).map(s -> "; did you mean \"" + s + "\"?").orElse("");
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
