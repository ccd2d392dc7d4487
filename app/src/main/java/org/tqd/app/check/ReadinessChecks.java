package org.tqd.app.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tqd.workflows.action.Pipeline;

/**
 * Every check of {@code tqd check}, in the order an operator fixes things: TDX, then PostgreSQL,
 * then Temporal. Each group runs whatever the others found, so one run lists every problem; within
 * a group, a check whose prerequisite failed is skipped.
 */
public final class ReadinessChecks {

  private final Map<String, String> env;
  private final int reportId;
  private final String ticketColumn;
  private final Pipeline pipeline;
  private final Consumer<String> warnings;

  /**
   * @param env the settings (process environment merged with {@code .env})
   * @param reportId the report the starter will poll
   * @param ticketColumn the report column holding ticket IDs
   * @param pipeline the pipeline whose TDX IDs are looked up
   * @param warnings told about deprecated settings in use
   */
  public ReadinessChecks(
      Map<String, String> env,
      int reportId,
      String ticketColumn,
      Pipeline pipeline,
      Consumer<String> warnings) {
    this.env = env;
    this.reportId = reportId;
    this.ticketColumn = ticketColumn;
    this.pipeline = pipeline;
    this.warnings = warnings;
  }

  /** Runs every check, telling {@code each} about each result as it comes; returns them all. */
  public List<CheckResult> run(Consumer<CheckResult> each) {
    List<CheckResult> all = new ArrayList<>();
    Consumer<List<CheckResult>> add =
        rs -> {
          for (CheckResult r : rs) {
            all.add(r);
            each.accept(r);
          }
        };
    add.accept(new TdxChecks(env, reportId, ticketColumn, PipelineIds.of(pipeline)).run());
    add.accept(List.of(DatabaseChecks.run(env)));
    add.accept(new TemporalChecks(env, warnings).run());
    return all;
  }
}
