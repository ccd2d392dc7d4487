package org.tqd.worker;

/** Temporal's frontend could not be reached; the message says what to check. */
public class TemporalUnavailableException extends RuntimeException {
  public TemporalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
