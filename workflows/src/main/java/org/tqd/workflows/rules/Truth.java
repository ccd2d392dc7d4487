package org.tqd.workflows.rules;

/**
 * Three-valued truth (Kleene): what a set of {@link Facts} says about a condition. The starter's
 * report row may not carry what a condition reads ({@link #UNKNOWN}); the workflow's ticket always
 * does, and there {@code UNKNOWN} counts as not holding.
 */
public enum Truth {
  TRUE,
  FALSE,
  UNKNOWN;

  /** The truth of a boolean. */
  public static Truth of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** Negation; unknown stays unknown. */
  public Truth not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
