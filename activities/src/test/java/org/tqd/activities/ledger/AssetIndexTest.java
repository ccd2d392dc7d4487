package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.tdx.model.Asset;

class AssetIndexTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static final String OWNER = "8F1C2D3E-0000-4000-8000-0000000000AA";
  static AssetIndex index;

  @BeforeAll
  static void connect() {
    index = new AssetIndex(PG.connect().jdbi());
    index.upsertAssets(
        List.of(
            new IndexedAsset(
                1,
                "LSA-ITS-1234",
                "5CG1234XYZ",
                "U0012345",
                38,
                2448,
                OWNER,
                Instant.parse("2026-01-02T03:04:05Z")),
            new IndexedAsset(2, "ehs-lab-pc07", "C02ABC", null, 38, 2448, null, null),
            new IndexedAsset(
                3, "Retired-PC", "SER-3", "U003", 40, 2448, OWNER.toLowerCase(), null)));
  }

  @Test
  void findsByNameSerialOrTagIgnoringCase() {
    assertThat(index.findByIdentifiers(List.of("lsa-its-1234")))
        .extracting(IndexedAsset::assetId)
        .containsExactly(1);
    assertThat(index.findByIdentifiers(List.of("5cg1234xyz", "EHS-LAB-PC07", "u003", "nothing")))
        .extracting(IndexedAsset::assetId)
        .containsExactly(1, 2, 3);
    assertThat(index.findByIdentifiers(List.of())).isEmpty();
    IndexedAsset first = index.findByIdentifiers(List.of("u0012345")).get(0);
    assertThat(first.name()).isEqualTo("LSA-ITS-1234");
    assertThat(first.statusId()).isEqualTo(38);
    assertThat(first.formId()).isEqualTo(2448);
    assertThat(first.modifiedDate()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void findsByOwnerIgnoringTheUidsCase() {
    assertThat(index.findByOwner(OWNER.toLowerCase()))
        .extracting(IndexedAsset::assetId)
        .containsExactly(1, 3);
    assertThat(index.findByOwner("someone-else")).isEmpty();
  }

  @Test
  void upsertOverwritesKnownAssets() {
    index.upsertAssets(
        List.of(new IndexedAsset(50, "old-name", "S50", null, 38, 2448, null, null)));

    index.upsertAssets(
        List.of(new IndexedAsset(50, "new-name", "S50", "T50", 40, 2448, null, null)));

    assertThat(index.findByIdentifiers(List.of("old-name"))).isEmpty();
    assertThat(index.findByIdentifiers(List.of("new-name")))
        .containsExactly(new IndexedAsset(50, "new-name", "S50", "T50", 40, 2448, null, null));
  }

  @Test
  void buildsEntriesFromTdxAssets() {
    Asset tdx =
        new Asset(
            77,
            48,
            2448,
            38,
            "Active",
            "LAPTOP-77",
            "U77",
            "SN77",
            OWNER,
            "Jane",
            9077,
            "2026-03-04T05:06:07.123");

    IndexedAsset entry = IndexedAsset.fromTdx(tdx);

    assertThat(entry)
        .isEqualTo(
            new IndexedAsset(
                77,
                "LAPTOP-77",
                "SN77",
                "U77",
                38,
                2448,
                OWNER,
                Instant.parse("2026-03-04T05:06:07.123Z")));
    assertThat(IndexedAsset.parseTdxDate("2026-03-04T05:06:07-05:00"))
        .isEqualTo("2026-03-04T10:06:07Z");
    assertThat(IndexedAsset.parseTdxDate("not a date")).isNull();
  }

  @Test
  void syncStateKeepsTheHighestModifiedDate() {
    Instant mark = Instant.parse("2026-02-01T00:00:00Z");
    Instant at = Instant.parse("2026-02-01T00:05:00Z");
    index.recordSync(mark, at);
    assertThat(index.syncState())
        .isEqualTo(new AssetSyncState(java.util.Optional.of(mark), java.util.Optional.of(at)));

    Instant later = Instant.parse("2026-02-01T00:10:00Z");
    index.recordSync(Instant.parse("2026-01-01T00:00:00Z"), later);

    assertThat(index.syncState().highWaterMark()).contains(mark);
    assertThat(index.syncState().lastSyncAt()).contains(later);
  }

  @Test
  void onlyOneRefreshRunsAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> first =
          pool.submit(
              () ->
                  index.tryExclusive(
                      () -> {
                        inside.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        // A refresh writes through the index while it holds the lock.
                        index.upsertAssets(
                            List.of(
                                new IndexedAsset(
                                    90, "during-refresh", null, null, 38, 1, null, null)));
                      }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

      boolean[] ran = {false};
      assertThat(index.tryExclusive(() -> ran[0] = true)).isFalse();
      assertThat(ran[0]).isFalse();

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(index.tryExclusive(() -> ran[0] = true)).isTrue();
      assertThat(ran[0]).isTrue();
      assertThat(index.findByIdentifiers(List.of("during-refresh"))).hasSize(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
