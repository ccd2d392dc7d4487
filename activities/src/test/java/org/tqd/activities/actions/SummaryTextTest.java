package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTextTest {

  @Test
  void numbersEachSummaryAfterThePrefixLikeTheDaemon() {
    assertThat(
            SummaryText.compose(
                "🤖 Automated Actions Summary",
                List.of("Added 1 asset(s): X", "<b>t</b>"),
                "\n",
                true))
        .contains("🤖 Automated Actions Summary\n\n<br>1. Added 1 asset(s): X\n<br>2. <b>t</b>");
  }

  @Test
  void usesTheConfiguredSeparator() {
    assertThat(SummaryText.compose("P", List.of("a", "b"), " | ", true))
        .contains("P\n\n<br>1. a | <br>2. b");
  }

  @Test
  void skipsOrSaysNothingRanWhenEmpty() {
    assertThat(SummaryText.compose("P", List.of(), "\n", true)).isEmpty();
    assertThat(SummaryText.compose("P", List.of(), "\n", false))
        .contains("P\n\nNo actions were executed.");
  }
}
