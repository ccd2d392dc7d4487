package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.RunContext;

/**
 * A dry run of every action reads, plans and reports the writes it would make, leaving TDX and the
 * ledger untouched, with the summaries a real run produces.
 */
class DryRunTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(40).seed(8).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void everyActionPlansWithoutWritingAnything() {
    TicketTruth truth = h.first("title names the computer");
    int id = truth.ticketId();
    Asset asset = h.client.getAsset(truth.expectedAssetIds().get(0));
    Ticket ticket = h.ticket(id);
    TicketState before = sandbox.state(id);
    h.index.refreshIfStale();
    sandbox.resetCalls();

    ActionSpec add = Harness.addAsset();
    ActionSpec comment =
        ActionSpecs.create("comment", Map.of("comment_text", "We are on it.", "is_private", true));
    ActionSpec status = ActionSpecs.create("change_status", Map.of("new_status_id", 117));
    ActionSpec assign =
        ActionSpecs.create("assign", Map.of("responsible_uid", sandbox.apiUserUid().toString()));
    ActionSpec find = Harness.findActive();
    ActionSpec summary = Harness.summary();

    RunContext context = RunContext.empty();
    ActionResult added = h.actions.addAsset(h.request(ticket, add, List.of(), context, true));
    context = context.with(added);
    ActionResult commented =
        h.actions.comment(h.request(ticket, comment, List.of(), context, true));
    ActionResult changed =
        h.actions.changeStatus(h.request(ticket, status, List.of(), context, true));
    ActionResult assigned = h.actions.assign(h.request(ticket, assign, List.of(), context, true));
    ActionResult found =
        h.actions.findActiveTickets(h.request(ticket, find, List.of(), context, true));
    context = context.with(found);
    ActionResult summarized =
        h.actions.summaryComment(
            h.request(ticket, summary, List.of(add.actionId(), find.actionId()), context, true));

    for (ActionResult r : List.of(added, commented, changed, assigned, found, summarized)) {
      assertThat(r.outcome()).as(r.type()).isEqualTo(Outcome.PLANNED);
    }
    assertThat(added.plannedWrites())
        .containsExactly(
            "POST tickets/" + id + "/assets/" + asset.id() + " (" + asset.name() + ")");
    assertThat(commented.plannedWrites())
        .singleElement()
        .asString()
        .matches("(?s)POST tickets/" + id + "/feed \\(private comment, \\d+ chars\\): \".+\"");
    assertThat(commented.message()).isEqualTo("[DRY RUN] Comment would be added to ticket " + id);
    assertThat(changed.plannedWrites())
        .singleElement()
        .asString()
        .matches(
            "(?s)POST tickets/"
                + id
                + "/feed \\(private comment, \\d+ chars, status → 117\\): \".+\"");
    assertThat(assigned.plannedWrites())
        .containsExactly(
            "PATCH tickets/" + id + " (responsible person " + sandbox.apiUserUid() + ")");
    assertThat(found.plannedWrites()).isEmpty();
    assertThat(summarized.plannedWrites())
        .singleElement()
        .asString()
        .matches(
            "(?s)POST tickets/" + id + "/feed \\(private rich-HTML comment, \\d+ chars\\): \".+\"");
    assertThat(summarized.message()).isEqualTo("[DRY RUN] Summary comment would be posted");

    assertThat(sandbox.state(id)).isEqualTo(before);
    assertThat(h.ledger.history(id)).isEmpty();
    assertThat(h.calls().keySet())
        .allMatch(
            m -> m.startsWith("GET ") || m.equals("POST tickets/search"), "only reads were made");

    // The summary a real run produces is the one the dry run showed.
    ActionResult real =
        h.actions.addAsset(h.request(ticket, add, List.of(), RunContext.empty(), false));
    assertThat(real.summary()).isEqualTo(added.summary());
    assertThat(real.message()).isEqualTo(added.message());
  }
}
