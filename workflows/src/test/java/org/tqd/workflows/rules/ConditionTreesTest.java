package org.tqd.workflows.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineLoader;
import org.tqd.workflows.pipeline.PipelineProblem;

class ConditionTreesTest {

  private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z"); // a Wednesday

  private static Ticket ticket(
      String title, int status, String created, Map<String, Object> other) {
    return new Ticket(
        7,
        46,
        title,
        "<p>Laptop <b>LT-1</b> is &amp; broken</p>",
        10,
        2448,
        status,
        "Open",
        1,
        "11111111-1111-1111-1111-111111111111",
        "Ada",
        "ada@example.edu",
        null,
        0,
        created,
        created,
        other);
  }

  private static ActionCondition when(String yaml) throws PipelineConfigException {
    return load(yaml).pipeline().actions().get(0).when();
  }

  private static PipelineDefinition load(String when) throws PipelineConfigException {
    return PipelineLoader.parse(
        """
        business_hours: {time_zone: UTC, days: [mon, tue, wed, thu, fri], opens: "09:00", closes: "17:00", holidays: [2026-03-03]}
        actions:
          - type: change_status
            params: { new_status_id: 117 }
            when:
        """
            + when.indent(6),
        "pipeline.yaml");
  }

  private static List<String> problems(String when) {
    PipelineConfigException e = assertThrows(PipelineConfigException.class, () -> load(when));
    return e.problems().stream().map(PipelineProblem::toString).toList();
  }

  private static Truth eval(ActionCondition c, Ticket t, Map<String, Object> row) {
    return c.evaluate(TicketFacts.of(t, row, NOW));
  }

  @Test
  void nestedTreesOverFieldsAttributesColumnsAndAges() throws Exception {
    ActionCondition c =
        when(
            """
            all:
              - any:
                  - field: PriorityID
                    in: [20, 21]
                  - field: IsOnHold
                    equals: true
              - not: { field: Title, matches: "(?i)printer" }
              - attribute: Department
                equals: Physics
              - column: Queue
                equals: Desktop
              - age: { since: CreatedDate, more_than: 4h }
              - field: Description
                matches: "LT-1 is & broken"
            """);
    Map<String, Object> attrs =
        Map.of(
            "PriorityID",
            20,
            "Attributes",
            List.of(
                Map.of("ID", 5001, "Name", "Department", "Value", "3", "ChoicesText", "Physics")));
    Ticket laptop = ticket("Laptop dead", 115, "2026-03-04T09:00:00Z", attrs);
    Map<String, Object> row = Map.of("Queue", "Desktop");

    assertThat(eval(c, laptop, row)).isEqualTo(Truth.TRUE);
    assertThat(eval(c, ticket("Printer jam", 115, "2026-03-04T09:00:00Z", attrs), row))
        .isEqualTo(Truth.FALSE);
    assertThat(eval(c, ticket("Laptop", 115, "2026-03-04T12:00:00Z", attrs), row))
        .as("3 hours old")
        .isEqualTo(Truth.FALSE);
    assertThat(eval(c, laptop, Map.of("Queue", "Servers"))).isEqualTo(Truth.FALSE);
    assertThat(eval(c, laptop, Map.of())).as("no column: not holding").isEqualTo(Truth.FALSE);
    // The attribute by ID and by its raw choice value
    assertThat(
            eval(ActionCondition.of(Condition.attribute("5001", "in", List.of("3"))), laptop, row))
        .isEqualTo(Truth.TRUE);
  }

  @Test
  void shorthandsStayAndCombineWithATree() throws Exception {
    ActionCondition c =
        when(
            """
            status_ids: [115]
            title_matches: "(?i)laptop"
            field: PriorityID
            less_than: 25
            """);
    assertThat(c.statusIds()).containsExactly(115);
    assertThat(c.describe())
        .isEqualTo(
            "status in [115] and title matches /(?i)laptop/ and (field PriorityID less_than 25)");
    Ticket t = ticket("laptop", 115, "2026-03-04T09:00:00Z", Map.of("PriorityID", 20));
    assertThat(eval(c, t, Map.of())).isEqualTo(Truth.TRUE);
    assertThat(eval(c, ticket("laptop", 117, "x", Map.of("PriorityID", 20)), Map.of()))
        .isEqualTo(Truth.FALSE);
  }

  @Test
  void ageInBusinessHoursSkipsNightsWeekendsAndHolidays() throws Exception {
    ActionCondition c = when("age: { since: CreatedDate, more_than: 4h, business_hours: true }");
    // Created Monday 16:00; Tuesday is a holiday; by Wednesday 15:00 that is 1 h + 6 h = 7 h.
    assertThat(eval(c, ticket("x", 1, "2026-03-02T16:00:00Z", Map.of()), Map.of()))
        .isEqualTo(Truth.TRUE);
    // Created Wednesday 12:00: 3 business hours by 15:00.
    assertThat(eval(c, ticket("x", 1, "2026-03-04T12:00:00Z", Map.of()), Map.of()))
        .isEqualTo(Truth.FALSE);
    // Created Friday 16:30, evaluated the next Monday 10:00: 1.5 business hours.
    BusinessHours cal =
        new BusinessHours(
            "UTC", List.of("mon", "tue", "wed", "thu", "fri"), "09:00", "17:00", null);
    assertThat(
            cal.between(
                Instant.parse("2026-02-27T16:30:00Z"), Instant.parse("2026-03-02T10:00:00Z")))
        .hasMinutes(90);
  }

