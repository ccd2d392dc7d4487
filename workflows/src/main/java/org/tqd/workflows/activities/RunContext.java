package org.tqd.workflows.activities;

import java.util.List;

/**
 * What the earlier actions of this run did, shared with the later ones.
 *
 * @param summaries summary lines of the earlier actions of this run, in order (dry runs read these;
 *     real runs read summaries from the ledger, so none is lost across runs)
 * @param assetsAdded asset IDs attached earlier in this run (or planned, in a dry run)
 * @param actions per action type, the details of the last action of that type that ran (or was
 *     planned) earlier in this run: what templates read as {@code {{actions.<type>.<result>}}}
 */
public record RunContext(
    List<String> summaries,
    List<Integer> assetsAdded,
    java.util.Map<String, java.util.Map<String, Object>> actions) {

  public RunContext {
    summaries = List.copyOf(summaries);
    assetsAdded = List.copyOf(assetsAdded);
    actions = actions == null ? java.util.Map.of() : java.util.Map.copyOf(actions);
  }

  /** A context without action details. */
  public RunContext(List<String> summaries, List<Integer> assetsAdded) {
    this(summaries, assetsAdded, null);
  }

  /** The context at the start of a run. */
  public static RunContext empty() {
    return new RunContext(List.of(), List.of());
  }

  /** This context with one more action's contribution. */
  public RunContext with(ActionResult result) {
    List<String> s = new java.util.ArrayList<>(summaries);
    if (result.summary() != null && !result.summary().isEmpty()) {
      s.add(result.summary());
    }
    List<Integer> a = new java.util.ArrayList<>(assetsAdded);
    a.addAll(result.assetsAdded());
    java.util.Map<String, java.util.Map<String, Object>> d = new java.util.HashMap<>(actions);
    if ((result.outcome() == ActionResult.Outcome.COMPLETED
            || result.outcome() == ActionResult.Outcome.PLANNED
            || result.outcome() == ActionResult.Outcome.SKIPPED)
        && !result.details().isEmpty()) {
      d.put(result.type(), result.details());
    }
    return new RunContext(s, a, d);
  }
}
