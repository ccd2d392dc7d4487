package org.tqd.starter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tqd.workflows.action.Pipeline;

/**
 * The cells of a report row that a pipeline reads ({@code column:} conditions, {@code {{row.X}}} in
 * templates): only those travel into the workflow input, so a row's other columns (names, e-mail
 * addresses) never reach Temporal's history.
 */
final class RowColumns {

  private RowColumns() {}

  /** The row's cells of the columns the pipeline reads, in row order. */
  static Map<String, Object> readBy(Pipeline pipeline, Map<String, Object> row) {
    Set<String> read = pipeline.columnsRead();
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach(
        (k, v) -> {
          if (read.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }
}
