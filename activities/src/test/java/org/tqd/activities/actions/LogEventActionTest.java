package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/** {@code log_event}: one JSON line at the chosen level, once per ticket (ledger). */
class LogEventActionTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;
  static ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(5).seed(8).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
    Logger logger = (Logger) LoggerFactory.getLogger(LogEventAction.LOGGER);
    events.start();
    logger.addAppender(events);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(LogEventAction.LOGGER)).detachAppender(events);
    sandbox.close();
  }

  @Test
  void writesOneJsonLineAtTheChosenLevelOncePerTicket() throws Exception {
    int id = sandbox.reportTickets().get(0);
    Ticket t = h.ticket(id);
    ActionSpec spec =
        ActionSpecs.create(
            "log_event",
            Map.of(
                "message", "Ticket {{ticket.ID}}: \"{{ticket.Title}}\"",
                "level", "ERROR",
                "fields", Map.of("queue", "laptops", "requestor", "{{ticket.RequestorName}}")));
    events.list.clear();

    ActionResult planned = h.actions.logEvent(h.dryRequest(id, spec));
    assertThat(planned.outcome()).isEqualTo(Outcome.PLANNED);
    assertThat(planned.plannedWrites()).singleElement().asString().startsWith("log ERROR {");
    assertThat(events.list).isEmpty();

    ActionResult done = h.actions.logEvent(h.request(id, spec));

    assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events.list).hasSize(1);
    ILoggingEvent event = events.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
    JsonNode line = new ObjectMapper().readTree(event.getFormattedMessage());
    assertThat(line.get("event").asText()).isEqualTo("log_event");
    assertThat(line.get("pipeline").asText()).isEqualTo("testpipeline");
    assertThat(line.get("action").asText()).isEqualTo(spec.actionId());
    assertThat(line.get("ticket").asInt()).isEqualTo(id);
    assertThat(line.get("status").asText()).isEqualTo(t.statusName());
    assertThat(line.get("message").asText()).isEqualTo("Ticket " + id + ": \"" + t.title() + "\"");
    assertThat(line.get("queue").asText()).isEqualTo("laptops");
    assertThat(line.get("requestor").asText()).isEqualTo(t.requestorName());
    assertThat(h.ledger.loadStates(id, List.of(spec.actionId())).get(spec.actionId()).status())
        .isEqualTo(ActionStatus.COMPLETED);

    assertThat(h.actions.logEvent(h.request(id, spec)).outcome()).isEqualTo(Outcome.ALREADY_DONE);
    assertThat(events.list).hasSize(1);
  }
}
