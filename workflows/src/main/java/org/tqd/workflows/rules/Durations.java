package org.tqd.workflows.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rules write them: {@code 30m}, {@code 4h}, {@code 3d}, {@code 1d12h}, {@code 90s}.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+[dhms])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  private Durations() {}

  /**
   * The duration of a text such as {@code 4h} or {@code 1d12h}.
   *
   * @throws IllegalArgumentException naming the expected form when the text is not a duration
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    if (!WHOLE.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 30m, 4h, 3d or 1d12h (d days, h hours, m minutes, s"
              + " seconds), got \""
              + text
              + "\"");
    }
    Duration d = Duration.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "d" -> d.plusDays(n);
            case "h" -> d.plusHours(n);
            case "m" -> d.plusMinutes(n);
            default -> d.plusSeconds(n);
          };
    }
    return d;
  }
}
