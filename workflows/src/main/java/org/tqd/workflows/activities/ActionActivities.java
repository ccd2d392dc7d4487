package org.tqd.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/**
 * The pipeline's actions, one activity type per action type, run on the TDX task queue ({@link
 * TaskQueues#TDX}) whose rate the server limits across all workers.
 *
 * <p>Every method follows the same contract. Outside a dry run it claims the action's ledger row
 * before writing to TDX and completes it after; if the row was already completed it returns {@link
 * ActionResult.Outcome#ALREADY_DONE} without touching TDX; if it finds its own earlier claim (a
 * previous attempt died after claiming) it checks TDX for the effect before writing again (asset
 * already linked by {@code BackingItemID}, status already set, comment reference already in the
 * feed). In a dry run it reads TDX, plans, and returns {@link ActionResult.Outcome#PLANNED} with
 * the writes it would make, writing nothing anywhere.
 *
 * <p>Failures are thrown as {@code ApplicationFailure}: non-retryable for 4xx answers and invalid
 * input (type names in {@link FailureTypes}), retryable otherwise; a TDX 429 carries {@code
 * nextRetryDelay} = reset + 5 s. A ledger that cannot be reached is a retryable failure raised
 * before anything is written to TDX. The activity never records a failure in the ledger itself: the
 * workflow does, through {@link LedgerActivities#recordFailure}, once retries are exhausted.
 */
@ActivityInterface
public interface ActionActivities {

  /** {@code add_asset}: finds the computers the ticket talks about and attaches them. */
  @ActivityMethod(name = "AddAsset")
  ActionResult addAsset(ActionRequest request);

  /**
   * {@code add_asset}, step 1 of 5: claims the ledger row. Outside a dry run only. A row that an
   * earlier run claimed and stored a plan in comes back with that plan, which is attached without
   * finding again.
   *
   * <p>The step methods have defaults for implementations that do not split the action: the claim
   * and the finding phases decide nothing, and {@link #addAssetAttach} runs {@link #addAsset}.
   * Their activity type names are the method names capitalised ({@code AddAssetClaim}, {@code
   * AddAssetFindInTitleAndDescription}, {@code AddAssetFindInConversation}, {@code
   * AddAssetFindFromRequestor}, {@code AddAssetAttach}): Temporal refuses {@code @ActivityMethod}
   * on a default method.
   */
  default AddAssetStep.Claimed addAssetClaim(ActionRequest request) {
    return new AddAssetStep.Claimed(false, null);
  }

  /**
   * {@code add_asset}, step 2: identifiers in the title and description. Read-only; returns the
   * plan, or null when this phase attaches nothing.
   */
  default Map<String, Object> addAssetFindInTitleAndDescription(ActionRequest request) {
    return null;
  }

  /**
   * {@code add_asset}, step 3: identifiers in the conversation. Read-only; the plan, or null when
   * this phase attaches nothing.
   */
  default Map<String, Object> addAssetFindInConversation(ActionRequest request) {
    return null;
  }

  /**
   * {@code add_asset}, step 4: the requestor's only computer. Read-only; always decides (the plan
   * may attach nothing, with the reason as its summary).
   */
  default Map<String, Object> addAssetFindFromRequestor(ActionRequest request) {
    return null;
  }

  /**
   * {@code add_asset}, step 5: stores the plan in the claimed row, attaches the assets and
   * completes the row; in a dry run, returns the planned writes. A retry of this step finds the
   * stored plan and checks TDX before attaching again, so a failed attach never searches again.
   */
  default ActionResult addAssetAttach(AddAssetStep.Attach attach) {
    return addAsset(attach.request());
  }

  /** {@code comment}: posts a comment, optionally changing the status. */
  @ActivityMethod(name = "Comment")
  ActionResult comment(ActionRequest request);

  /** {@code change_status}: sets the ticket status through the feed. */
  @ActivityMethod(name = "ChangeStatus")
  ActionResult changeStatus(ActionRequest request);

  /** {@code assign}: sets the responsible group and/or person. */
  @ActivityMethod(name = "Assign")
  ActionResult assign(ActionRequest request);

  /** {@code find_active_tickets}: lists related active tickets (read-only; summary is HTML). */
  @ActivityMethod(name = "FindActiveTickets")
  ActionResult findActiveTickets(ActionRequest request);

  /** {@code summary_comment}: posts one comment with the summaries not yet posted. */
  @ActivityMethod(name = "SummaryComment")
  ActionResult summaryComment(ActionRequest request);

  /**
   * {@code update_fields}: sets ticket fields and custom attributes with one JSON Patch, skipping
   * those already set; before and after values (and their inverse) are stored in the ledger row.
   * Activity type {@code UpdateFields}. The default (for implementations without the new actions)
   * refuses the action.
   */
  default ActionResult updateFields(ActionRequest request) {
    throw new UnsupportedOperationException("update_fields is not implemented here");
  }

  /**
   * {@code notify}: sends one notification (webhook, Slack, Teams, Telegram, e-mail) with the
   * idempotency key {@code {ticketId}:{actionId}}. It cannot be checked in TDX: an attempt that
   * finds its own claim sends again with the same key and records {@code possibly_duplicate}.
   * Activity type {@code SendNotification}.
   */
  default ActionResult sendNotification(ActionRequest request) {
    throw new UnsupportedOperationException("notify is not implemented here");
  }

  /** {@code log_event}: writes one structured JSON log line. Activity type {@code LogEvent}. */
  default ActionResult logEvent(ActionRequest request) {
    throw new UnsupportedOperationException("log_event is not implemented here");
  }
}
