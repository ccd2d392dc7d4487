package org.tqd.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.Ticket;

/** The ticket index against the sandbox over HTTP and a real PostgreSQL. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncedTicketIndexTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static TdxClient tdx;
  static TicketIndex store;
  static SyncedTicketIndex index;
  static final List<Integer> ACTIVE = List.of(115, 117, 121, 619, 620, 622);

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(40).seed(7).rateLimits(RateLimits.off()).build().start();
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
    Database db = PG.connect();
    store = new TicketIndex(db.jdbi());
    index =
        new SyncedTicketIndex(tdx, store, SyncedTicketIndex.Options.defaults(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Set<Integer> activeInSandbox() {
    Set<Integer> ids = new HashSet<>();
    for (TicketState s : sandbox.states()) {
      if (ACTIVE.contains(s.statusId())) {
        ids.add(s.ticketId());
      }
    }
    return ids;
  }

  @Test
  @Order(1)
  void firstSyncCopiesTheActiveTicketsAndReadsTheLinksOfThoseThePollDoesNotStart() {
    Set<Integer> starting = new HashSet<>(sandbox.reportTickets());
    Set<Integer> active = activeInSandbox();
    Set<Integer> outside = new HashSet<>(active);
    outside.removeAll(starting);
    assertThat(outside).as("active tickets outside the queue").isNotEmpty();
    sandbox.resetCalls();

    SyncedTicketIndex.Refresh r = index.refresh(starting);

    assertThat(r.synced()).isTrue();
    assertThat(r.full()).isTrue();
    assertThat(r.tickets()).isEqualTo(active.size());
    assertThat(store.size()).isEqualTo(active.size());
    assertThat(r.linksRead()).isEqualTo(outside.size());
    assertThat(sandbox.calls())
        .containsEntry("POST tickets/search", 1L)
        .containsEntry("GET tickets/{id}/assets", (long) outside.size());
    for (int id : outside) {
      Set<Integer> linked = new HashSet<>(sandbox.state(id).assetIds());
      if (!linked.isEmpty()) {
        assertThat(index.byAssets(linked, ACTIVE)).extracting(Ticket::id).contains(id);
      }
    }
  }

  @Test
  @Order(2)
  void aSyncWithNothingChangedIsOneIncrementalSearch() {
    sandbox.resetCalls();
    SyncedTicketIndex.Refresh r = index.refresh(Set.of());
    assertThat(r.full()).isFalse();
    assertThat(r.linksRead()).isZero();
    assertThat(r.tickets())
        .as("tickets changed since the mark")
        .isLessThan(activeInSandbox().size());
    assertThat(sandbox.calls()).containsOnlyKeys("POST tickets/search");
  }

  @Test
  @Order(6)
  void anIncrementalSyncAddsNewTicketsAndDropsThoseThatComeBackClosed() {
    index.refresh(Set.of());
    int closing = sandbox.reportTickets().get(1);
    assertThat(store.byRequestor(tdx.getTicket(closing).requestorUid(), ACTIVE))
        .extracting(Ticket::id)
        .contains(closing);
    tdx.postFeed(closing, new FeedPost(118, false, "resolved", List.of(), true, false, false));
    int created = sandbox.addTickets(1).get(0);
    long before = store.size();

    SyncedTicketIndex.Refresh r = index.refresh(Set.of());

    assertThat(r.full()).isFalse();
    assertThat(r.removed()).isEqualTo(1);
    assertThat(store.byRequestor(tdx.getTicket(closing).requestorUid(), ACTIVE))
        .extracting(Ticket::id)
        .doesNotContain(closing);
    assertThat(store.byRequestor(tdx.getTicket(created).requestorUid(), ACTIVE))
        .extracting(Ticket::id)
        .contains(created);
    assertThat(store.size()).isGreaterThanOrEqualTo(before);
    assertThat(r.tickets()).as("only the changed tickets came back").isLessThan((int) before);
  }

  @Test
  @Order(7)
  void aFullSyncComesBackAfterItsInterval() {
    SyncedTicketIndex everyTime =
        new SyncedTicketIndex(
            tdx,
            store,
            SyncedTicketIndex.Options.defaults().withFullSyncEvery(Duration.ZERO),
            Clock.systemUTC());
    SyncedTicketIndex.Refresh r = everyTime.refresh(Set.of());
    assertThat(r.full()).isTrue();
    assertThat(r.tickets()).isEqualTo(activeInSandbox().size());
    assertThat(store.size()).isEqualTo(activeInSandbox().size());
  }

  @Test
  @Order(3)
  void refreshIfStaleCallsNothingWhileFresh() {
    sandbox.resetCalls();
    assertThat(index.refreshIfStale().synced()).isFalse();
    assertThat(sandbox.totalCalls()).isZero();
    SyncedTicketIndex stale =
        new SyncedTicketIndex(
            tdx,
            store,
            SyncedTicketIndex.Options.defaults().withMaxAge(Duration.ZERO),
            Clock.systemUTC());
    assertThat(stale.refreshIfStale().synced()).isTrue();
  }

  @Test
  @Order(4)
  void aComputerAttachedOutsideTheQueueIsSeenAtTheNextSync() {
    Set<Integer> outside = activeInSandbox();
    outside.removeAll(sandbox.reportTickets());
    int ticket = outside.iterator().next();
    int asset =
        sandbox.truth().stream()
            .filter(t -> !t.expectedAssetIds().isEmpty())
            .findFirst()
            .orElseThrow()
            .expectedAssetIds()
            .get(0);
    tdx.addTicketAsset(ticket, asset);
    assertThat(index.byAssets(Set.of(asset), ACTIVE)).extracting(Ticket::id).doesNotContain(ticket);

    SyncedTicketIndex.Refresh r = index.refresh(Set.of());

    assertThat(r.linksRead()).isEqualTo(1);
    assertThat(index.byAssets(Set.of(asset), ACTIVE)).extracting(Ticket::id).contains(ticket);
  }

  @Test
  @Order(5)
  void linksTheRunRecordedAreFreshForTheTicketAsItWasRead() {
    int id = sandbox.reportTickets().get(0);
    Ticket ticket = tdx.getTicket(id);
    assertThat(index.linksIfFresh(ticket)).isEmpty();
    index.recordRead(ticket, tdx.getTicketAssets(id));
    index.recordAdded(id, List.of(424242));
    assertThat(index.linksIfFresh(ticket).orElseThrow()).isNotEmpty();
    assertThat(index.byAssets(Set.of(424242), ACTIVE)).extracting(Ticket::id).containsExactly(id);
  }
}
