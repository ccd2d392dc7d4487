package org.tqd.workflows.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline file is missing, unreadable or invalid. It carries every problem found, not only the
 * first; the message lists them one per line as {@code file:line: field: message}. The command line
 * maps it to exit status 2, having called nothing.
 */
public class PipelineConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<PipelineProblem> problems;

  /** An exception listing these problems (at least one). */
  public PipelineConfigException(List<PipelineProblem> problems) {
    super(message(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PipelineConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order. */
  public List<PipelineProblem> problems() {
    return problems;
  }

  private static String message(List<PipelineProblem> problems) {
    String header =
        problems.size() == 1
            ? "invalid pipeline configuration (1 error):"
            : "invalid pipeline configuration (" + problems.size() + " errors):";
    return header + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
  }
}
