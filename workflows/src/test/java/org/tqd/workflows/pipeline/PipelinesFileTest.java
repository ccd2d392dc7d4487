package org.tqd.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.Pipeline;

/** {@code pipelines:} files, {@code enabled: false} and {@code max_writes_per_ticket_per_day}. */
class PipelinesFileTest {

  static final String FILE = "pipelines.yaml";

  static PipelineFile parse(String yaml) throws PipelineConfigException {
    return PipelineLoader.parseFile(yaml, FILE);
  }

  static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (PipelineConfigException e) {
      return e.problems().stream().map(PipelineProblem::toString).toList();
    }
    throw new AssertionError("expected problems in:\n" + yaml);
  }

  static final String TWO =
      """
      pipelines:
        - name: laptops
          report_id: 1344
          interval: 5m
          max_writes_per_ticket_per_day: 5
          actions:
            - type: comment
              params: {comment_text: "Hello"}
            - type: summary_comment
        - name: printers
          report_id: 1400
          enabled: false
          actions:
            - type: comment
              params: {comment_text: "Hello"}
      """;

  @Test
  void readsEveryPipelineWithItsReportIntervalAndBudget() throws Exception {
    PipelineFile file = parse(TWO);
    assertThat(file.multi()).isTrue();
    assertThat(file.pipelines())
        .extracting(PipelineDefinition::name)
        .containsExactly("laptops", "printers");
    PipelineDefinition laptops = file.named("laptops").orElseThrow();
    assertThat(laptops.reportId()).isEqualTo(1344);
    assertThat(laptops.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(laptops.pipeline().maxWritesPerTicketPerDay()).isEqualTo(5);
    assertThat(laptops.enabled()).isTrue();
    PipelineDefinition printers = file.named("printers").orElseThrow();
    assertThat(printers.enabled()).isFalse();
    assertThat(printers.interval()).isNull();
    assertThat(printers.pipeline().maxWritesPerTicketPerDay()).isEqualTo(20);
    assertThat(file.enabled()).containsExactly(laptops);
    assertThat(file.describe()).contains("Pipeline 'laptops'", "Interval: 300 s", "Disabled");
  }

  @Test
  void aNamedPipelineIdHashesTheNameWithTheActionIds() throws Exception {
    PipelineFile file = parse(TWO);
    Pipeline laptops = file.named("laptops").orElseThrow().pipeline();
    assertThat(laptops.pipelineId())
        .isEqualTo(
            Pipeline.idOf(
                List.of(
                    "pipeline:laptops", laptops.actionIds().get(0), laptops.actionIds().get(1))));
    assertThat(laptops.pipelineId()).isNotEqualTo(Pipeline.idOf(laptops.actionIds()));
    // the same action in two pipelines has the same action ID: the ledger runs it once per ticket
    assertThat(file.named("printers").orElseThrow().pipeline().actionIds().get(0))
        .isEqualTo(laptops.actionIds().get(0));
  }

  @Test
  void aFileOfOnePipelineKeepsItsIds() throws Exception {
    String yaml = "actions:\n  - type: comment\n    params: {comment_text: Hello}\n";
    PipelineDefinition def = PipelineLoader.parse(yaml, FILE);
    assertThat(def.name()).isNull();
    assertThat(def.pipeline().pipelineId()).isEqualTo(Pipeline.idOf(def.pipeline().actionIds()));
    assertThat(def.pipeline().maxWritesPerTicketPerDay()).isEqualTo(20);
    assertThat(parse(yaml).multi()).isFalse();
  }

  @Test
  void aDisabledActionIsLeftOutWithoutChangingTheOthersIds() throws Exception {
    String on =
        """
        actions:
          - type: comment
            params: {comment_text: One}
          - type: comment
            params: {comment_text: Two}
          - type: summary_comment
        """;
    String off =
        """
        actions:
          - type: comment
            params: {comment_text: One}
          - type: comment
            enabled: false
            params: {comment_text: Two}
          - type: summary_comment
        """;
    PipelineDefinition all = PipelineLoader.parse(on, FILE);
    PipelineDefinition less = PipelineLoader.parse(off, FILE);
    List<String> ids = all.pipeline().actionIds();
    assertThat(less.pipeline().actionIds()).containsExactly(ids.get(0), ids.get(2));
    assertThat(less.disabledActions())
        .singleElement()
        .satisfies(a -> assertThat(a.actionId()).isEqualTo(ids.get(1)));
    assertThat(less.pipeline().pipelineId())
        .isEqualTo(Pipeline.idOf(List.of(ids.get(0), ids.get(2))));
    assertThat(less.describe()).contains("Disabled actions", ids.get(1));
  }

  @Test
  void aDisabledActionIsStillValidated() {
    assertThat(
            problems(
                """
                actions:
                  - type: comment
                    enabled: false
                    params: {comment_txt: One}
                  - type: summary_comment
                """))
        .first()
        .asString()
        .startsWith("pipelines.yaml:4: actions[0].params.comment_txt: unknown parameter");
  }

  @Test
  void reportsEveryProblemOfAPipelinesFileWithItsLine() {
    assertThat(
            problems(
                """
                report_id: 5
                pipelines:
                  - name: laptops
                    report_id: 0
                    interval: soon
                    actions:
                      - type: comment
                        params: {comment_text: Hi}
                  - name: laptops
                    report_id: 7
                    enabeld: false
                    actions:
                      - type: comment
                        enabled: maybe
                        params: {comment_text: Hi}
                  - report_id: 8
                    actions: []
                """))
        .containsExactly(
            "pipelines.yaml:1: report_id: a file with pipelines: has nothing else at the top;"
                + " move report_id into each pipeline of the list",
            "pipelines.yaml:4: pipelines[0].report_id: must be at least 1, got 0",
            "pipelines.yaml:5: pipelines[0].interval: expected a duration such as 30m, 4h, 3d or"
                + " 1d12h (d days, h hours, m minutes, s seconds), got \"soon\"",
            "pipelines.yaml:9: pipelines[1].name: duplicate of pipelines[0].name: every pipeline"
                + " needs its own name",
            "pipelines.yaml:11: pipelines[1].enabeld: unknown key of a pipeline; did you mean"
                + " \"enabled\"?; a pipeline has name, report_id, interval, enabled,"
                + " max_runs_before_park, max_writes_per_ticket_per_day, business_hours, actions",
            "pipelines.yaml:14: pipelines[1].actions[0].enabled: expected a boolean (true or"
                + " false), got \"maybe\"",
            "pipelines.yaml:16: pipelines[2].name: required parameter is missing (a string)",
            "pipelines.yaml:17: pipelines[2].actions: the list is empty: give at least one"
                + " action");
  }

  @Test
  void refusesABadNameAndAZeroBudget() {
    assertThat(
            problems(
                """
                pipelines:
                  - name: "two words"
                    report_id: 3
                    max_writes_per_ticket_per_day: 0
                    actions:
                      - type: summary_comment
                """))
        .containsExactly(
            "pipelines.yaml:2: pipelines[0].name: expected a name of letters, digits, '.', '_'"
                + " and '-' (starting with a letter or digit, at most 64 characters), got \"two"
                + " words\"",
            "pipelines.yaml:4: pipelines[0].max_writes_per_ticket_per_day: must be at least 1,"
                + " got 0");
  }

  @Test
  void everyActionDisabledIsAProblemAndEnabledAtTheTopOfOnePipelineToo() {
    assertThat(
            problems(
                """
                enabled: false
                actions:
                  - type: summary_comment
                    enabled: false
                """))
        .containsExactly(
            "pipelines.yaml:1: enabled: a file of one pipeline cannot be disabled: put enabled:"
                + " false on its actions, list it under pipelines:, or stop it with tqd pause",
            "pipelines.yaml:2: actions: every action is disabled (enabled: false): enable one");
  }

  @Test
  void commandsOfOnePipelineRefuseAPipelinesFile() {
    assertThatThrownBy(() -> PipelineLoader.parse(TWO, FILE))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining("holds a pipelines: list of 2 pipelines");
  }

  @Test
  void theCommentedPipelinesExampleParses() throws Exception {
    String example;
    try (var in = getClass().getResourceAsStream("/pipeline.example.yaml")) {
      example = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String block = example.substring(example.indexOf("# pipelines:"));
    String yaml =
        block
            .lines()
            .map(l -> l.startsWith("# ") ? l.substring(2) : l.replaceFirst("^#$", ""))
            .collect(java.util.stream.Collectors.joining("\n"));
    PipelineFile file = parse(yaml);
    assertThat(file.pipelines())
        .extracting(PipelineDefinition::name)
        .containsExactly("laptops", "printers");
    assertThat(file.named("printers").orElseThrow().interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(
            PipelineLoader.parse(example, "pipeline.example.yaml")
                .pipeline()
                .maxWritesPerTicketPerDay())
        .isEqualTo(20);
  }
}
