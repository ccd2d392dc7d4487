package org.tqd.workflows.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineLoader;
import org.tqd.workflows.pipeline.PipelineProblem;

class TemplatesTest {

  private static final Map<String, Object> CONTEXT =
      Map.of(
          "ticket", Map.of("Title", "<b>\"Laptop\"</b> & co", "ID", 7),
          "actions", Map.of("add_asset", Map.of("asset_names", "LT-1, LT-2")));

  @Test
  void escapesForTheDestination() {
    String t = "{{ticket.Title}} #{{ticket.ID}}";
    assertThat(Templates.render(t, CONTEXT, Templates.Escape.HTML))
        .isEqualTo("&lt;b&gt;&quot;Laptop&quot;&lt;/b&gt; &amp; co #7");
    assertThat(Templates.render(t, CONTEXT, Templates.Escape.JSON))
        .isEqualTo("\\u003cb\\u003e\\\"Laptop\\\"\\u003c/b\\u003e \\u0026 co #7");
    assertThat(Templates.render(t, CONTEXT, Templates.Escape.NONE))
        .isEqualTo("<b>\"Laptop\"</b> & co #7");
    assertThat(Templates.render("plain {not a template}", CONTEXT, Templates.Escape.HTML))
        .isEqualTo("plain {not a template}");
  }

  @Test
  void refusesUnescapedFormsAndVariablesThatCannotExist() {
    assertThat(Templates.problems("{{{ticket.Title}}}", List.of())).hasSize(1);
    assertThat(Templates.problems("{{& ticket.Title}}", List.of()).get(0))
        .startsWith("unescaped or special Mustache forms");
    assertThat(Templates.problems("{{ticket.Titel}}", List.of()))
        .containsExactly(
            "unknown variable {{ticket.Titel}}: no ticket field \"Titel\"; did you mean"
                + " \"Title\"? (fields as TDX spells them, or ticket.attributes.<ID or name>)");
    assertThat(Templates.problems("{{actions.add_asset.asset_names}}", List.of()))
        .containsExactly(
            "unknown variable {{actions.add_asset.asset_names}}: no add_asset action runs before"
                + " this one in the pipeline");
    assertThat(Templates.problems("{{actions.add_asset.asset_names}}", List.of("add_asset")))
        .isEmpty();
    assertThat(
            Templates.problems(
                "{{#actions.add_asset.asset_name_list}}- {{.}}\n{{/actions.add_asset.asset_name_list}}"
                    + "{{ticket.attributes.Department}} {{row.Queue}} {{now}}",
                List.of("add_asset")))
        .isEmpty();
    assertThat(Templates.problems("{{secret}}", List.of()).get(0))
        .startsWith("unknown variable {{secret}}");
  }

  @Test
  void theLoaderRefusesBadTemplatesWithTheirLine() {
    PipelineConfigException e =
        assertThrows(
            PipelineConfigException.class,
            () ->
                PipelineLoader.parse(
                    """
                    actions:
                      - type: comment
                        params:
                          comment_text: "We attached {{actions.add_asset.asset_names}}"
                      - type: add_asset
                      - type: comment
                        params: { comment_text: "Hi {{{ticket.RequestorName}}}" }
                    """,
                    "p.yaml"));
    assertThat(e.problems())
        .extracting(PipelineProblem::toString)
        .containsExactly(
            "p.yaml:4: actions[0].params.comment_text: unknown variable"
                + " {{actions.add_asset.asset_names}}: no add_asset action runs before this one in"
                + " the pipeline",
            "p.yaml:7: actions[2].params.comment_text: unescaped or special Mustache forms"
                + " ({{{...}}}, {{&...}}, {{=...=}}, {{>...}}) are not allowed: write {{name}},"
                + " which is escaped for where the text goes");
  }
}
