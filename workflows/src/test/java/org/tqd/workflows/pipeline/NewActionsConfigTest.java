package org.tqd.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.NotifyConfig;
import org.tqd.workflows.action.UpdateFieldsConfig;

/**
 * Loading {@code update_fields}, {@code notify} and {@code log_event}: the documented examples
 * load; mistakes are refused at load with {@code file:line: field: message}, without calling TDX.
 */
class NewActionsConfigTest {

  private static final String FILE = "pipeline.yaml";

  private static String example() throws IOException {
    try (InputStream in =
        NewActionsConfigTest.class.getResourceAsStream("/pipeline.example.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The commented-out new-action entries of pipeline.example.yaml, uncommented. */
  private static String exampleBlock() throws IOException {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : example().split("\n")) {
      if (line.contains("# >>> new actions")) {
        in = true;
      } else if (line.contains("# <<< new actions")) {
        in = false;
      } else if (in) {
        out.add(line.replaceFirst("# ?", ""));
      }
    }
    return "actions:\n  - type: add_asset\n" + String.join("\n", out) + "\n";
  }

  private static List<PipelineProblem> problems(String yaml) {
    return catchThrowableOfType(
            PipelineConfigException.class, () -> PipelineLoader.parse(yaml, FILE))
        .problems();
  }

  @Test
  void theDocumentedExamplesLoad() throws Exception {
    PipelineDefinition def = PipelineLoader.parse(exampleBlock(), "pipeline.example.yaml");
    List<String> types = def.pipeline().actions().stream().map(ActionSpec::type).toList();
    assertThat(types)
        .containsExactly(
            "add_asset", "update_fields", "notify", "notify", "notify", "notify", "log_event");
    UpdateFieldsConfig update = UpdateFieldsConfig.from(def.pipeline().actions().get(1).params());
    assertThat(update.fields()).containsEntry("PriorityID", 4403);
    assertThat(update.attributes()).containsKey("Building");
    assertThat(NotifyConfig.from(def.pipeline().actions().get(5).params()).to())
        .containsExactly("{{ticket.RequestorEmail}}");
  }

  @Test
  void theOrderOfFieldsDoesNotChangeTheId() throws Exception {
    String a =
        "actions:\n  - type: update_fields\n    params:\n      fields: {PriorityID: 1, Title: x}\n";
    String b =
        "actions:\n  - type: update_fields\n    params:\n      fields: {Title: x, PriorityID: 1}\n";
    assertThat(PipelineLoader.parse(a, FILE).pipeline().actionIds())
        .isEqualTo(PipelineLoader.parse(b, FILE).pipeline().actionIds());
  }

  @Test
  void refusesUnknownAndUnwritableFieldsAndBadTemplates() {
    List<PipelineProblem> found =
        problems(
            """
            actions:
              - type: update_fields
                params:
                  fields:
                    Priority: 3
                    StatusID: 117
              - type: update_fields
                params:
                  attributes:
                    Building: "{{ticket.Titel}}"
            """);
    assertThat(found).hasSize(2);
    assertThat(found.get(0).toString())
        .startsWith("pipeline.yaml:5: actions[0].params.fields:")
        .contains("unknown ticket field \"Priority\"")
        .contains("did you mean \"PriorityID\"?")
        .contains("StatusID cannot be set by update_fields (use change_status)");
    assertThat(found.get(1).toString())
        .startsWith("pipeline.yaml:10: actions[1].params.attributes:")
        .contains("unknown variable {{ticket.Titel}}");
  }

  @Test
  void refusesANotifyWithAUrlInsteadOfAVariableAndUnescapedTemplates() {
    List<PipelineProblem> found =
        problems(
            """
            actions:
              - type: notify
                params:
                  channel: webhook
                  url_env: https://hooks.example.com/T0/B0/xyz
                  body: '{"title": "{{{ticket.Title}}}"}'
              - type: notify
                params:
                  channel: slack
                  url_env: TQD_SLACK_URL
              - type: notify
                params:
                  channel: pager
            """);
    String all = found.toString();
    assertThat(all)
        .contains("pipeline.yaml:5: actions[0].params.url_env:")
        .contains("got what looks like a URL or a secret: never put it in the pipeline file")
        .contains("slack needs text:")
        .contains("expected one of webhook | slack | teams | telegram | email, got \"pager\"");
    assertThat(all).doesNotContain("hooks.example.com");
  }

  @Test
  void refusesAttemptsThatCannotFitInTheActivity() {
    List<PipelineProblem> found =
        problems(
            """
            actions:
              - type: notify
                params:
                  channel: slack
                  url_env: TQD_SLACK_URL
                  text: hi
                  timeout_seconds: 60
                  max_attempts: 5
            """);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).toString())
        .contains("actions[0].params.max_attempts")
        .contains("(315 s) must stay within 240 s");
  }

  @Test
  void refusesUnescapedFormsInABody() {
    List<PipelineProblem> found =
        problems(
            """
            actions:
              - type: notify
                params:
                  channel: webhook
                  url_env: TQD_HOOK
                  body: '{"title": "{{{ticket.Title}}}"}'
            """);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).toString())
        .startsWith("pipeline.yaml:6: actions[0].params.body:")
        .contains("unescaped");
  }

  @Test
  void refusesAnUnknownLevelAndActionResultsOfActionsThatDoNotRunBefore() {
    List<PipelineProblem> found =
        problems(
            """
            actions:
              - type: log_event
                params:
                  message: "{{actions.update_fields.changed}}"
                  level: LOUD
              - type: update_fields
                params:
                  fields: {PriorityID: 4403}
            """);
    String all = found.toString();
    assertThat(all).contains("expected one of TRACE, DEBUG, INFO, WARN, ERROR, got \"LOUD\"");
    assertThat(Map.of("x", all).get("x")).isNotEmpty();
  }
}
