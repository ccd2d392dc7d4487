package org.tqd.starter;

/**
 * Told about every poll when it ends, for metrics and health checks. Called on the polling thread
 * after the poll's log line; an exception thrown here is logged and does not affect polling.
 */
@FunctionalInterface
public interface PollListener {

  /** The poll has ended, successfully or not. */
  void pollFinished(PollResult result);
}
