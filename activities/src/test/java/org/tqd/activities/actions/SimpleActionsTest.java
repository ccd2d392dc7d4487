package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;

/** comment, change_status and assign against the sandbox. */
class SimpleActionsTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(30).seed(9).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private int ticket(int index) {
    return sandbox.reportTickets().get(index);
  }

  @Test
  void commentPostsOnceWithItsReferenceAndOptions() {
    int id = ticket(0);
    ActionSpec spec =
        ActionSpecs.create(
            "comment",
            Map.of("comment_text", "Hello World", "is_private", true, "new_status_id", 117));

    ActionResult r = h.actions.comment(h.request(id, spec));

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.message()).isEqualTo("Comment added to ticket " + id);
    assertThat(r.summary()).isNull();
    TicketState state = sandbox.state(id);
    assertThat(state.statusId()).isEqualTo(117);
    TicketState.FeedEntry posted = state.feed().get(state.feed().size() - 1);
    // TDX writes the status change into the entry; the reference survives.
    assertThat(posted.body())
        .startsWith("Changed Status from ")
        .contains("Hello World")
        .endsWith((String) r.details().get("reference"));
    assertThat(posted.isPrivate()).isTrue();

    assertThat(h.actions.comment(h.request(id, spec)).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(sandbox.state(id).feed()).hasSize(state.feed().size());
  }

  @Test
  void aTemplatedRichCommentRendersTheTitleEscapedAndStoresTheRenderedText() {
    int id = ticket(2);
    org.tqd.tdx.model.Ticket read = h.ticket(id);
    org.tqd.tdx.model.Ticket t =
        new org.tqd.tdx.model.Ticket(
            read.id(),
            read.appId(),
            "Laptop <b>broken</b> & \"dead\"",
            read.description(),
            read.typeId(),
            read.formId(),
            read.statusId(),
            read.statusName(),
            read.statusClass(),
            read.requestorUid(),
            "Ada Lovelace",
            read.requestorEmail(),
            read.responsibleUid(),
            read.responsibleGroupId(),
            read.createdDate(),
            read.modifiedDate(),
            read.otherFields());
    ActionSpec spec =
        ActionSpecs.create(
            "comment",
            Map.of(
                "comment_text",
                "<p>Hello {{ticket.RequestorName}}, about {{ticket.Title}} (#{{ticket.ID}})</p>",
                "is_rich_html",
                true));
    org.tqd.workflows.activities.RunContext context =
        org.tqd.workflows.activities.RunContext.empty();

    ActionResult r = h.actions.comment(h.request(t, spec, List.of(), context, false));

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    TicketState state = sandbox.state(id);
    assertThat(state.feed().get(state.feed().size() - 1).body())
        .startsWith(
            "<p>Hello Ada Lovelace, about Laptop &lt;b&gt;broken&lt;/b&gt; &amp;"
                + " &quot;dead&quot; (#"
                + id
                + ")</p>");
    assertThat(h.ledger.history(id).toString()).contains("Laptop &lt;b&gt;broken");
  }

  @Test
  void changeStatusChangesOnlyFromTheGuardedStatuses() {
    int id = ticket(3);
    int current = h.ticket(id).statusId();
    int other = current == 121 ? 117 : 121;
    ActionSpec guarded =
        ActionSpecs.create(
            "change_status", Map.of("new_status_id", other, "from_status_ids", List.of(9999)));
    assertThat(guarded.actionId())
        .isNotEqualTo(
            ActionSpecs.create("change_status", Map.of("new_status_id", other)).actionId());

    ActionResult r = h.actions.changeStatus(h.request(id, guarded));

    assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(r.details()).containsEntry("guarded", true);
    assertThat(sandbox.state(id).statusId()).isEqualTo(current);

    ActionSpec allowed =
        ActionSpecs.create(
            "change_status", Map.of("new_status_id", other, "from_status_ids", List.of(current)));
    assertThat(h.actions.changeStatus(h.request(id, allowed)).outcome())
        .isEqualTo(Outcome.COMPLETED);
    assertThat(sandbox.state(id).statusId()).isEqualTo(other);
  }

  @Test
  void changeStatusIsSkippedWithoutACallWhenTheStatusIsAlreadySet() {
    int id = ticket(1);
    ActionSpec toOpen = ActionSpecs.create("change_status", Map.of("new_status_id", 121));
    ActionResult changed = h.actions.changeStatus(h.request(id, toOpen));
    assertThat(changed.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(sandbox.state(id).statusId()).isEqualTo(121);

    ActionSpec again =
        ActionSpecs.create("change_status", Map.of("new_status_id", 121, "cascade", true));
    var request = h.request(id, again);
    sandbox.resetCalls();
    ActionResult skipped = h.actions.changeStatus(request);

    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(h.calls()).isEmpty();
    assertThat(h.ledger.loadStates(id, List.of(again.actionId())).get(again.actionId()).status())
        .isEqualTo(ActionStatus.SKIPPED);
  }

  @Test
  void assignSetsTheResponsiblePersonAndSkipsWhenAlreadySet() {
    int id = ticket(2);
    String uid = sandbox.apiUserUid().toString();
    ActionSpec spec = ActionSpecs.create("assign", Map.of("responsible_uid", uid));

    ActionResult r = h.actions.assign(h.request(id, spec));

    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(sandbox.state(id).responsibleUid().toString()).isEqualTo(uid);
    ActionSpec notify =
        ActionSpecs.create(
            "assign", Map.of("responsible_uid", uid, "notify_new_responsible", true));
    assertThat(h.actions.assign(h.request(id, notify)).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void aSpecWhoseIdDoesNotMatchItsParametersIsRefused() {
    ActionSpec real = ActionSpecs.create("comment", Map.of("comment_text", "Hello World"));
    ActionSpec forged =
        new ActionSpec(
            real.type(),
            real.version(),
            "comment:000000000000:v1",
            real.actionHash(),
            real.params(),
            false,
            null);
    int id = ticket(3);
    int before = sandbox.state(id).feed().size();

    ApplicationFailure f =
        catchThrowableOfType(
            ApplicationFailure.class, () -> h.actions.comment(h.request(id, forged)));

    assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_ACTION);
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(sandbox.state(id).feed()).hasSize(before);
  }

  @Test
  void aMissingTicketIsANonRetryableNotFound() {
    ApplicationFailure f =
        catchThrowableOfType(ApplicationFailure.class, () -> h.tickets.fetchTicket(999_999));
    assertThat(f.getType()).isEqualTo(FailureTypes.NOT_FOUND);
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("Ticket 999999 not found");
  }
}
