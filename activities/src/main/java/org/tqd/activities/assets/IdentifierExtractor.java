package org.tqd.activities.assets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tqd.activities.actions.Html;

/**
 * Finds the strings in a ticket's text that may name a computer: computer names such as {@code
 * IC-EHLB760-F16} and serial numbers such as {@code C02XJ0AXJGH5}.
 *
 * <p>The patterns are the Python daemon's (so a ticket yields the candidates it yielded there),
 * with its defects fixed:
 *
 * <ul>
 *   <li>HTML is reduced to its visible text first (entities decoded), so attribute values such as
 *       {@code font-family} from a {@code style} never become candidates;
 *   <li>a null field contributes nothing (the daemon scanned the text {@code None});
 *   <li>every pattern matches case-insensitively, so a lowercase serial {@code c02xj0axjgh5} is
 *       found;
 *   <li>a serial-number candidate must contain a digit: with case-insensitive matching, every long
 *       word ({@code information}, {@code successfully}) would otherwise be a "serial";
 *   <li>asset tags of 6 to 9 letters and digits ({@code D30H6J3}, {@code U0473821}) are candidates
 *       too: the daemon verified matches on the tag but its patterns could not find short tags;
 *   <li>candidates come back in order of first appearance (at one position the longer first), and
 *       candidates differing only in case are one candidate (its first spelling), so summaries are
 *       the same in every process.
 * </ul>
 *
 * <p>Overlapping sub-matches are kept ({@code IC-EHLB760-F16} also yields {@code IC-EHLB760}):
 * extra candidates cost nothing because only exact matches against an asset's name, serial number
 * or tag are ever used. Thread-safe and free of I/O.
 */
public final class IdentifierExtractor {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS;

  /** The daemon's computer-name patterns, in its order. */
  private static final List<Pattern> NAME_PATTERNS =
      List.of(
          // IC-EHLB760-F16, CHEM-SMALD1
          Pattern.compile(
              "\\b([A-Za-z]{2,10}[-_][A-Za-z0-9]{4,15}[-_]?[A-Za-z0-9]{0,8})\\b", FLAGS),
          // L-C02XJ0AXJGH5
          Pattern.compile("\\b(L-[A-Z0-9]{10,15})\\b", FLAGS),
          // LSAF-D30H6J3
          Pattern.compile("\\b([A-Z]{2,6}-[A-Z0-9]{5,12})\\b", FLAGS),
          // psyc-amiemgT01
          Pattern.compile("\\b([a-z]{3,10}-[a-z0-9]{4,12}-?[a-z0-9]{0,6})\\b", FLAGS));

  /** The daemon's serial-number patterns, in its order. */
  private static final List<Pattern> SERIAL_PATTERNS =
      List.of(
          // generic alphanumeric serial
          Pattern.compile("\\b([A-Z0-9]{10,15})\\b", FLAGS),
          // Apple-style serial
          Pattern.compile("\\b([CR][0-9][A-Z0-9]{8,12})\\b", FLAGS));

  /**
   * Asset tags, which the daemon could not find unless they were 10 or more characters long: Dell
   * service tags ({@code D30H6J3}) and property tags ({@code U0473821}). A tag candidate stands
   * alone (not a part of a hyphenated name) and mixes letters and digits, so words, plain numbers
   * (dates, phone fragments) and name segments are not candidates.
   */
  private static final Pattern TAG_PATTERN =
      Pattern.compile("(?<![-_])\\b([A-Z0-9]{6,9})\\b(?![-_])", FLAGS);

  private static final Pattern DIGIT = Pattern.compile("[0-9]");
  private static final Pattern LETTER = Pattern.compile("[A-Za-z]");

  /**
   * The candidates in a ticket's title and HTML description, as scanned by phase 1 of {@code
   * add_asset}. The title is plain text; the description is HTML.
   */
  public List<String> fromTitleAndDescription(String title, String descriptionHtml) {
    String titleText = title == null ? "" : title;
    return extract(titleText + " " + Html.text(descriptionHtml));
  }

  /** The candidates in several plain-text messages, scanned in the given order. */
  public List<String> fromMessages(List<String> messages) {
    return extract(String.join(" ", messages));
  }

  /** The candidates in a plain text, in order of first appearance, case-insensitively distinct. */
  public List<String> extract(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>();
    for (Pattern p : NAME_PATTERNS) {
      collect(p, text, false, hits);
    }
    for (Pattern p : SERIAL_PATTERNS) {
      collect(p, text, true, hits);
    }
    Matcher tags = TAG_PATTERN.matcher(text);
    while (tags.find()) {
      String value = tags.group(1);
      if (DIGIT.matcher(value).find() && LETTER.matcher(value).find()) {
        hits.add(new Hit(tags.start(1), value));
      }
    }
    hits.sort(
        Comparator.comparingInt(Hit::start)
            .thenComparing(Comparator.comparingInt((Hit h) -> h.value().length()).reversed()));
    Map<String, String> distinct = new LinkedHashMap<>();
    for (Hit h : hits) {
      distinct.putIfAbsent(h.value().toLowerCase(Locale.ROOT), h.value());
    }
    return List.copyOf(distinct.values());
  }

  private static void collect(Pattern p, String text, boolean needsDigit, List<Hit> hits) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      String value = m.group(1);
      if (!needsDigit || DIGIT.matcher(value).find()) {
        hits.add(new Hit(m.start(1), value));
      }
    }
  }

  private record Hit(int start, String value) {}
}
