package org.tqd.starter;

/**
 * The report cannot serve as a queue as configured, for example because it has no ticket ID column.
 * The message names the report, what is wrong, and how to fix it. Polling again does not help until
 * the report or the configuration changes.
 */
public final class ReportConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ReportConfigurationException(String message) {
    super(message);
  }
}
