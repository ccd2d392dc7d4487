package org.tqd.activities.actions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tqd.activities.ledger.Claim;
import org.tqd.activities.ledger.ClaimOutcome;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.AddAssetConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.AddAssetStep;

/**
 * {@code add_asset} as the steps the workflow runs as separate activities: claim, the three
 * read-only finding phases of {@link AddAssetAction}, attach. Still one action under the ledger
 * protocol of {@link ActionRunner}: the claim counts the run, the finding phases only read, and
 * attach stores the plan in the claimed row before it writes, so a retried attach (or a later run)
 * applies the stored plan, checking TDX first, and never searches again. The plan crosses the
 * workflow as a JSON object.
 */
final class AddAssetSteps {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final AddAssetAction action;
  private final ActionRunner runner;
  private final ActionJournal journal;

  AddAssetSteps(AddAssetAction action, ActionRunner runner, ActionJournal journal) {
    this.action = action;
    this.runner = runner;
    this.journal = journal;
  }

  /** Step 1: claims the row; its stored plan, if an earlier run stored one. */
  AddAssetStep.Claimed claim(ActionRequest request) {
    try {
      if (runner.paused(request).isPresent()) {
        // No claim while paused, so that the pause costs no run; the finding steps only read,
        // and attach (which claims itself) holds the write.
        return new AddAssetStep.Claimed(false, null);
      }
      Claim claim = runner.claim(request);
      if (claim.outcome() == ClaimOutcome.ALREADY_DONE) {
        return new AddAssetStep.Claimed(true, null);
      }
      Object stored = claim.state().metadata().get(ActionJournal.PENDING_KEY);
      return new AddAssetStep.Claimed(false, stored == null ? null : toJson(stored));
    } catch (RuntimeException e) {
      throw runner.failure(request, e);
    }
  }

  /** Step 2: phase 1, identifiers in the title and description; null when it attaches nothing. */
  Map<String, Object> findInTitleAndDescription(ActionRequest request) {
    return find(request, action::phase1TitleAndDescription);
  }

  /** Step 3: phase 2, identifiers in the conversation; null when it attaches nothing. */
  Map<String, Object> findInConversation(ActionRequest request) {
    return find(
        request,
        (ticket, opts, lookup, linked) ->
            action.phase2Conversation(ticket.id(), opts, lookup, linked));
  }

  /** Step 4: phase 3, the requestor's only computer; always decides. */
  Map<String, Object> findFromRequestor(ActionRequest request) {
    return find(request, action::phase3RequestorsOnlyComputer);
  }

  /** One finding phase of {@link AddAssetAction}: read-only, null when it attaches nothing. */
  @FunctionalInterface
  private interface Phase {
    AddAssetAction.Plan find(
        Ticket ticket,
        AddAssetConfig opts,
        AddAssetAction.Lookup lookup,
        java.util.Set<Integer> linked);
  }

  private Map<String, Object> find(ActionRequest request, Phase phase) {
    try {
      AddAssetConfig opts = AddAssetConfig.from(request.action().params());
      return toJson(
          phase.find(
              request.ticket(),
              opts,
              action.new Lookup(opts),
              action.linkedAssets(request.ticket())));
    } catch (RuntimeException e) {
      throw runner.failure(request, e);
    }
  }

  /**
   * Step 5: in a dry run, the planned writes. Otherwise the plan is stored in the claimed row
   * before any write; a plan already stored there (a retried attach, or a reclaim) is applied
   * instead, checking TDX first; then the row is completed.
   */
  ActionResult attach(AddAssetStep.Attach attach) {
    ActionRequest request = attach.request();
    try {
      AddAssetAction.Plan plan =
          attach.plan() == null
              ? action.plan(request)
              : JSON.convertValue(attach.plan(), AddAssetAction.Plan.class);
      if (request.dryRun()) {
        return action.dryRun(request, plan);
      }
      Optional<ActionResult> paused = runner.paused(request);
      if (paused.isPresent()) {
        return paused.get();
      }
      Claim claim = runner.claim(request);
      if (claim.outcome() == ClaimOutcome.ALREADY_DONE) {
        return ActionRunner.alreadyDone(request);
      }
      AddAssetAction.Plan stored =
          ActionJournal.pendingPlan(claim.state().metadata(), AddAssetAction.Plan.class);
      boolean reclaimed = attach.reclaimed();
      if (stored == null) {
        Optional<ActionResult> parked = runner.overBudget(request);
        if (parked.isPresent()) {
          return parked.get();
        }
      }
      if (stored != null) {
        plan = stored;
        reclaimed = true;
      } else if (action.hasWrites(plan)) {
        journal.savePending(request.ticketId(), request.action().actionId(), plan);
      }
      ActionResult result = action.apply(request, plan, reclaimed);
      runner.complete(request, result);
      return result;
    } catch (RuntimeException e) {
      throw runner.failure(request, e);
    }
  }

  private static Map<String, Object> toJson(Object value) {
    return value == null ? null : JSON.convertValue(value, MAP);
  }
}
