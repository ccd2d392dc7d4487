package org.tqd.activities.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.IndexedAsset;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;

/** The asset index against the sandbox: first sync, freshness, incremental sync, single flight. */
class SyncedAssetIndexTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static TdxClient tdx;
  static List<Asset> computers;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(30).seed(6).rateLimits(RateLimits.off()).build().start();
    tdx =
        new TdxClient(
            TdxClientConfig.builder()
                .baseUrl(sandbox.baseUrl())
                .ticketAppId(sandbox.ticketAppId())
                .assetAppId(sandbox.assetAppId())
                .credentials(
                    new TdxCredentials.WebServicesKey(
                        sandbox.beid().toString(), sandbox.webServicesKey().toString()))
                .build());
    computers = tdx.searchAssets(AssetSearch.modifiedSince(null, List.of(2448)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static SyncedAssetIndex index(Database db, Duration maxAge) {
    return new SyncedAssetIndex(
        tdx,
        new AssetIndex(db.jdbi()),
        SyncedAssetIndex.Options.defaults().withMaxAge(maxAge),
        Clock.systemUTC());
  }

  private static long searches() {
    return sandbox.calls().getOrDefault("POST assets/search", 0L);
  }

  @Test
  void theFirstSyncCopiesEveryComputerAndLookupsIgnoreCase() {
    Database db = PG.connect();
    SyncedAssetIndex index = index(db, Duration.ofMinutes(1));

    SyncedAssetIndex.Refresh r = index.refreshIfStale();

    assertThat(r.synced()).isTrue();
    assertThat(r.assets()).isEqualTo(computers.size()).isPositive();
    Asset named = computers.get(0);
    assertThat(index.findByIdentifiers(List.of(named.name().toLowerCase(Locale.ROOT))))
        .extracting(Asset::id)
        .containsExactly(named.id());
    Instant newest =
        computers.stream()
            .map(a -> IndexedAsset.fromTdx(a).modifiedDate())
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(new AssetIndex(db.jdbi()).syncState().highWaterMark()).contains(newest);
  }

  @Test
  void aFreshIndexCostsNoCallAndAStaleOneSyncsOnlyWhatChangedSinceTheMark() {
    Database db = PG.connect();
    index(db, Duration.ofMinutes(1)).refreshIfStale();
    sandbox.resetCalls();

    assertThat(index(db, Duration.ofMinutes(1)).refreshIfStale().synced()).isFalse();
    assertThat(searches()).isZero();

    SyncedAssetIndex.Refresh again = index(db, Duration.ZERO).refreshIfStale();
    assertThat(again.synced()).isTrue();
    assertThat(searches()).isEqualTo(1);
    assertThat(again.assets()).isPositive().isLessThan(computers.size());
  }

  @Test
  void workersRefreshingTogetherMakeOneSearchAndAllSeeTheFirstSync() throws Exception {
    Database db = PG.connect();
    sandbox.resetCalls();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<Integer> lookup =
          () -> {
            index(db, Duration.ofMinutes(1)).refreshIfStale();
            return index(db, Duration.ofMinutes(1))
                .findByIdentifiers(List.of(computers.get(1).name()))
                .size();
          };
      List<Future<Integer>> results = pool.invokeAll(List.of(lookup, lookup, lookup, lookup));
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(searches()).isEqualTo(1);
  }
}
