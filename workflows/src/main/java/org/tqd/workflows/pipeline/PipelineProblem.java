package org.tqd.workflows.pipeline;

/**
 * One error in a pipeline file.
 *
 * @param source the file as the user named it, such as {@code pipeline.yaml}
 * @param line the 1-based line the error is on, or 0 when it concerns the file as a whole
 * @param field the path of the field concerned, such as {@code
 *     actions[1].params.max_assets_to_add}, or null
 * @param message what is wrong and, where it helps, what to write instead
 */
public record PipelineProblem(String source, int line, String field, String message) {

  /**
   * {@code pipeline.yaml:12: actions[1].params.max_assets_to_add: expected an integer, got "ten"}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (field != null && !field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
