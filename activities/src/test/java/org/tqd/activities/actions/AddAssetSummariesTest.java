package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddAssetSummariesTest {

  @Test
  void phaseOneSummaryReadsLikeTheDaemon() {
    assertThat(
            AddAssetSummaries.addedSummary(
                1,
                List.of("IC-EHLB760-F16"),
                List.of("IC-EHLB760-F16", "IC-EHLB760"),
                0,
                List.of(),
                10))
        .isEqualTo(
            "Added 1 asset(s): IC-EHLB760-F16. Reason: Computer identifier(s) found in ticket"
                + " title/description (IC-EHLB760-F16, IC-EHLB760)");
    assertThat(AddAssetSummaries.addedMessage(1, 1)).isEqualTo("Added 1 asset(s) from Phase 1");
  }

  @Test
  void phaseTwoSummaryNamesTheConversationAndCountsFailures() {
    assertThat(
            AddAssetSummaries.addedSummary(
                2,
                List.of("A-0001", "B-0002"),
                List.of("A-0001", "B-0002", "C-0003", "D-0004", "E-0005"),
                1,
                List.of(),
                10))
        .isEqualTo(
            "Added 2 asset(s): A-0001, B-0002. Reason: Computer identifier(s) found in ticket"
                + " conversation (A-0001, B-0002, C-0003 (and 2 more)) (Failed to add 1 asset(s))");
  }

  @Test
  void reportsAssetsOverTheLimit() {
    assertThat(
            AddAssetSummaries.addedSummary(
                1, List.of("A-0001"), List.of("A-0001", "B-0002"), 0, List.of("B-0002"), 1))
        .endsWith("(A-0001, B-0002) (Not added, over the limit of 1: B-0002)");
  }

  @Test
  void escapesNamesForRichHtml() {
    assertThat(AddAssetSummaries.requestorAddedSummary("Bob<script>&Co"))
        .isEqualTo("Added 1 asset: Bob&lt;script&gt;&amp;Co. Reason: User only has one computer");
  }

  @Test
  void phaseThreeTextsReadLikeTheDaemon() {
    assertThat(AddAssetSummaries.HAS_ASSETS_MESSAGE)
        .isEqualTo("No action needed - ticket already has assets");
    assertThat(AddAssetSummaries.requestorCountMessage(2))
        .isEqualTo("Requestor has 2 assets, not 1");
    assertThat(AddAssetSummaries.requestorCountSummary(0))
        .isEqualTo(
            "No assets added. Reason: No computer identifiers found and user has 0 assets"
                + " (expected exactly 1)");
    assertThat(AddAssetSummaries.foundIds(List.of("a", "b", "c"))).isEqualTo("a, b, c");
  }
}
