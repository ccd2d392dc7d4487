package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A saved report with its data ({@code TeamDynamix.Api.Reporting.Report}). {@code dataRows} are
 * keyed by each column's {@code ColumnName}; values may be numbers or strings. Null when fetched
 * without data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Report(
    @JsonProperty("ID") int id,
    @JsonProperty("Name") String name,
    @JsonProperty("MaxResults") int maxResults,
    @JsonProperty("DisplayedColumns") List<DisplayColumn> displayedColumns,
    @JsonProperty("DataRows") List<Map<String, Object>> dataRows) {

  /**
   * The whole-number value of {@code column} in {@code row}, whether TDX sent it as a JSON number
   * or a string (both occur); null when it is missing, empty or not a whole number.
   */
  public static Integer intValue(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
      return null;
    }
    if (value instanceof String s) {
      try {
        return Integer.valueOf(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** A column of a report; rows are keyed by {@code columnName}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DisplayColumn(
      @JsonProperty("HeaderText") String headerText,
      @JsonProperty("ColumnName") String columnName,
      @JsonProperty("DataType") int dataType) {}
}
