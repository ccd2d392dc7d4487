package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tqd.activities.actions.TextsTestSupport.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedReply;

class ConversationFilterTest {

  private final ConversationFilter filter = ConversationFilter.withDefaultPrefix();

  @Test
  void keepsUserTextThatMentionsSystemWords() {
    List<FeedEntry> feed =
        List.of(
            entry(
                1,
                "Ann User",
                1,
                "<p>My operating system crashed on CHEM-SMALD1</p>",
                "2026-01-02"),
            entry(2, "Ann User", 1, "The due date is Friday; assigned to Bob", "2026-01-03"),
            entry(3, "Ann User", 1, "automated backups via TeamDynamix?", "2026-01-04"));
    assertThat(filter.messages(feed))
        .containsExactly(
            "My operating system crashed on CHEM-SMALD1",
            "The due date is Friday; assigned to Bob",
            "automated backups via TeamDynamix?");
  }

  @Test
  void dropsSystemEntriesByUpdateTypeAndAuthor() {
    List<FeedEntry> feed =
        List.of(
            entry(1, "Tech", 2, "Changed Status from \"New\" to \"Open\".", "2026-01-01"),
            entry(2, "Tech", 3, "Edited the ticket", "2026-01-01"),
            entry(3, "Tech", 4, "Created the ticket IC-EHLB760-F16", "2026-01-01"),
            entry(4, "System", 1, "Took the ticket", "2026-01-01"),
            entry(5, "Ann", 1, "hello", "2026-01-01"));
    assertThat(filter.messages(feed)).containsExactly("hello");
  }

  @Test
  void dropsOurOwnCommentsByMarkerAndSummaryPrefix() {
    List<FeedEntry> feed =
        List.of(
            entry(1, "Svc", 1, "🤖 Automated Actions Summary\n\n<br>1. Added 1 asset(s): X", "d1"),
            entry(2, "Svc", 1, "Note about PC-123456<br><small>[tqd:0123abcd]</small>", "d2"),
            entry(3, "Ann", 1, "mine PC-654321", "d3"));
    assertThat(filter.messages(feed)).containsExactly("mine PC-654321");
    assertThat(
            new ConversationFilter(List.of("Bot says"))
                .isUserEntry(entry(4, "x", 1, "Bot says hi", "d")))
        .isFalse();
  }

  @Test
  void judgesRepliesOnTheirOwnAndOrdersByDate() {
    FeedEntry status =
        new FeedEntry(
            9,
            null,
            "Tech",
            "2026-01-01T10:00:00Z",
            "2026-01-03T00:00:00Z",
            "Changed Status",
            2,
            false,
            2,
            List.of(
                new FeedReply(
                    91, "<p>it is LSAF-D30H6J3</p>", true, null, "Ann", "2026-01-03T00:00:00Z"),
                new FeedReply(92, "bot", false, null, "System", "2026-01-02T00:00:00Z")),
            null);
    FeedEntry first = entry(1, "Ann", 1, "first", "2026-01-02T00:00:00Z");
    assertThat(filter.messages(List.of(status, first)))
        .containsExactly("first", "it is LSAF-D30H6J3");
  }

  @Test
  void readsRepliesOnlyWhenThereAreAny() {
    assertThat(ConversationFilter.hasReplies(entry(1, "a", 1, "b", "d"))).isFalse();
    assertThat(
            ConversationFilter.hasReplies(
                new FeedEntry(1, null, "a", "d1", "d2", "b", 1, false, 0, null, null)))
        .isTrue();
    assertThat(
            ConversationFilter.hasReplies(
                new FeedEntry(1, null, "a", "d1", "d1", "b", 1, false, 1, null, null)))
        .isTrue();
  }
}
