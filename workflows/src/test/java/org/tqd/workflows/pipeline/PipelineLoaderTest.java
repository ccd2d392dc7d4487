package org.tqd.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.AssignConfig;
import org.tqd.workflows.action.ChangeStatusConfig;
import org.tqd.workflows.action.CommentConfig;

class PipelineLoaderTest {

  private static final String FILE = "pipeline.yaml";

  @Test
  void loadsTheExampleWithStableIds() throws Exception {
    PipelineDefinition def = PipelineLoader.parse(example(), "pipeline.example.yaml");

    // Expected IDs computed with CPython 3.11 from each action's hashed configuration;
    // pipeline ID = sha256("\n".join(ids)).hexdigest()[:12].
    assertThat(def.pipeline().actionIds())
        .containsExactly(
            "add_asset:a6ee89781f2f:v2",
            "find_active_tickets:e9b209460690:v1",
            "comment:ca3b3018253c:v1",
            "change_status:cd12a5987d62:v1",
            "assign:bc75a9ca5d57:v1",
            "summary_comment:3a46b2bb91de:v1");
    assertThat(def.pipeline().pipelineId()).isEqualTo("f39b1639a53d");
    assertThat(def.reportId()).isEqualTo(1344);
    assertThat(def.maxRunsBeforePark()).isEqualTo(3);
    assertThat(def.source()).isEqualTo("pipeline.example.yaml");

    ActionSpec comment = def.pipeline().actions().get(2);
    assertThat(comment.when())
        .isEqualTo(new ActionCondition(List.of(115, 117), null, null, "(?i)laptop"));
    assertThat(comment.stopOnFailure()).isFalse();
    assertThat(CommentConfig.from(comment.params()).isPrivate()).isTrue();
    assertThat(ChangeStatusConfig.from(def.pipeline().actions().get(3).params()).commentText())
        .isEqualTo("Moved to In Process by tqd.");
    assertThat(AssignConfig.from(def.pipeline().actions().get(4).params()).responsibleGroupId())
        .isEqualTo(1234);
    assertThat(def.pipeline().actions().get(4).when().titleMatches())
        .isEqualTo("(?i)\\bprinter\\b");
  }

