package org.tqd.sandbox;

/** Which phase of {@code add_asset} attaches a ticket's computers, per the ground-truth rule. */
public enum Phase {
  /** Identifiers in the title or description. */
  PHASE_1("1"),
  /** Identifiers in the conversation (user entries and replies). */
  PHASE_2("2"),
  /** The requestor's only active computer. */
  PHASE_3("3"),
  /** Nothing is attached. */
  NONE("none");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /**
   * {@code "1"}, {@code "2"}, {@code "3"} or {@code "none"}, as {@code /_sandbox/truth} writes it.
   */
  public String label() {
    return label;
  }
}
