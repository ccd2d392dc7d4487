package org.tqd.workflows.activities;

import java.util.Map;

/**
 * Messages of {@code add_asset} run as its steps (DESIGN §3.5, {@link ActionActivities}): claim,
 * three read-only finding phases, attach. The plan travels between them as the JSON object the
 * activities write and read back; the workflow only passes it on.
 */
public final class AddAssetStep {

  private AddAssetStep() {}

  /**
   * What the claim found.
   *
   * @param alreadyDone the ledger has the action completed or skipped: nothing to do
   * @param storedPlan the plan an earlier run stored before it may have written (attach it,
   *     checking TDX first, without finding again), or null
   */
  public record Claimed(boolean alreadyDone, Map<String, Object> storedPlan) {}

  /**
   * The input of the attach step.
   *
   * @param request the action request
   * @param plan the plan a finding phase decided, or the stored plan of an earlier run; null when
   *     the activity implementation does not split the action (it then runs it whole)
   * @param reclaimed true for a stored plan: each asset is checked in TDX before it is attached
   */
  public record Attach(ActionRequest request, Map<String, Object> plan, boolean reclaimed) {}
}
