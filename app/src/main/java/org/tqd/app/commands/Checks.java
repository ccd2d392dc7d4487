package org.tqd.app.commands;

import org.tqd.app.UserError;

/**
 * Checks of command-line values that picocli's type conversion lets through, made before a command
 * starts anything, each a configuration error (exit 2) naming the option.
 */
final class Checks {

  private Checks() {}

  /** A number of seconds that must be at least 1. */
  static long seconds(long value, String option) {
    if (value < 1) {
      throw UserError.config(option + " must be a positive number of seconds, got " + value);
    }
    return value;
  }

  /** A TDX ticket ID: a positive whole number. */
  static int ticketId(int value, String what) {
    if (value < 1) {
      throw UserError.config(
          what + " must be a TDX ticket ID (a positive whole number), got " + value);
    }
    return value;
  }

  /** A count that must be at least {@code min}. */
  static int atLeast(int value, int min, String option) {
    if (value < min) {
      throw UserError.config(option + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** A text that must not be empty or blank. */
  static String nonBlank(String value, String option, String hint) {
    if (value == null || value.isBlank()) {
      throw UserError.config(option + " must not be empty: " + hint);
    }
    return value;
  }
}
