package org.tqd.workflows.action;

/**
 * One thing wrong with the parameters given to an action (or to its condition).
 *
 * @param param the parameter concerned, or null when the problem concerns the parameters as a whole
 *     (such as "set at least one of a or b")
 * @param index the list element concerned, or -1 for the whole value
 * @param where which part of the input the problem is about, so that a file loader can point at the
 *     right line
 * @param message what is wrong, without the parameter name, such as {@code expected an integer, got
 *     "ten"}
 */
public record ParamProblem(String param, int index, Where where, String message) {

  /** Which part of the input a problem points at. */
  public enum Where {
    /** The parameter's name: it is not a known parameter. */
    KEY,
    /** The parameter's value (or the list element {@link #index}). */
    VALUE,
    /** The parameters as a whole: a required parameter is missing, or a cross-parameter rule. */
    PARENT
  }

  /** {@code name[index]: message}, or just the message when no parameter is concerned. */
  @Override
  public String toString() {
    return path() == null ? message : path() + ": " + message;
  }

  /** The parameter with its list index, such as {@code active_status_ids[2]}, or null. */
  public String path() {
    if (param == null) {
      return null;
    }
    return index >= 0 ? param + "[" + index + "]" : param;
  }
}
