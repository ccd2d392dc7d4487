package org.tqd.workflows.rules;

import java.time.Instant;

/**
 * What a condition can read about one ticket. Each method returns {@link #UNKNOWN} when these facts
 * cannot tell (a report row without that column), never a guess. Implementations are pure: the
 * workflow's must not do I/O or read a clock other than Temporal's.
 */
public interface Facts {

  /** The answer of a fact these facts cannot tell. */
  Object UNKNOWN =
      new Object() {
        @Override
        public String toString() {
          return "unknown";
        }
      };

  /** A ticket field by its TDX name ({@code StatusID}, {@code Title}, ...); null when unset. */
  Object field(String name);

  /**
   * A custom attribute by ID (digits) or name: its value as text (the choice text for a choice
   * attribute, and also its raw value via {@link #attributeValue}); null when the ticket has none.
   */
  Object attribute(String idOrName);

  /** The raw {@code Value} of a custom attribute (the choice ID of a choice attribute), or null. */
  Object attributeValue(String idOrName);

  /** A column of the ticket's report row; null when the row has the column empty or lacks it. */
  Object column(String name);

  /**
   * When the requestor last replied (a feed entry or reply by the requestor), null when never, or
   * {@link #UNKNOWN}.
   */
  Object lastRequestorReply();

  /**
   * The time conditions are evaluated at (Temporal's clock in a workflow, the poll's time else).
   */
  Instant now();
}
