package org.tqd.activities.ledger;

/** What a claim found, and so what the caller must do next. */
public enum ClaimOutcome {
  /**
   * The action is now claimed by the caller, and nobody had started it since it last failed (or
   * ever): the caller performs it.
   */
  CLAIMED_NEW,
  /**
   * The row was already {@code in_progress}: an earlier attempt claimed it and may have written to
   * TDX before it died. The claim now belongs to the caller, who must check TDX for that write
   * before writing again.
   */
  RECLAIMED,
  /** The action is {@code completed} or {@code skipped}: the caller does nothing. */
  ALREADY_DONE
}
