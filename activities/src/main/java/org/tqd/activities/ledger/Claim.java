package org.tqd.activities.ledger;

/**
 * The answer to {@link ActionLedger#claim}.
 *
 * @param outcome what the caller must do
 * @param state the row after the claim (for {@link ClaimOutcome#ALREADY_DONE}, the row as it is,
 *     with its summary and metadata)
 */
public record Claim(ClaimOutcome outcome, ActionState state) {

  /** Whether the caller now owns the action and should perform it. */
  public boolean shouldRun() {
    return outcome != ClaimOutcome.ALREADY_DONE;
  }

  /** Whether an earlier attempt may already have written to TDX. */
  public boolean mustCheckTdxFirst() {
    return outcome == ClaimOutcome.RECLAIMED;
  }
}
