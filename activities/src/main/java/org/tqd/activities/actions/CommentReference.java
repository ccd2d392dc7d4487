package org.tqd.activities.actions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.tqd.tdx.model.FeedEntry;

/**
 * The short reference every comment tqd posts carries, such as {@code [tqd:ab12cd34]}: the first 8
 * hex characters of the SHA-256 of the ticket ID, the action ID and the comment content.
 *
 * <p>It is appended as visible text (inside {@code <small>} in rich HTML), so it survives when TDX
 * rewrites or sanitises the comment's HTML: {@link #isIn} looks for it in the visible text of each
 * feed entry. An action that finds its own earlier claim in the ledger uses it to tell whether its
 * comment was already posted before posting again; the same content on the same ticket by the same
 * action always gives the same reference. {@link #MARKER} also lets the conversation filter
 * recognise tqd's own comments.
 */
public final class CommentReference {

  /** Any tqd reference in a text. */
  public static final Pattern MARKER =
      Pattern.compile("\\[tqd:[0-9a-f]{8}]", Pattern.CASE_INSENSITIVE);

  private final String token;

  private CommentReference(String token) {
    this.token = token;
  }

  private static final ThreadLocal<Integer> GENERATION = ThreadLocal.withInitial(() -> 1);

  /**
   * Makes the references this thread computes until {@link Scope#close()} those of a generation of
   * the action: an action redone after an undo (generation 2 and later) carries a new reference, so
   * its comment is not mistaken for the withdrawn one. Generation 1 is the plain reference.
   */
  static Scope inGeneration(int generation) {
    int earlier = GENERATION.get();
    GENERATION.set(Math.max(1, generation));
    return () -> GENERATION.set(earlier);
  }

  /** Ends {@link #inGeneration}. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** The reference of a comment with this content, posted by this action on this ticket. */
  public static CommentReference of(int ticketId, String actionId, String content) {
    int generation = GENERATION.get();
    String seed = ticketId + "\n" + actionId + "\n" + content;
    if (generation > 1) {
      seed = seed + "\ngeneration " + generation;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return new CommentReference("[tqd:" + HexFormat.of().formatHex(digest, 0, 4) + "]");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The visible token, such as {@code [tqd:ab12cd34]}. */
  public String token() {
    return token;
  }

  /**
   * The comment as posted: the content followed by the token, on its own line ({@code <br><small>}
   * in rich HTML, a blank line in plain text).
   */
  public String appendTo(String content, boolean richHtml) {
    return richHtml ? content + "<br><small>" + token + "</small>" : content + "\n\n" + token;
  }

  /** True when the body of one of the feed entries shows this reference. */
  public boolean isIn(List<FeedEntry> feed) {
    return isIn(feed, token);
  }

  /** True when the body of one of the feed entries shows the given token. */
  public static boolean isIn(List<FeedEntry> feed, String token) {
    String wanted = token.toLowerCase(Locale.ROOT);
    for (FeedEntry e : feed) {
      if (shows(e.body(), wanted)) {
        return true;
      }
    }
    return false;
  }

  /** True when the body (HTML or plain text) shows any tqd reference. */
  public static boolean isMarked(String body) {
    return body != null && (MARKER.matcher(body).find() || MARKER.matcher(Html.text(body)).find());
  }

  private static boolean shows(String body, String wantedLower) {
    if (body == null) {
      return false;
    }
    return body.toLowerCase(Locale.ROOT).contains(wantedLower)
        || Html.text(body).toLowerCase(Locale.ROOT).contains(wantedLower);
  }

  @Override
  public String toString() {
    return token;
  }
}
