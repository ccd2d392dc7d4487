package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tqd.activities.actions.TextsTestSupport.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommentReferenceTest {

  @Test
  void isStableForTheSameTicketActionAndContent() {
    CommentReference a = CommentReference.of(123, "comment:054200481667:v1", "Hello");
    CommentReference b = CommentReference.of(123, "comment:054200481667:v1", "Hello");
    assertThat(a.token()).isEqualTo(b.token()).matches("\\[tqd:[0-9a-f]{8}]");
    assertThat(CommentReference.of(124, "comment:054200481667:v1", "Hello").token())
        .isNotEqualTo(a.token());
    assertThat(CommentReference.of(123, "comment:054200481667:v1", "Hello!").token())
        .isNotEqualTo(a.token());
  }

  @Test
  void isAppendedAsVisibleText() {
    CommentReference r = CommentReference.of(1, "a", "x");
    assertThat(r.appendTo("x", true)).isEqualTo("x<br><small>" + r.token() + "</small>");
    assertThat(r.appendTo("x", false)).isEqualTo("x\n\n" + r.token());
  }

  @Test
  void isFoundInTheFeedAfterTdxRewritesTheHtml() {
    CommentReference r = CommentReference.of(1, "a", "<p>Summary</p>");
    String rewritten =
        "<div class=\"tdx\"><p>Summary</p><br /><span style=\"font-size:small\">"
            + r.token().replace("[", "&#91;")
            + "</span></div>";
    assertThat(
            r.isIn(List.of(entry(1, "Svc", 1, "other", "d"), entry(2, "Svc", 1, rewritten, "d"))))
        .isTrue();
    assertThat(r.isIn(List.of(entry(1, "Svc", 1, "<p>Summary</p>", "d")))).isFalse();
    assertThat(r.isIn(List.of(entry(1, "Svc", 1, null, "d")))).isFalse();
  }

  @Test
  void anyMarkerIsRecognised() {
    assertThat(CommentReference.isMarked("text <small>[tqd:0a1b2c3d]</small>")).isTrue();
    assertThat(CommentReference.isMarked("text [tqd:xyz]")).isFalse();
  }
}
