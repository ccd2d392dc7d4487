package org.tqd.workflows.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tqd.workflows.action.ActionRegistry;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionType;
import org.tqd.workflows.action.ParamDef;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.action.Values;

/**
 * A validated pipeline configuration: what {@code pipeline.yaml} says, or the standard pipeline.
 *
 * @param reportId the TDX report to watch, or null when the file does not name one (the command
 *     line or {@code DAEMON_REPORT_ID} must then give it)
 * @param maxRunsBeforePark after this many failed runs an action is parked until an operator clears
 *     it; default 3
 * @param pipeline the actions, in order, with their IDs and the pipeline ID
 * @param source where it came from: the file as named by the user, or {@link
 *     StandardPipeline#SOURCE}
 * @param interval seconds between polls of this pipeline's report ({@code interval:} of a {@code
 *     pipelines:} entry); null for the command line's or the environment's
 * @param enabled false for a pipeline of a {@code pipelines:} file with {@code enabled: false}: it
 *     is validated, shown, and never polled
 * @param disabledActions actions with {@code enabled: false}: validated and shown, not in {@link
 *     #pipeline} (so not in its ID) and never run
 */
public record PipelineDefinition(
    Integer reportId,
    int maxRunsBeforePark,
    Pipeline pipeline,
    String source,
    java.time.Duration interval,
    boolean enabled,
    List<ActionSpec> disabledActions) {

  public PipelineDefinition {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(source, "source");
    if (maxRunsBeforePark < 1) {
      throw new IllegalArgumentException("maxRunsBeforePark must be at least 1");
    }
    disabledActions = disabledActions == null ? List.of() : List.copyOf(disabledActions);
  }

  /** An enabled definition without its own interval or disabled actions. */
  public PipelineDefinition(
      Integer reportId, int maxRunsBeforePark, Pipeline pipeline, String source) {
    this(reportId, maxRunsBeforePark, pipeline, source, null, true, List.of());
  }

  /** The pipeline's name in a {@code pipelines:} file; null for a file of one pipeline. */
  public String name() {
    return pipeline.name();
  }

  /** This definition with the report given on the command line or in the environment. */
  public PipelineDefinition withReportId(int newReportId) {
    return new PipelineDefinition(
        newReportId, maxRunsBeforePark, pipeline, source, interval, enabled, disabledActions);
  }

  /** This definition with another park threshold. */
  public PipelineDefinition withMaxRunsBeforePark(int runs) {
    return new PipelineDefinition(
        reportId, runs, pipeline, source, interval, enabled, disabledActions);
  }

  /**
   * A plain-text description for {@code tqd pipeline show}: the pipeline ID, the report, and each
   * action's ID, type, version, effective parameters (marking defaults and unset options) and
   * condition.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("Pipeline ");
    if (name() != null) {
      out.append('\'').append(name()).append("' ");
    }
    out.append(pipeline.pipelineId()).append(" (").append(source).append(")\n");
    if (!enabled) {
      out.append("Disabled (enabled: false): never polled\n");
    }
    out.append("Report: ")
        .append(
            reportId == null
                ? "not set here (give --report-id or DAEMON_REPORT_ID)"
                : reportId.toString())
        .append('\n');
    if (interval != null) {
      out.append("Interval: ").append(interval.toSeconds()).append(" s\n");
    }
    out.append("Failed runs before an action is parked: ").append(maxRunsBeforePark).append('\n');
    out.append("TDX writes per ticket per day before its actions park: ")
        .append(pipeline.maxWritesPerTicketPerDay())
        .append('\n');
    List<ActionSpec> actions = pipeline.actions();
    out.append("Actions (").append(actions.size()).append("):\n");
    for (int i = 0; i < actions.size(); i++) {
      describe(out, i, actions.get(i));
    }
    if (!disabledActions.isEmpty()) {
      out.append("Disabled actions (enabled: false; not run, not in the pipeline ID):\n");
      for (ActionSpec spec : disabledActions) {
        out.append("  - ").append(spec.actionId()).append('\n');
      }
    }
    return out.toString();
  }

  private static void describe(StringBuilder out, int index, ActionSpec spec) {
    out.append("  [").append(index).append("] ").append(spec.actionId()).append('\n');
    out.append("      type ")
        .append(spec.type())
        .append(", version ")
        .append(spec.version())
        .append(", hash ")
        .append(spec.actionHash())
        .append('\n');
    Map<String, Object> params = spec.params();
    ActionType type = ActionRegistry.find(spec.type()).orElse(null);
    if (type != null) {
      out.append("      params:\n");
      for (ParamDef def : type.schema().params()) {
        Object value = params.get(def.name());
        out.append("        ").append(def.name()).append(": ");
        if (value == null) {
          out.append("(unset)");
        } else {
          out.append(Values.show(value));
          if (value.equals(def.defaultValue())) {
            out.append(" (default)");
          }
        }
        out.append('\n');
      }
    } else {
      out.append("      params: ").append(params).append('\n');
    }
    out.append("      when: ")
        .append(spec.when() == null ? "always" : spec.when().describe())
        .append('\n');
    out.append("      on failure: ")
        .append(spec.stopOnFailure() ? "stop (later actions do not run)" : "continue")
        .append('\n');
  }
}
