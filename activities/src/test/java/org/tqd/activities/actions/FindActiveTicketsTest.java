package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;

/** find_active_tickets against the sandbox's related tickets. */
class FindActiveTicketsTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(60).seed(4).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().reset();
  }

  /** A find_active_tickets action of its own (its own ledger rows), differing in its cap. */
  private static ActionSpec ownAction(int maxPerCategory) {
    return ActionSpecs.create(
        "find_active_tickets", Map.of("max_tickets_per_category", maxPerCategory));
  }

  /** A queue ticket whose requestor has other active tickets (found by dry runs). */
  private int ticketWithRequestorTickets() {
    for (TicketTruth t : sandbox.truth()) {
      if (t.inReport()) {
        ActionResult plan =
            h.actions.findActiveTickets(h.dryRequest(t.ticketId(), Harness.findActive()));
        if (!((List<?>) plan.details().get("requestor_tickets")).isEmpty()) {
          return t.ticketId();
        }
      }
    }
    throw new AssertionError("no queue ticket whose requestor has other active tickets");
  }

  @Test
  void listsTheOtherActiveTicketsOfTheRequestor() {
    int id = ticketWithRequestorTickets();
    ActionResult r = h.actions.findActiveTickets(h.request(id, Harness.findActive()));

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    @SuppressWarnings("unchecked")
    List<Integer> requestor = (List<Integer>) r.details().get("requestor_tickets");
    assertThat(requestor).isNotEmpty().doesNotContain(id);
    List<Integer> active = sandbox.ids().activeTicketStatusIds();
    for (int related : requestor) {
      assertThat(active).contains(sandbox.state(related).statusId());
    }
    assertThat(r.message())
        .isEqualTo("Found " + r.details().get("total_tickets") + " related active tickets");
    assertThat(r.summary())
        .startsWith("<strong>📋 Related Active Tickets</strong><br/>\n<h4>Requestor Tickets (")
        .contains(
            "<a href=\""
                + sandbox.rootUrl()
                + "/TDNext/Apps/46/Tickets/TicketDet?TicketID="
                + requestor.get(0)
                + "\">")
        .endsWith("</p>\n");
    assertThat(Set.copyOf((List<?>) r.details().get("lab_tickets")))
        .isEqualTo(Set.copyOf(sandbox.activeLabTickets(id)));
    String actionId = Harness.findActive().actionId();
    assertThat(h.ledger.loadStates(id, List.of(actionId)).get(actionId).status())
        .isEqualTo(ActionStatus.COMPLETED);
  }

  @Test
  void listsTheActiveTicketsOfTheTicketsComputersFromOtherRequestors() {
    List<Integer> queue = sandbox.reportTickets();
    int id = queue.get(0);
    String requestor = h.ticket(id).requestorUid();
    int other =
        queue.stream()
            .filter(t -> !h.ticket(t).requestorUid().equals(requestor))
            .findFirst()
            .orElseThrow();
    int computer =
        sandbox.truth().stream()
            .filter(t -> !t.expectedAssetIds().isEmpty())
            .findFirst()
            .orElseThrow()
            .expectedAssetIds()
            .get(0);
    h.client.addTicketAsset(id, computer);
    h.client.addTicketAsset(other, computer);

    ActionResult r = h.actions.findActiveTickets(h.request(id, ownAction(9)));

    @SuppressWarnings("unchecked")
    List<Integer> asset = (List<Integer>) r.details().get("asset_tickets");
    assertThat(asset).contains(other).doesNotContain(id);
    assertThat(r.summary()).contains("<h4>Asset Tickets (" + asset.size() + ")</h4>");
  }

  @Test
  void escapesTicketTextInTheHtml() {
    TdxApi hostile =
        (TdxApi)
            Proxy.newProxyInstance(
                TdxApi.class.getClassLoader(),
                new Class<?>[] {TdxApi.class},
                (proxy, method, args) -> {
                  Object out = method.invoke(h.client, args);
                  if (method.getName().equals("searchTickets")) {
                    @SuppressWarnings("unchecked")
                    List<Ticket> tickets = (List<Ticket>) out;
                    return tickets.stream().map(FindActiveTicketsTest::hostile).toList();
                  }
                  return out;
                });
    Harness withHostileTitles = new Harness(PG.connect(), sandbox, hostile);
    int id = ticketWithRequestorTickets();

    ActionResult r =
        withHostileTitles.actions.findActiveTickets(
            withHostileTitles.request(id, Harness.findActive()));

    assertThat(r.summary())
        .contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</td>")
        .contains("<td>&lt;b&gt;Open&lt;/b&gt;</td>")
        .doesNotContain("<script>", "<b>Open</b>");
  }

  private static Ticket hostile(Ticket t) {
    return new Ticket(
        t.id(),
        t.appId(),
        "<script>alert(\"x\")</script> & more",
        t.description(),
        t.typeId(),
        t.formId(),
        t.statusId(),
        "<b>Open</b>",
        t.statusClass(),
        t.requestorUid(),
        t.requestorName(),
        t.requestorEmail(),
        t.responsibleUid(),
        t.responsibleGroupId(),
        t.createdDate(),
        t.modifiedDate());
  }

  @Test
  void showsWhatCouldNotBeFetchedWhenPartialResultsAreAllowed() {
    int id = h.first("nothing named; the requestor owns several active computers").ticketId();
    sandbox.faults().serverErrorShare(1.0).templates(Set.of("POST tickets/search"));

    ActionResult r = h.actions.findActiveTickets(h.request(id, ownAction(8)));

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.summary())
        .isEqualTo(
            "<strong>📋 Related Active Tickets</strong><br/>\n"
                + "<p><em>No related active tickets found.</em></p>"
                + "\n<p><strong>Errors encountered:</strong><br/>\n"
                + "⚠️ Could not fetch requestor tickets</p>");
  }

  @Test
  void failsRetryablyWhenPartialResultsAreNotAllowed() {
    int id = h.first("description names the computer").ticketId();
    ActionSpec strict =
        ActionSpecs.create("find_active_tickets", Map.of("show_partial_on_error", false));
    sandbox.faults().serverErrorShare(1.0).templates(Set.of("POST tickets/search"));

    ApplicationFailure f =
        catchThrowableOfType(
            ApplicationFailure.class, () -> h.actions.findActiveTickets(h.request(id, strict)));

    assertThat(f.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(f.isNonRetryable()).isFalse();
  }
}
