package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.tdx.TdxApi;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.undo.UndoActivities;
import org.tqd.workflows.undo.UndoRequest;
import org.tqd.workflows.undo.UndoResult;

/**
 * The undo activities against the sandbox and PostgreSQL: inverses recorded by the actions, applied
 * once even when an attempt dies right after a TDX write (the retry finds the write in TDX), a
 * value a person changed is left as a conflict, and rows without an inverse say so. The "crash" is
 * a TDX client that throws after a write went through: the only stand-in here, for a process that
 * dies between the write and the ledger update.
 */
class UndoActivitiesTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox =
        TdxSandbox.builder().tickets(30).seed(17).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** A TDX client that, once armed, throws right after the next feed post went through. */
  private static TdxApi dyingAfterNextPost(AtomicBoolean armed) {
    return (TdxApi)
        Proxy.newProxyInstance(
            TdxApi.class.getClassLoader(),
            new Class<?>[] {TdxApi.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(h.client, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("postFeed") && armed.getAndSet(false)) {
                throw new IllegalStateException("worker died after the write");
              }
              return result;
            });
  }

  private int ticketNotIn(int status) {
    return sandbox.reportTickets().stream()
        .filter(id -> sandbox.state(id).statusId() != status)
        .filter(id -> ledgerEmpty(id))
        .findFirst()
        .orElseThrow();
  }

  private static boolean ledgerEmpty(int id) {
    return h.ledger.history(id).isEmpty();
  }

  private static long notes(int id, String text) {
    return sandbox.state(id).feed().stream()
        .filter(f -> f.body() != null && f.body().contains(text))
        .count();
  }

  @Test
  void aStatusChangeIsSetBackOnceWhenTheFirstAttemptDiesAfterTheWrite() {
    int id = ticketNotIn(622);
    int before = sandbox.state(id).statusId();
    ActionSpec spec = ActionSpecs.create("change_status", Map.of("new_status_id", 622));
    ActionResult done = h.actions.changeStatus(h.request(id, spec));
    assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
    ActionState row = h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId());
    assertThat(row.metadata().get("inverse"))
        .isEqualTo(
            List.of(Map.of("op", "set_status", "status_id", before, "expect_status_id", 622)));

    AtomicBoolean armed = new AtomicBoolean(true);
    UndoActivities dying =
        new UndoActivitiesImpl(dyingAfterNextPost(armed), h.ledger, Clock.systemUTC());
    UndoRequest request = new UndoRequest(id, null, 1, "desk-admin", "misfire");
    assertThatThrownBy(() -> dying.undoAction(request, spec.actionId(), "tqd-undo:test:1"))
        .hasMessageContaining("died");
    assertThat(sandbox.state(id).statusId()).isEqualTo(before);
    assertThat(h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId()).status())
        .isEqualTo(ActionStatus.COMPLETED);

    UndoActivities undo = new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC());
    UndoResult.Step step = undo.undoAction(request, spec.actionId(), "tqd-undo:test:1");
    assertThat(step.outcome()).isEqualTo(UndoResult.ROLLED_BACK);
    assertThat(step.effects().get(0).get("outcome")).isEqualTo("already");
    assertThat(notes(id, "Status restored by an operator")).isEqualTo(1);
    assertThat(h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId()).status())
        .isEqualTo(ActionStatus.ROLLED_BACK);

    // Undone is final for the automation: a new claim finds it done.
    assertThat(h.actions.changeStatus(h.request(id, spec)).outcome())
        .isEqualTo(Outcome.ALREADY_DONE);
    assertThat(undo.undoAction(request, spec.actionId(), "tqd-undo:test:2").outcome())
        .isEqualTo(UndoResult.ALREADY_ROLLED_BACK);
  }

  @Test
  void aCommentIsWithdrawnByOneNoteEvenWhenTheFirstAttemptDiesAfterPostingIt() {
    int id = ticketNotIn(-1);
    ActionSpec spec =
        ActionSpecs.create("comment", Map.of("comment_text", "Your laptop is ready."));
    ActionResult done = h.actions.comment(h.request(id, spec));
    String reference = (String) done.details().get("reference");

    AtomicBoolean armed = new AtomicBoolean(true);
    UndoRequest request = new UndoRequest(id, spec.actionId(), 2, "desk-admin", "wrong ticket");
    assertThatThrownBy(
            () ->
                new UndoActivitiesImpl(dyingAfterNextPost(armed), h.ledger, Clock.systemUTC())
                    .undoAction(request, spec.actionId(), "tqd-undo:test:3"))
        .hasMessageContaining("died");
    UndoResult.Step step =
        new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC())
            .undoAction(request, spec.actionId(), "tqd-undo:test:3");
    assertThat(step.outcome()).isEqualTo(UndoResult.ROLLED_BACK);
    String named = reference.replace("[", "").replace("]", "");
    assertThat(notes(id, "the automated comment " + named + " is withdrawn")).isEqualTo(1);
    assertThat(notes(id, "(wrong ticket)")).isEqualTo(1);
  }

  @Test
  void anAssignmentIsLeftWhenAPersonChangedItAndTheRowStaysCompleted() {
    int id = ticketNotIn(-1);
    TicketState before = sandbox.state(id);
    int group = before.responsibleGroupId() == 1103 ? 1102 : 1103;
    ActionSpec spec = ActionSpecs.create("assign", Map.of("responsible_group_id", group));
    assertThat(h.actions.assign(h.request(id, spec)).outcome()).isEqualTo(Outcome.COMPLETED);
    // a person reassigns the ticket after tqd
    int person =
        java.util.stream.IntStream.of(1101, 1102, 1103, 1104)
            .filter(g -> g != group && g != before.responsibleGroupId())
            .findFirst()
            .orElseThrow();
    h.client.updateResponsibility(id, person, null, false);

    UndoResult.Step step =
        new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC())
            .undoAction(new UndoRequest(id, null, 3, "a", "r"), spec.actionId(), "tqd-undo:t:4");
    assertThat(step.outcome()).isEqualTo(UndoResult.CONFLICT);
    assertThat(sandbox.state(id).responsibleGroupId()).isEqualTo(person);
    ActionState row = h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId());
    assertThat(row.status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(row.metadata().get("undo").toString()).contains("conflict");
  }

  @Test
  void aRowWithoutAnInverseSaysSo() {
    int id = ticketNotIn(-1);
    ActionSpec spec = ActionSpecs.create("comment", Map.of("comment_text", "Old daemon text."));
    h.ledger.claim(id, spec.actionId(), "comment", spec.actionHash(), null);
    h.ledger.complete(id, spec.actionId(), ActionStatus.COMPLETED, null, Map.of("message", "old"));
    UndoActivities undo = new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC());
    List<UndoActivities.Target> targets = undo.targets(id, null);
    assertThat(targets).singleElement().satisfies(t -> assertThat(t.hasInverse()).isFalse());
    UndoResult.Step step =
        undo.undoAction(new UndoRequest(id, null, 4, "a", "r"), spec.actionId(), "tqd-undo:t:5");
    assertThat(step.outcome()).isEqualTo(UndoResult.NO_INVERSE);
    assertThat(step.message()).isEqualTo("no inverse recorded");
  }

  @Test
  void aRolledBackRowIsRedoneAsANewGenerationWithAFreshCommentReference() {
    int id = ticketNotIn(-1);
    ActionSpec spec = ActionSpecs.create("comment", Map.of("comment_text", "We will call you."));
    String first = (String) h.actions.comment(h.request(id, spec)).details().get("reference");
    new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC())
        .undoAction(new UndoRequest(id, null, 5, "a", "r"), spec.actionId(), "tqd-undo:t:6");
    assertThat(h.ledger.redoRolledBack(id)).isEqualTo(1);
    ActionResult again = h.actions.comment(h.request(id, spec));
    assertThat(again.outcome()).isEqualTo(Outcome.COMPLETED);
    String second = (String) again.details().get("reference");
    assertThat(second).isNotEqualTo(first);
    assertThat(notes(id, "We will call you.")).isEqualTo(2);
    ActionState row = h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId());
    assertThat(row.metadata().get("generation")).isEqualTo(2);
    assertThat(row.metadata().get("inverse").toString()).contains(second);
  }

  @Test
  void aSectionOfTheSummaryIsWithdrawnNamingTheSummary() {
    ActionSpec find = Harness.findActive();
    ActionSpec summary = Harness.summary();
    org.tqd.tdx.model.Ticket ticket = null;
    ActionResult found = null;
    for (int id : sandbox.reportTickets()) {
      if (!ledgerEmpty(id)) {
        continue;
      }
      org.tqd.tdx.model.Ticket t = h.ticket(id);
      ActionResult r =
          h.actions.findActiveTickets(
              h.request(
                  t, find, List.of(), org.tqd.workflows.activities.RunContext.empty(), false));
      if (r.summary() != null) {
        ticket = t;
        found = r;
        break;
      }
    }
    assertThat(found).as("a ticket with related active tickets").isNotNull();
    ActionResult posted =
        h.actions.summaryComment(
            h.request(
                ticket,
                summary,
                List.of(find.actionId()),
                org.tqd.workflows.activities.RunContext.empty().with(found),
                false));
    assertThat(posted.outcome()).isEqualTo(Outcome.COMPLETED);
    String reference = (String) posted.details().get("reference");
    String named = reference.replace("[", "").replace("]", "");

    UndoActivities undo = new UndoActivitiesImpl(h.client, h.ledger, Clock.systemUTC());
    List<UndoActivities.Target> targets = undo.targets(ticket.id(), null);
    assertThat(targets)
        .extracting(UndoActivities.Target::actionId)
        .containsExactly(summary.actionId(), find.actionId());
    UndoRequest request = new UndoRequest(ticket.id(), null, 6, "desk-admin", "misfire");
    for (UndoActivities.Target t : targets) {
      assertThat(undo.undoAction(request, t.actionId(), "tqd-undo:t:7").outcome())
          .isEqualTo(UndoResult.ROLLED_BACK);
    }
    assertThat(notes(ticket.id(), "Withdrawn: the automated comment " + named)).isEqualTo(1);
    assertThat(
            notes(
                ticket.id(),
                "the find_active_tickets part of the automated comment " + named + " is withdrawn"))
        .isEqualTo(1);
  }
}
