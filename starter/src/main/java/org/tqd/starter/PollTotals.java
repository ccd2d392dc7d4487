package org.tqd.starter;

/**
 * Sums over every poll of one poller since it was built. Per-poll numbers are in {@link
 * PollResult}; these are kept apart so that a poll's log line never shows a running total.
 *
 * @param polls polls made
 * @param pollErrors polls that ended with a {@link PollResult.PollError} (report, configuration or
 *     ledger)
 * @param started workflows started, restarts included
 * @param restarted of {@code started}, restarts after failure
 * @param alreadyDone ticket sightings with nothing left to do
 * @param inFlight ticket sightings whose workflow was already running
 * @param startErrors start calls that failed
 */
public record PollTotals(
    long polls,
    long pollErrors,
    long started,
    long restarted,
    long alreadyDone,
    long inFlight,
    long startErrors) {

  /** Totals before the first poll. */
  public static final PollTotals NONE = new PollTotals(0, 0, 0, 0, 0, 0, 0);

  /** These totals with one more poll added. */
  public PollTotals plus(PollResult poll) {
    return new PollTotals(
        polls + 1,
        pollErrors + (poll.error() == null ? 0 : 1),
        started + poll.started(),
        restarted + poll.restarted(),
        alreadyDone + poll.alreadyDone(),
        inFlight + poll.inFlight(),
        startErrors + poll.startErrors());
  }
}
