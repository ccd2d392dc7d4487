package org.tqd.workflows.activities;

import java.util.List;

/**
 * What the earlier actions of this run did, shared with the later ones.
 *
 * @param summaries summary lines of the earlier actions of this run, in order (dry runs read these;
 *     real runs read summaries from the ledger, so none is lost across runs)
 * @param assetsAdded asset IDs attached earlier in this run (or planned, in a dry run)
 */
public record RunContext(List<String> summaries, List<Integer> assetsAdded) {

  public RunContext {
    summaries = List.copyOf(summaries);
    assetsAdded = List.copyOf(assetsAdded);
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
    return new RunContext(s, a);
  }
}