  @Test
  void loadsAFileFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, example(), StandardCharsets.UTF_8);

    assertThat(PipelineLoader.load(file).pipeline().pipelineId()).isEqualTo("f39b1639a53d");
    assertThat(PipelineLoader.loadOrStandard(file).source()).isEqualTo(file.toString());
  }

  @Test
  void minimalFileTakesEveryDefault() throws Exception {
    PipelineDefinition def =
        PipelineLoader.parse(
            """
            actions:
              - type: add_asset
              - type: find_active_tickets
                params:
              - type: summary_comment
                params: {}
            """,
            FILE);

    assertThat(def.pipeline()).isEqualTo(StandardPipeline.get());
    assertThat(def.reportId()).isNull();
    assertThat(def.maxRunsBeforePark()).isEqualTo(3);
  }

  @Test
  void standardPipelineHasTheDaemonIds() throws Exception {
    assertThat(StandardPipeline.get().actionIds())
        .containsExactly(
            "add_asset:a6ee89781f2f:v2",
            "find_active_tickets:e9b209460690:v1",
            "summary_comment:3a46b2bb91de:v1");
    // hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]
    assertThat(StandardPipeline.get().pipelineId()).isEqualTo("674ae796b67d");
    PipelineDefinition def = PipelineLoader.loadOrStandard(null);
    assertThat(def).isEqualTo(StandardPipeline.definition());
    assertThat(def.reportId()).isNull();
    assertThat(def.withReportId(1344).reportId()).isEqualTo(1344);
    assertThat(def.source()).isEqualTo(StandardPipeline.SOURCE);
  }

  @Test
  void reportsAStringGivenForAnInteger() {
    assertThat(
            problems(
                """
                report_id: 1344
                actions:
                  - type: add_asset
                    params:
                      max_assets_to_add: ten
                """))
        .containsExactly(
            "pipeline.yaml:5: actions[0].params.max_assets_to_add: expected an integer, got \"ten\"");
  }

  @Test
  void reportsAnIntegerGivenForAList() {
    assertThat(
            problems(
                """
                actions:
                  - type: find_active_tickets
                    params: { active_status_ids: 115 }
                """))
        .containsExactly(
            "pipeline.yaml:3: actions[0].params.active_status_ids: expected a list of integers,"
                + " got 115 (write a single value as [115])");
  }

  @Test
  void pointsAtTheBadElementOfAList() {
    assertThat(
            problems(
                """
                actions:
                  - type: find_active_tickets
                    params:
                      active_status_ids:
                        - 115
                        - open
                """))
        .containsExactly(
            "pipeline.yaml:6: actions[0].params.active_status_ids[1]: expected an integer,"
                + " got \"open\"");
  }

  @Test
  void reportsAnUnknownTypeWithASuggestion() {
    assertThat(
            problems(
                """
                actions:
                  - type: add_asset
                  - type: sumary_comment
                """))
        .containsExactly(
            "pipeline.yaml:3: actions[1].type: unknown action type \"sumary_comment\"; did you"
                + " mean \"summary_comment\"?; known types: add_asset, assign, change_status,"
                + " comment, find_active_tickets, summary_comment");
  }

  @Test
  void rejectsAddLabSayingWhy() {
    List<String> problems =
        problems(
            """
            actions:
              - type: add_asset
              - type: add_lab
                version: v2
            """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("pipeline.yaml:3: actions[1].type: the Python daemon's add_lab action is not")
        .contains("lab database");
  }

  @Test
  void reportsAnUnknownParameterOnItsLine() {
    assertThat(
            problems(
                """
                actions:
                  - type: add_asset
                    params:
                      max_assets_to_add: 3
                      max_asset: 4
                """))
        .containsExactly(
            "pipeline.yaml:5: actions[0].params.max_asset: unknown parameter of add_asset; did you"
                + " mean \"max_assets_to_add\"?");
  }

  @Test
  void reportsAMissingRequiredParameter() {
    assertThat(
            problems(
                """
                actions:
                  - type: comment
                    params:
                      is_private: true
                  - type: change_status
                """))
        .containsExactly(
            "pipeline.yaml:4: actions[0].params.comment_text: required parameter is missing"
                + " (a string)",
            "pipeline.yaml:5: actions[1].params.new_status_id: required parameter is missing"
                + " (an integer)");
  }

  @Test
  void explainsParametersWrittenOutsideParams() {
    assertThat(
            problems(
                """
                actions:
                  - type: comment
                    comment_text: Hello
                """))
        .containsExactly(
            "pipeline.yaml:2: actions[0].params.comment_text: required parameter is missing"
                + " (a string)",
            "pipeline.yaml:3: actions[0].comment_text: parameters go under params"
                + " (params: {comment_text: ...})");
  }

  @Test
  void reportsAnInvalidRegularExpression() {
    List<String> problems =
        problems(
            """
            actions:
              - type: comment
                params: { comment_text: Hi }
                when:
                  status_ids: [115]
                  title_matches: "(?i)laptop("
            """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "pipeline.yaml:6: actions[0].when.title_matches: invalid regular expression: Unclosed"
                + " group");
  }

  @Test
  void reportsAnEmptyOrMissingActionList() {
    assertThat(problems("report_id: 1344\nactions: []\n"))
        .containsExactly("pipeline.yaml:2: actions: the list is empty: give at least one action");
    assertThat(problems("report_id: 1344\nactions:\n"))
        .containsExactly("pipeline.yaml:2: actions: expected a list of actions, got null");
    assertThat(problems("report_id: 1344\n"))
        .containsExactly(
            "pipeline.yaml:1: actions: missing: list the actions to run, e.g. actions:"
                + " [{type: add_asset}] (see pipeline.example.yaml)");
  }

  @Test
  void reportsADuplicateActionId() {
    assertThat(
            problems(
                """
                actions:
                  - type: comment
                    params: { comment_text: Hello World }
                  - type: add_asset
                  - type: comment
                    params: { comment_text: Hello World, notify: ["null"] }
                    when: { status_ids: [115] }
                """))
        .containsExactly(
            "pipeline.yaml:5: actions[2]: duplicate of actions[0] (both are"
                + " comment:054200481667:v1): the ledger records an action ID once per ticket, so"
                + " this one would never run; change a parameter or the version, or remove one");
  }

  @Test
  void reportsMalformedYamlWithTheParserLine() {
    List<String> problems =
        problems(
            """
            report_id: 1344
            actions:
              - type: add_asset
                params: { max_assets_to_add: 10
              - type: summary_comment
            """);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).matches("pipeline\\.yaml:5: malformed YAML: .+");
  }

  @Test
  void reportsDuplicateAndUnknownKeys() {
    assertThat(
            problems(
                """
                report_id: 1
                reportid: 2
                actions:
                  - type: add_asset
                    params: { max_assets_to_add: 1 }
                    params: { max_assets_to_add: 2 }
                    stop_on_fail: true
                """))
        .containsExactly(
            "pipeline.yaml:2: reportid: unknown key; did you mean \"report_id\"?; the file has"
                + " report_id, max_runs_before_park, max_writes_per_ticket_per_day,"
                + " business_hours, actions, pipelines",
            "pipeline.yaml:6: actions[0].params: duplicate key (it already appears above)",
            "pipeline.yaml:7: actions[0].stop_on_fail: unknown key of an action; did you mean"
                + " \"stop_on_failure\"?; an action has type, version, params, when,"
                + " stop_on_failure, enabled");
  }

  @Test
  void reportsEveryErrorTogether() {
    PipelineConfigException e =
        assertThrows(
            PipelineConfigException.class,
            () ->
                PipelineLoader.parse(
                    """
                    report_id: "1344"
                    max_runs_before_park: 0
                    actions:
                      - type: add_asset
                        version: 2
                        params:
                          max_assets_to_add: ten
                          has_database: yes
                      - type: find_active_tickets
                        params: { web_base_url: "tdx.example.edu" }
                      - summary_comment
                      - type: comment
                        params: { comment_text: "" }
                        when: { form_ids: [], owner: me }
                        stop_on_failure: "no"
                    """,
                    FILE));

    assertThat(e.problems())
        .extracting(PipelineProblem::toString)
        .containsExactly(
            "pipeline.yaml:1: report_id: expected an integer, got \"1344\"",
            "pipeline.yaml:2: max_runs_before_park: must be at least 1, got 0",
            "pipeline.yaml:5: actions[0].version: expected a version such as \"v1\" (letters,"
                + " digits, '.', '-', '_'; at most 32), got 2",
            "pipeline.yaml:7: actions[0].params.max_assets_to_add: expected an integer, got"
                + " \"ten\"",
            "pipeline.yaml:8: actions[0].params.has_database: expected a boolean (true or false),"
                + " got \"yes\"",
            "pipeline.yaml:10: actions[1].params.web_base_url: expected an http(s) URL such as"
                + " \"https://example.teamdynamix.com/TDNext\", got \"tdx.example.edu\"",
            "pipeline.yaml:11: actions[2]: expected an action (a mapping with a type), got"
                + " \"summary_comment\" (write \"- type: summary_comment\")",
            "pipeline.yaml:13: actions[3].params.comment_text: must not be empty",
            "pipeline.yaml:14: actions[3].when.form_ids: must not be empty",
            "pipeline.yaml:14: actions[3].when.owner: unknown condition key; a condition has all,"
                + " any, not, field, attribute, column, age, status_ids, type_ids, form_ids,"
                + " title_matches",
            "pipeline.yaml:15: actions[3].stop_on_failure: expected a boolean (true or false),"
                + " got \"no\"");
    assertThat(e.getMessage())
        .startsWith("invalid pipeline configuration (11 errors):\n  pipeline.yaml:1: report_id:");
  }

  @Test
  void reportsAMissingFileAndADirectory(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> PipelineLoader.load(missing))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageEndingWith(missing + ": file not found");
    assertThatThrownBy(() -> PipelineLoader.load(dir))
        .hasMessageEndingWith(dir + ": is a directory, not a pipeline file");
  }

  @Test
  void reportsAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(
        file,
        "actions:\n  - type: comment\n    params: {comment_text: caf\u00e9}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> PipelineLoader.load(file))
        .hasMessageEndingWith(file + ": cannot read the file: it is not valid UTF-8");
  }

  @Test
  void acceptsAByteOrderMarkAndWindowsLineEnds() throws Exception {
    assertThat(
            PipelineLoader.parse("\uFEFFactions:\r\n  - type: add_asset\r\n", FILE)
                .pipeline()
                .actionIds())
        .containsExactly("add_asset:a6ee89781f2f:v2");
  }

  @Test
  void reportsAnEmptyFileAndANonMappingRoot() {
    assertThat(problems("# nothing here\n"))
        .containsExactly("pipeline.yaml: the file is empty; it needs at least an actions list");
    assertThat(problems("- type: add_asset\n"))
        .containsExactly(
            "pipeline.yaml:1: expected a mapping with report_id, max_runs_before_park and"
                + " actions");
  }

  @Test
  void describesThePipelineForOperators() throws Exception {
    String text = PipelineLoader.parse(example(), "pipeline.example.yaml").describe();

    assertThat(text)
        .startsWith("Pipeline f39b1639a53d (pipeline.example.yaml)\nReport: 1344\n")
        .contains("  [0] add_asset:a6ee89781f2f:v2\n")
        .contains("        max_assets_to_add: 10 (default)\n")
        .contains("        active_status_ids: [38] (default)\n")
        .contains("        web_base_url: (unset)\n")
        .contains("        comment_prefix: \"🤖 Automated Actions Summary\" (default)\n")
        .contains("        separator: \"\\n\" (default)\n")
        .contains("      when: status in [115, 117] and title matches /(?i)laptop/\n")
        .contains("      when: always\n");
    assertThat(StandardPipeline.definition().describe())
        .contains("Report: not set here (give --report-id or DAEMON_REPORT_ID)")
        .contains("[2] summary_comment:3a46b2bb91de:v1");
  }

  @Test
  void refusesTextPostgresqlCannotStoreInEveryStringParameter() {
    assertThat(
            problems(
                """
                actions:
                  - type: comment
                    params: { comment_text: "Hello\\0World" }
                  - type: change_status
                    params: { new_status_id: 117, comment_text: "moved\\x00" }
                  - type: find_active_tickets
                    params: { web_base_url: "https://tdx.example.edu/\\uD800" }
                  - type: summary_comment
                    params: { comment_prefix: "ok", separator: "\\0" }
                  - type: comment
                    params: { comment_text: "fine" }
                    when: { title_matches: "a\\0b" }
                """))
        .containsExactly(
            "pipeline.yaml:3: actions[0].params.comment_text: contains a NUL character (\\0 or"
                + " \\x00) at position 5, which PostgreSQL cannot store; remove it",
            "pipeline.yaml:5: actions[1].params.comment_text: contains a NUL character (\\0 or"
                + " \\x00) at position 5, which PostgreSQL cannot store; remove it",
            "pipeline.yaml:7: actions[2].params.web_base_url: contains an unpaired UTF-16"
                + " surrogate (\\uD800) at position 24, which is not Unicode text; remove it",
            "pipeline.yaml:9: actions[3].params.separator: contains a NUL character (\\0 or"
                + " \\x00) at position 0, which PostgreSQL cannot store; remove it",
            "pipeline.yaml:12: actions[4].when.title_matches: contains a NUL character (\\0 or"
                + " \\x00) at position 1, which PostgreSQL cannot store; remove it");
  }

  @Test
  void acceptsTextOutsideTheBasicPlane() throws Exception {
    PipelineDefinition def =
        PipelineLoader.parse(
            """
            actions:
              - type: comment
                params: { comment_text: "Done \\U0001F916" }
            """,
            FILE);
    assertThat(CommentConfig.from(def.pipeline().actions().get(0).params()).commentText())
        .isEqualTo("Done \uD83E\uDD16");
  }

  private static List<String> problems(String yaml) {
    PipelineConfigException e =
        assertThrows(PipelineConfigException.class, () -> PipelineLoader.parse(yaml, FILE));
    return e.problems().stream().map(PipelineProblem::toString).toList();
  }

  private static String example() throws IOException {
    try (InputStream in = PipelineLoaderTest.class.getResourceAsStream("/pipeline.example.yaml")) {
      assertThat(in).as("pipeline.example.yaml on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
