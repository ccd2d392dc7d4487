package org.tqd.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.activities.ledger.QueueOverview;
import org.tqd.console.PostgresExtension;
import org.tqd.workflows.pipeline.PipelineLoader;

/**
 * Pausing one pipeline of a {@code pipelines:} file from the API pauses it by name (the key the
 * starters and workers read) and shows it paused in the queues overview, and only it. No Temporal
 * here: pause, resume and the overview read only the database.
 */
class OperatorServicePauseTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  private static final String TWO =
      """
      pipelines:
        - name: laptops
          report_id: 1344
          actions:
            - type: comment
              params: {comment_text: "Hello"}
        - name: printers
          report_id: 1345
          actions:
            - type: comment
              params: {comment_text: "Printers"}
      """;

  private PauseSwitch pauses;
  private OperatorService service;

  @BeforeEach
  void setUp() throws Exception {
    Jdbi jdbi = PG.connect().jdbi();
    pauses = new PauseSwitch(jdbi);
    PauseSwitch store = pauses;
    service =
        new OperatorService(
            () -> {
              throw new AssertionError("pause and the overview need no Temporal client");
            },
            new ActionLedger(jdbi),
            new QueueOverview(jdbi),
            PipelineLoader.parseFile(TWO, "pipelines.yaml").pipelines(),
            new OperatorService.Links(null, null, 46, "default"),
            new OperatorService.PauseControl() {
              @Override
              public boolean isPaused(String name) {
                return store.isPaused(name);
              }

              @Override
              public void pause(String name, String actor, String reason) {
                store.pause(name, actor, reason);
              }

              @Override
              public void resume(String name, String actor, String reason) {
                store.resume(name, actor, reason);
              }
            });
  }

  @Test
  void pausingOnePipelineByNameOrIdPausesThatOneOnly() {
    Map<String, Object> answer = service.pause(true, "printers", "ops", "printer vendor outage");
    assertThat(answer).containsEntry("pipeline", "printers").containsEntry("scope", "pipeline");
    assertThat(pauses.isPaused("printers")).isTrue();
    assertThat(pauses.isPaused("laptops")).isFalse();
    assertThat(paused()).containsExactly(Map.entry("laptops", false), Map.entry("printers", true));

    // By pipeline ID, as the overview lists it, the same switch is resumed.
    String printersId = (String) answer.get("pipeline_id");
    service.pause(false, printersId, "ops", "vendor back");
    assertThat(pauses.isPaused("printers")).isFalse();
    assertThat(paused()).containsExactly(Map.entry("laptops", false), Map.entry("printers", false));
  }

  @Test
  void aGlobalPauseShowsOnEveryPipeline() {
    assertThat(service.pause(true, null, "ops", "TDX maintenance"))
        .containsEntry("scope", "global");
    assertThat(paused()).containsExactly(Map.entry("laptops", true), Map.entry("printers", true));
    service.pause(false, null, "ops", "done");
    assertThat(paused()).containsExactly(Map.entry("laptops", false), Map.entry("printers", false));
  }

  @SuppressWarnings("unchecked")
  private List<Map.Entry<String, Boolean>> paused() {
    List<Map<String, Object>> queues = (List<Map<String, Object>>) service.queues().get("queues");
    return queues.stream()
        .map(q -> Map.entry(String.valueOf(q.get("pipeline")), (Boolean) q.get("paused")))
        .toList();
  }
}
