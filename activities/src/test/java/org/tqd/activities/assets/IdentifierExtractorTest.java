package org.tqd.activities.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierExtractorTest {

  private final IdentifierExtractor extractor = new IdentifierExtractor();

  // The daemon's table (lsats-daemon.md §1.2), with the fixes noted per case.

  @Test
  void keepsTheOverlappingSubMatchOfAComputerNameLongestFirst() {
    assertThat(extractor.extract("My computer IC-EHLB760-F16 won't boot"))
        .containsExactly("IC-EHLB760-F16", "IC-EHLB760");
  }

  @Test
  void findsAnAppleSerialInsideAnLPrefixedName() {
    assertThat(extractor.extract("Mac L-C02XJ0AXJGH5 broken"))
        .containsExactly("L-C02XJ0AXJGH5", "C02XJ0AXJGH5");
  }

  @Test
  void findsNamesAndHarmlessHyphenatedWordsInOrder() {
    assertThat(extractor.extract("LSAF-D30H6J3 needs re-install"))
        .containsExactly("LSAF-D30H6J3", "re-install");
  }

  @Test
  void findsMixedCaseNamesButNotTooShortSegments() {
    assertThat(extractor.extract("psyc-amiemgT01 and eng-x-lec12"))
        .containsExactly("psyc-amiemgT01");
  }

  @Test
  void findsLowercaseSerialsAsTheSameCandidate() {
    assertThat(extractor.extract("serial C02XJ0AXJGH5 and c02xj0axjgh5"))
        .containsExactly("C02XJ0AXJGH5");
    assertThat(extractor.extract("my mac is c02xj0axjgh5")).containsExactly("c02xj0axjgh5");
  }

  @Test
  void keepsDigitStringsAsHarmlessCandidates() {
    assertThat(extractor.extract("Call me at 7346151234")).containsExactly("7346151234");
  }

  @Test
  void ignoresLongWordsWithoutDigitsAsSerials() {
    assertThat(extractor.extract("INFORMATION TECHNOLOGY request")).isEmpty();
    assertThat(extractor.extract("unfortunately the application crashed successfully")).isEmpty();
  }

  @Test
  void readsOnlyTheVisibleTextOfAnHtmlDescription() {
    assertThat(
            extractor.fromTitleAndDescription(
                "Upgrade", "<p style=\"font-family: Arial\">follow-up on WIN-10 upgrade</p>"))
        .isEmpty();
    assertThat(
            extractor.fromTitleAndDescription(
                "Upgrade",
                "<div class=\"x-large-font\"><span style=\"mso-bidi-font-family: Calibri\">"
                    + "Please&nbsp;fix&nbsp;CHEM-SMALD1</span></div>"))
        .containsExactly("CHEM-SMALD1");
  }

  @Test
  void decodesEntitiesSoNamesNextToThemAreFound() {
    assertThat(extractor.fromTitleAndDescription(null, "<p>&lt;IC-EHLB760-F16&gt;</p>"))
        .containsExactly("IC-EHLB760-F16", "IC-EHLB760");
  }

  @Test
  void neverScansNullFieldsAsText() {
    assertThat(extractor.fromTitleAndDescription(null, null)).isEmpty();
    assertThat(extractor.fromTitleAndDescription("CHEM-SMALD1", null))
        .containsExactly("CHEM-SMALD1");
    assertThat(extractor.fromTitleAndDescription(null, "<p>CHEM-SMALD1</p>"))
        .containsExactly("CHEM-SMALD1");
  }

  @Test
  void ordersByFirstAppearanceAcrossTitleAndDescription() {
    assertThat(
            extractor.fromTitleAndDescription(
                "C02XJ0AXJGH5 and LSAF-D30H6J3", "<p>also IC-EHLB760-F16, then lsaf-d30h6j3</p>"))
        .containsExactly("C02XJ0AXJGH5", "LSAF-D30H6J3", "IC-EHLB760-F16", "IC-EHLB760");
  }

  @Test
  void scansMessagesInTheGivenOrder() {
    assertThat(extractor.fromMessages(List.of("first CHEM-SMALD1", "then C02XJ0AXJGH5")))
        .containsExactly("CHEM-SMALD1", "C02XJ0AXJGH5");
  }

  @Test
  void findsStandaloneAssetTagsButNotNameSegments() {
    assertThat(extractor.extract("Asset tag: U0473821, service tag d30h6j3."))
        .containsExactly("U0473821", "d30h6j3");
    assertThat(extractor.extract("LSAF-D30H6J3 and KB5034441 but not 20260301 or Friday"))
        .containsExactly("LSAF-D30H6J3", "KB5034441");
  }

  @Test
  void returnsNothingForBlankText() {
    assertThat(extractor.extract("")).isEmpty();
    assertThat(extractor.extract("   ")).isEmpty();
    assertThat(extractor.extract(null)).isEmpty();
  }
}
