package org.tqd.starter;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.Map;

/**
 * The custom search attributes set on every ticket workflow, all of type Keyword, so operators can
 * find runs in the Web UI and with {@code temporal workflow list --query 'TicketId="123"'}. A
 * namespace must have them registered before a workflow using them can start ({@code temporal
 * operator search-attribute create --name TicketId --type Keyword}, or {@link #ALL} with the
 * operator service).
 */
public final class TicketSearchAttributes {

  /** The TDX ticket ID, as decimal text. */
  public static final SearchAttributeKey<String> TICKET_ID =
      SearchAttributeKey.forKeyword("TicketId");

  /** The report the ticket was found in, as decimal text. */
  public static final SearchAttributeKey<String> REPORT_ID =
      SearchAttributeKey.forKeyword("ReportId");

  /** The pipeline ID (12 hex characters). */
  public static final SearchAttributeKey<String> PIPELINE_ID =
      SearchAttributeKey.forKeyword("PipelineId");

  /**
   * The pipeline's name in a {@code pipelines:} file; set only on workflows of named pipelines, so
   * a namespace serving only single-pipeline files needs no new attribute.
   */
  public static final SearchAttributeKey<String> PIPELINE_NAME =
      SearchAttributeKey.forKeyword("PipelineName");

  /** Every attribute with its type, for registering them in a namespace. */
  public static final Map<String, IndexedValueType> ALL =
      Map.of(
          TICKET_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          REPORT_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          PIPELINE_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          PIPELINE_NAME.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

  private TicketSearchAttributes() {}

  /** The attributes of one ticket's workflow under an unnamed pipeline. */
  public static SearchAttributes of(int ticketId, int reportId, String pipelineId) {
    return of(ticketId, reportId, pipelineId, null);
  }

  /**
   * The attributes of one ticket's workflow; {@code PipelineName} only when {@code pipelineName} is
   * not null.
   */
  public static SearchAttributes of(
      int ticketId, int reportId, String pipelineId, String pipelineName) {
    SearchAttributes.Builder b =
        SearchAttributes.newBuilder()
            .set(TICKET_ID, Integer.toString(ticketId))
            .set(REPORT_ID, Integer.toString(reportId))
            .set(PIPELINE_ID, pipelineId);
    if (pipelineName != null) {
      b.set(PIPELINE_NAME, pipelineName);
    }
    return b.build();
  }
}
