package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedReply;

/**
 * Decides which feed entries and replies are the user conversation that phase 2 of {@code
 * add_asset} scans for computer identifiers.
 *
 * <p>Excluded: entries whose {@code UpdateType} is a system event (status change, edit, created,
 * my-work change, merge); entries and replies written by the author {@code System}; and tqd's own
 * comments, recognised by their {@link CommentReference} marker or by starting with an automation
 * summary prefix (the Python daemon's summaries carry no marker). Ordinary user text is never
 * excluded for its words: unlike the daemon, a message mentioning "operating system" or "due date"
 * is conversation. Pure and thread-safe.
 */
public final class ConversationFilter {

  /** The summary prefix of the Python daemon's production pipeline and of tqd's default. */
  public static final String DEFAULT_SUMMARY_PREFIX = "🤖 Automated Actions Summary";

  /** {@code UpdateType}s written by TDX itself: status change, edit, created, my work, merge. */
  static final Set<Integer> SYSTEM_UPDATE_TYPES = Set.of(2, 3, 4, 5, 6);

  private final List<String> automationPrefixes;

  /** A filter recognising automation comments by these prefixes (in addition to the tqd marker). */
  public ConversationFilter(List<String> automationPrefixes) {
    this.automationPrefixes =
        automationPrefixes.stream().filter(Objects::nonNull).filter(p -> !p.isBlank()).toList();
  }

  /** A filter that recognises the default summary prefix. */
  public static ConversationFilter withDefaultPrefix() {
    return new ConversationFilter(List.of(DEFAULT_SUMMARY_PREFIX));
  }

  /**
   * True when the entry's replies must be read with {@code GET feed/{id}}: it has replies, or it
   * was updated after it was created.
   */
  public static boolean hasReplies(FeedEntry entry) {
    return entry.repliesCount() > 0
        || (entry.lastUpdatedDate() != null
            && !entry.lastUpdatedDate().equals(entry.createdDate()));
  }

  /** True when the entry itself is user conversation. */
  public boolean isUserEntry(FeedEntry entry) {
    return !SYSTEM_UPDATE_TYPES.contains(entry.updateType())
        && isUserText(entry.createdFullName(), entry.body());
  }

  /** True when the reply is user conversation. */
  public boolean isUserReply(FeedReply reply) {
    return isUserText(reply.createdFullName(), reply.body());
  }

  /**
   * The visible text of every user message among the entries and their replies, oldest first (by
   * {@code CreatedDate}; the feed's own order breaks ties). Replies of an excluded entry are judged
   * on their own.
   */
  public List<String> messages(List<FeedEntry> entries) {
    record Msg(String date, String text) {}
    List<Msg> msgs = new ArrayList<>();
    for (FeedEntry e : entries) {
      if (isUserEntry(e)) {
        msgs.add(new Msg(Objects.toString(e.createdDate(), ""), Html.text(e.body())));
      }
      for (FeedReply r : e.replies()) {
        if (isUserReply(r)) {
          msgs.add(new Msg(Objects.toString(r.createdDate(), ""), Html.text(r.body())));
        }
      }
    }
    msgs.sort(Comparator.comparing(Msg::date));
    return msgs.stream().map(Msg::text).filter(t -> !t.isBlank()).toList();
  }

  private boolean isUserText(String author, String body) {
    if (author != null && author.strip().equalsIgnoreCase("system")) {
      return false;
    }
    if (CommentReference.isMarked(body)) {
      return false;
    }
    String text = Html.text(body);
    for (String prefix : automationPrefixes) {
      if (text.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }
}
