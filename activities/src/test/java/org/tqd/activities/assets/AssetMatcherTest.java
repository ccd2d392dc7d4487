package org.tqd.activities.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.activities.assets.AssetMatcher.Filters;
import org.tqd.activities.assets.AssetMatcher.Match;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.ConfigurationItem;

class AssetMatcherTest {

  static final Filters COMPUTERS = new Filters(List.of(38), 2448);

  static Asset asset(int id, String name, String serial, String tag) {
    return asset(id, name, serial, tag, 38, 2448);
  }

  static Asset asset(int id, String name, String serial, String tag, int status, int form) {
    return new Asset(id, 48, form, status, "Active", name, tag, serial, null, null, 0, null);
  }

  static ConfigurationItem ci(int ciId, int backingId, int backingType) {
    return new ConfigurationItem(ciId, 48, 2448, 1, "ci", backingId, backingType);
  }

  @Test
  void addsOnlyExactMatchesOnNameSerialOrTag() {
    Match m =
        AssetMatcher.match(
            List.of("IC-EHLB760-F16", "C02XJ0AXJGH5", "TAG123456"),
            List.of(
                asset(1, "IC-EHLB760-F16X", "S1", null), // fuzzy near miss
                asset(2, " ic-ehlb760-f16 ", "S2", null), // name, trimmed and case-insensitive
                asset(3, "OTHER", "c02xj0axjgh5", null), // serial
                asset(4, "OTHER2", "", "tag123456"), // tag
                asset(5, "OTHER3", null, "")),
            List.of(),
            COMPUTERS,
            10);
    assertThat(m.toAdd()).extracting(Asset::id).containsExactly(2, 3, 4);
    assertThat(m.overLimit()).isEmpty();
  }

  @Test
  void identifiersFoundAreThoseThatNamedAnAsset() {
    List<Asset> assets =
        List.of(
            asset(1, "IC-EHLB760-F16", "C02XJ0AXJGH5", null), asset(2, "LSAF-D30H6J3", null, "T1"));

    assertThat(
            AssetMatcher.identifiersMatching(
                List.of(
                    "7346151234",
                    "IC-EHLB760",
                    "IC-EHLB760-F16",
                    "INFORMATION",
                    "c02xj0axjgh5",
                    "C02XJ0AXJGH5",
                    "re-install",
                    "LSAF-D30H6J3"),
                assets))
        .containsExactly("IC-EHLB760-F16", "c02xj0axjgh5", "LSAF-D30H6J3");
    assertThat(AssetMatcher.identifiersMatching(List.of("7346151234"), List.of())).isEmpty();
  }

  @Test
  void emptySerialAndTagNeverMatch() {
    assertThat(AssetMatcher.matchesExactly(asset(1, "A", "", " "), List.of("", " "))).isFalse();
  }

  @Test
  void appliesStatusAndFormFilters() {
    Match m =
        AssetMatcher.match(
            List.of("PC-000001", "PC-000002", "PC-000003"),
            List.of(
                asset(1, "PC-000001", null, null, 38, 2448),
                asset(2, "PC-000002", null, null, 40, 2448), // retired
                asset(3, "PC-000003", null, null, 38, 9999)), // printer form
            List.of(),
            COMPUTERS,
            10);
    assertThat(m.verified()).extracting(Asset::id).containsExactly(1);
    Match any =
        AssetMatcher.match(
            List.of("PC-000002", "PC-000003"),
            List.of(
                asset(2, "PC-000002", null, null, 40, 2448),
                asset(3, "PC-000003", null, null, 38, 9999)),
            List.of(),
            new Filters(List.of(), 0),
            10);
    assertThat(any.verified()).extracting(Asset::id).containsExactly(2, 3);
  }

  @Test
  void recognisesAttachedAssetsByBackingItemIdNotCiId() {
    // CI 7 is backed by asset 1; CI 2 is a lab CI (type 63) whose ID equals asset 2's ID.
    List<ConfigurationItem> onTicket = List.of(ci(7, 1, 27), ci(2, 2, 63));
    Match m =
        AssetMatcher.match(
            List.of("PC-000001", "PC-000002"),
            List.of(asset(1, "PC-000001", null, null), asset(2, "PC-000002", null, null)),
            onTicket,
            COMPUTERS,
            10);
    assertThat(m.alreadyOnTicket()).extracting(Asset::id).containsExactly(1);
    assertThat(m.toAdd()).extracting(Asset::id).containsExactly(2);
    assertThat(AssetMatcher.linkedAssetIds(onTicket)).containsExactly(1);
  }

  @Test
  void ordersByIdentifierOrderAndDeduplicates() {
    Match m =
        AssetMatcher.match(
            List.of("PC-000003", "PC-000001", "SER0000002"),
            List.of(
                asset(1, "PC-000001", null, null),
                asset(2, "PC-000002", "SER0000002", null),
                asset(3, "PC-000003", null, null),
                asset(1, "PC-000001", null, null)),
            List.of(),
            COMPUTERS,
            10);
    assertThat(m.toAdd()).extracting(Asset::id).containsExactly(3, 1, 2);
  }

  @Test
  void reportsAssetsOverTheLimitInsteadOfDroppingThem() {
    Match m =
        AssetMatcher.match(
            List.of("PC-000001", "PC-000002", "PC-000003", "PC-000004"),
            List.of(
                asset(4, "PC-000004", null, null),
                asset(3, "PC-000003", null, null),
                asset(2, "PC-000002", null, null),
                asset(1, "PC-000001", null, null)),
            List.of(ci(90, 1, 27)),
            COMPUTERS,
            2);
    assertThat(m.alreadyOnTicket()).extracting(Asset::id).containsExactly(1);
    assertThat(m.toAdd()).extracting(Asset::id).containsExactly(2, 3);
    assertThat(m.overLimit()).extracting(Asset::id).containsExactly(4);
  }
}
