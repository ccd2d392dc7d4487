package org.tqd.workflows.action;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An action could not be built: its type is unknown or its parameters, version or condition are
 * invalid. The message names the action type and lists every problem.
 */
public class InvalidActionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<ParamProblem> problems;

  /** An exception listing these problems of an action of the given type. */
  public InvalidActionException(String type, List<ParamProblem> problems) {
    super(
        "invalid "
            + type
            + " action: "
            + problems.stream().map(ParamProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in input order. */
  public List<ParamProblem> problems() {
    return problems;
  }
}
