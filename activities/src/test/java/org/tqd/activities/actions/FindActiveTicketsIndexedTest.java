package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.RunContext;

/**
 * find_active_tickets on the ticket index gives the tables TDX's ticket searches give, without a
 * ticket search, and add_asset and find_active_tickets together read a ticket's assets once.
 */
class FindActiveTicketsIndexedTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness indexed;
  static Harness searching;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(60).seed(4).rateLimits(RateLimits.off()).build().start();
    indexed = Harness.withTicketIndex(PG, sandbox);
    searching = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void sameTablesAsTicketSearchesWithOneAssetReadPerTicketAndNoSearch() {
    // One computer on two queue tickets and on a ticket outside the queue.
    int computer =
        sandbox.truth().stream()
            .filter(t -> !t.expectedAssetIds().isEmpty())
            .findFirst()
            .orElseThrow()
            .expectedAssetIds()
            .get(0);
    int outside =
        sandbox.truth().stream()
            .filter(t -> !t.inReport() && List.of(117, 121).contains(statusOf(t.ticketId())))
            .findFirst()
            .orElseThrow()
            .ticketId();
    for (int t : List.of(sandbox.reportTickets().get(0), sandbox.reportTickets().get(1), outside)) {
      indexed.client.addTicketAsset(t, computer);
    }
    indexed.ticketIndex.refresh(sandbox.reportTickets());
    int withAssetTickets = 0;
    int withRequestorTickets = 0;
    int withLabTickets = 0;
    for (int id : sandbox.reportTickets()) {
      Ticket ticket = indexed.ticket(id);
      sandbox.resetCalls();
      ActionResult add =
          indexed.actions.addAsset(
              indexed.request(ticket, Harness.addAsset(), List.of(), RunContext.empty(), false));
      ActionResult found =
          indexed.actions.findActiveTickets(
              indexed.request(
                  ticket,
                  Harness.findActive(),
                  List.of(add.actionId()),
                  RunContext.empty().with(add),
                  false));
      assertThat(found.outcome()).isEqualTo(Outcome.COMPLETED);
      assertThat(indexed.calls()).as("ticket %d", id).doesNotContainKey("POST tickets/search");
      assertThat(indexed.calls().getOrDefault("GET tickets/{id}/assets", 0L))
          .as("reads of the assets of ticket %d", id)
          .isLessThanOrEqualTo(1);

      ActionResult expected =
          searching.actions.findActiveTickets(searching.dryRequest(id, Harness.findActive()));
      // The same tickets; their order (most recently modified first) and Modified column are as
      // of the last sync, at most one poll old: tickets this loop processed earlier have changed.
      assertThat(ids(found, "requestor_tickets"))
          .as("requestor tickets of %d", id)
          .containsExactlyInAnyOrderElementsOf(ids(expected, "requestor_tickets"));
      assertThat(ids(found, "asset_tickets"))
          .as("asset tickets of %d", id)
          .containsExactlyInAnyOrderElementsOf(ids(expected, "asset_tickets"));
      assertThat(ids(found, "lab_tickets"))
          .as("lab tickets of %d", id)
          .containsExactlyElementsOf(ids(expected, "lab_tickets"));
      withLabTickets += ids(found, "lab_tickets").isEmpty() ? 0 : 1;
      withAssetTickets += ((List<?>) found.details().get("asset_tickets")).isEmpty() ? 0 : 1;
      withRequestorTickets +=
          ((List<?>) found.details().get("requestor_tickets")).isEmpty() ? 0 : 1;
    }
    assertThat(withAssetTickets).as("tickets with asset tickets").isPositive();
    assertThat(withRequestorTickets).as("tickets with requestor tickets").isPositive();
    assertThat(withLabTickets).as("tickets with lab tickets").isPositive();
  }

  @Test
  void aTicketClosedOrReopenedShowsAtTheNextSync() {
    indexed.ticketIndex.refresh(Set.of());
    int id = -1;
    List<Integer> related = List.of();
    for (int candidate : sandbox.reportTickets()) {
      related = requestorTickets(candidate);
      if (!related.isEmpty()) {
        id = candidate;
        break;
      }
    }
    assertThat(id).as("a queue ticket whose requestor has other active tickets").isPositive();
    int closing = related.get(0);
    indexed.client.postFeed(closing, status(118));

    assertThat(requestorTickets(id)).as("before the next sync").contains(closing);
    indexed.ticketIndex.refresh(Set.of());
    assertThat(requestorTickets(id)).as("after the next sync").doesNotContain(closing);

    indexed.client.postFeed(closing, status(117));
    indexed.ticketIndex.refresh(Set.of());
    assertThat(requestorTickets(id)).as("reopened").contains(closing);
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> ids(ActionResult r, String category) {
    return (List<Integer>) r.details().get(category);
  }

  private static int statusOf(int ticketId) {
    return sandbox.state(ticketId).statusId();
  }

  private static FeedPost status(int statusId) {
    return new FeedPost(statusId, false, "status change", List.of(), true, false, false);
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> requestorTickets(int id) {
    ActionResult r =
        indexed.actions.findActiveTickets(indexed.dryRequest(id, Harness.findActive()));
    return (List<Integer>) r.details().get("requestor_tickets");
  }
}
