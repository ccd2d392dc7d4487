package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionState;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.rules.TicketFacts;

/**
 * {@code update_fields} against the sandbox over HTTP, with a real PostgreSQL ledger, through
 * Temporal's TestActivityEnvironment: values set by one PATCH, before and after values and the
 * inverse in the ledger row, nothing written twice (a second run, an unchanged ticket, a crash
 * after the PATCH whose answer was lost).
 */
class UpdateFieldsActionTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;
  TestActivityEnvironment env;
  ActionActivities activities;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(30).seed(5).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void environment() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(h.actions);
    activities =
        env.newActivityStub(
            ActionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void cleanUp() {
    env.close();
    sandbox.faults().reset();
  }

  private static ActionSpec update(Map<String, Object> fields, Map<String, Object> attributes) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (fields != null) {
      params.put("fields", fields);
    }
    if (attributes != null) {
      params.put("attributes", attributes);
    }
    return ActionSpecs.create("update_fields", params);
  }

  private ActionState row(int ticketId, ActionSpec spec) {
    return h.ledger.loadStates(ticketId, List.of(spec.actionId())).get(spec.actionId());
  }

  private int ticketWithPriorityOtherThan(int priority) {
    for (int id : sandbox.reportTickets()) {
      Ticket t = h.ticket(id);
      if (t.otherFields().get("PriorityID") instanceof Number n && n.intValue() != priority) {
        return id;
      }
    }
    throw new AssertionError("no ticket with another priority");
  }

  @Test
  void setsFieldsAndAttributesOnceAndRecordsBeforeAfterAndInverse() {
    int id = ticketWithPriorityOtherThan(4403);
    Ticket before = h.ticket(id);
    Object priorityBefore = TicketFacts.fieldOf(before, "PriorityID");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("Building", "B-{{ticket.ID}}");
    attributes.put("5002", "101");
    ActionSpec spec =
        update(Map.of("PriorityID", 4403, "Title", "[VIP] {{ticket.Title}}"), attributes);
    sandbox.resetCalls();

    ActionResult result = activities.updateFields(h.request(id, spec));

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(h.calls()).containsEntry("PATCH tickets/{id}", 1L);
    Ticket after = h.ticket(id);
    assertThat(TicketFacts.fieldOf(after, "PriorityID")).isEqualTo(4403);
    assertThat(after.title()).isEqualTo("[VIP] " + before.title());
    assertThat(TicketFacts.attributeOf(after, "Building").get("Value")).isEqualTo("B-" + id);
    assertThat(TicketFacts.attributeOf(after, "5002").get("Value")).isEqualTo("101");

    ActionState state = row(id, spec);
    assertThat(state.status()).isEqualTo(ActionStatus.COMPLETED);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> inverse = (List<Map<String, Object>>) state.metadata().get("inverse");
    assertThat(inverse).hasSize(1);
    assertThat(inverse.get(0)).containsEntry("op", "set_fields");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) inverse.get(0).get("fields");
    @SuppressWarnings("unchecked")
    Map<String, Object> expect = (Map<String, Object>) inverse.get(0).get("expect");
    assertThat(fields).containsEntry("PriorityID", priorityBefore);
    assertThat(fields).containsEntry("Title", before.title());
    assertThat(expect).containsEntry("PriorityID", 4403);
    assertThat(expect).containsEntry("Title", "[VIP] " + before.title());
    assertThat(expect).containsEntry("attribute:5001", "B-" + id);
    assertThat(expect).containsEntry("attribute:5002", "101");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) state.metadata().get("details");
    assertThat(details).containsKeys("before", "after");

    // A second poll: the ledger has it done; nothing is read or written.
    sandbox.resetCalls();
    ActionResult again = activities.updateFields(h.request(id, spec));
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(h.calls()).doesNotContainKey("PATCH tickets/{id}");
  }

  @Test
  void aTicketThatAlreadyHasTheValuesIsSkippedWithoutAPatch() {
    int id = ticketWithPriorityOtherThan(-1);
    Object priority = TicketFacts.fieldOf(h.ticket(id), "PriorityID");
    ActionSpec spec = update(Map.of("PriorityID", priority), null);
    sandbox.resetCalls();

    ActionResult result = activities.updateFields(h.request(id, spec));

    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(h.calls()).doesNotContainKey("PATCH tickets/{id}");
    assertThat(row(id, spec).status()).isEqualTo(ActionStatus.SKIPPED);
    assertThat(row(id, spec).metadata()).doesNotContainKey("inverse");
  }

  @Test
  void aPatchWhoseAnswerWasLostIsNotSentAgain() {
    int id = ticketWithPriorityOtherThan(4401);
    ActionSpec spec = update(Map.of("PriorityID", 4401), null);
    sandbox.faults().serverErrorAfterWriteShare(1.0).templates(Set.of("PATCH tickets/{id}"));

    ActivityFailure crash =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities.updateFields(h.request(id, spec)));
    assertThat(((ApplicationFailure) crash.getCause()).getType())
        .isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(TicketFacts.fieldOf(h.ticket(id), "PriorityID")).isEqualTo(4401);
    assertThat(row(id, spec).status()).isEqualTo(ActionStatus.IN_PROGRESS);

    sandbox.faults().reset();
    var request = h.request(id, spec);
    sandbox.resetCalls();
    ActionResult retry = activities.updateFields(request);

    assertThat(retry.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(h.calls()).doesNotContainKey("PATCH tickets/{id}");
    assertThat(h.calls()).containsEntry("GET tickets/{id}", 1L);
    assertThat(row(id, spec).status()).isEqualTo(ActionStatus.COMPLETED);
    assertThat(row(id, spec).metadata()).containsKey("inverse");
  }

  @Test
  void dryRunShowsEachFieldBeforeAndAfterAndWritesNothing() {
    int id = ticketWithPriorityOtherThan(4402);
    Object priority = TicketFacts.fieldOf(h.ticket(id), "PriorityID");
    ActionSpec spec = update(Map.of("PriorityID", 4402), Map.of("Room Number", "R-{{ticket.ID}}"));
    sandbox.resetCalls();

    ActionResult planned = activities.updateFields(h.dryRequest(id, spec));

    assertThat(planned.outcome()).isEqualTo(Outcome.PLANNED);
    assertThat(planned.plannedWrites())
        .contains("PATCH tickets/" + id + " PriorityID: " + priority + " → 4402")
        .anySatisfy(w -> assertThat(w).contains("(Room Number)").endsWith("→ \"R-" + id + "\""));
    assertThat(h.calls()).doesNotContainKey("PATCH tickets/{id}");
    assertThat(row(id, spec)).isNull();
  }
}