  @Test
  void unknownFactsMakeTheRowUndecidedButNeverWrong() {
    ActionCondition c =
        ActionCondition.of(
            Condition.any(
                List.of(
                    Condition.field("PriorityID", "equals", 20),
                    Condition.column("Queue", "equals", "Desktop"))));
    Facts rowWithoutPriority = new MapFacts(Map.of("Queue", "Servers"));
    Facts rowWithQueue = new MapFacts(Map.of("Queue", "Desktop"));
    assertThat(c.evaluate(rowWithoutPriority)).isEqualTo(Truth.UNKNOWN);
    assertThat(c.evaluate(rowWithQueue)).isEqualTo(Truth.TRUE);
    assertThat(
            ActionCondition.of(Condition.not(Condition.field("PriorityID", "equals", 2)))
                .evaluate(rowWithoutPriority))
        .isEqualTo(Truth.UNKNOWN);
  }

  @Test
  void badRulesAreRefusedWithFileLineAndField() {
    assertThat(
            problems(
                """
                all:
                  - field: Priority
                    equals: 3
                  - field: PriorityID
                    matches: "1"
                  - field: Title
                    matches: "(unclosed"
                  - age: { since: CreatedDate, more_than: 4 hours }
                  - field: CreatedDate
                    more_than: yesterday
                  - attribute: Dept
                  - field: IsOnHold
                    equals: "yes"
                  - age: { since: Title, less_than: 1d }
                  - colum: Queue
                """))
        .containsExactly(
            "pipeline.yaml:7: actions[0].when.all[0].field: unknown ticket field \"Priority\"; did"
                + " you mean \"PriorityID\"? (fields are spelled as the TDX API spells them, such"
                + " as StatusID, PriorityID, Title; a custom attribute is attribute:)",
            "pipeline.yaml:10: actions[0].when.all[1].matches: type mismatch: matches applies to"
                + " text on PriorityID (an integer); use equals or in",
            "pipeline.yaml:12: actions[0].when.all[2].matches: invalid regular expression:"
                + " Unclosed group near index 9 of \"(unclosed\"",
            "pipeline.yaml:13: actions[0].when.all[3].age.more_than: expected a duration such as"
                + " 30m, 4h, 3d or 1d12h (d days, h hours, m minutes, s seconds), got \"4 hours\"",
            "pipeline.yaml:15: actions[0].when.all[4].more_than: type mismatch: expected a date"
                + " such as 2026-01-31 or 2026-01-31T08:00:00Z, got \"yesterday\" (for the time"
                + " since a date, use age:)",
            "pipeline.yaml:16: actions[0].when.all[5].attribute: missing an operator: give one of"
                + " equals, in, matches, less_than, more_than, is_empty",
            "pipeline.yaml:18: actions[0].when.all[6].equals: type mismatch: expected a boolean,"
                + " got \"yes\" on IsOnHold (a boolean)",
            "pipeline.yaml:19: actions[0].when.all[7].age.since: type mismatch: Title is text, not"
                + " a date",
            "pipeline.yaml:20: actions[0].when.all[8].colum: unknown condition key; did you mean"
                + " \"column\"?; a condition has all, any, not, field, attribute, column, age,"
                + " status_ids, type_ids, form_ids, title_matches");
  }

  @Test
  void businessTimeNeedsACalendar() {
    PipelineConfigException e =
        assertThrows(
            PipelineConfigException.class,
            () ->
                PipelineLoader.parse(
                    """
                    actions:
                      - type: comment
                        params: { comment_text: hi }
                        when: { age: { since: ModifiedDate, more_than: 2h, business_hours: true } }
                    """,
                    "p.yaml"));
    assertThat(e.problems().get(0).toString())
        .startsWith(
            "p.yaml:4: actions[0].when.age.business_hours: the pipeline has no business_hours");
  }

  @Test
  void conditionsAreNotPartOfTheActionId() throws Exception {
    String plain = load("status_ids: [1]").pipeline().actions().get(0).actionId();
    String tree = load("field: PriorityID\nequals: 3").pipeline().actions().get(0).actionId();
    assertThat(tree).isEqualTo(plain).isEqualTo("change_status:0914bc851755:v1");
  }

  /** Facts of a report row only. */
  private record MapFacts(Map<String, Object> row) implements Facts {
    @Override
    public Object field(String name) {
      return row.containsKey(name) ? row.get(name) : UNKNOWN;
    }

    @Override
    public Object attribute(String idOrName) {
      return UNKNOWN;
    }

    @Override
    public Object attributeValue(String idOrName) {
      return UNKNOWN;
    }

    @Override
    public Object column(String name) {
      return new LinkedHashMap<>(row).get(name);
    }

    @Override
    public Object lastRequestorReply() {
      return UNKNOWN;
    }

    @Override
    public Instant now() {
      return NOW;
    }
  }
}
