package org.tqd.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.pipeline.StandardPipeline;

/** The pure parts of tqd check: which IDs a pipeline names, and judging search attributes. */
class CheckLogicTest {

  @Test
  void theStandardPipelineNamesTheDaemonsSiteIds() {
    PipelineIds ids = PipelineIds.of(StandardPipeline.get());
    assertThat(ids.assetForms()).extracting(PipelineIds.Use::id).containsExactly(2448);
    assertThat(ids.assetStatuses()).extracting(PipelineIds.Use::id).containsExactly(38);
    assertThat(ids.ticketStatuses())
        .extracting(PipelineIds.Use::id)
        .contains(115, 117, 121, 619, 620, 622);
    assertThat(ids.ticketStatuses().get(0).where())
        .isEqualTo("find_active_tickets.active_status_ids");
    assertThat(ids.attributes()).isEmpty();
  }

  @Test
  void conditionsAndStatusChangesAreCollectedWithWhereTheyCameFrom() {
    ActionSpec change =
        new ActionSpec(
            "change_status",
            "v1",
            "change_status:0914bc851755:v1",
            "0".repeat(64),
            Map.of("new_status_id", 117),
            false,
            new ActionCondition(List.of(115), List.of(9), List.of(31), null));
    ActionSpec comment =
        new ActionSpec(
            "comment",
            "v1",
            "comment:054200481667:v1",
            "1".repeat(64),
            Map.of("new_status_id", 0),
            false,
            null);
    PipelineIds ids = PipelineIds.of(Pipeline.of(List.of(change, comment)));
    assertThat(ids.ticketStatuses())
        .containsExactly(
            new PipelineIds.Use(117, "change_status.new_status_id"),
            new PipelineIds.Use(115, "change_status.when.status_ids"));
    assertThat(ids.ticketForms())
        .containsExactly(new PipelineIds.Use(31, "change_status.when.form_ids"));
    assertThat(ids.ticketTypes())
        .containsExactly(new PipelineIds.Use(9, "change_status.when.type_ids"));
  }

  @Test
  void searchAttributesMustAllBeKeywords() {
    IndexedValueType keyword = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    assertThat(
            TemporalChecks.judge(
                    Map.of("TicketId", keyword, "ReportId", keyword, "PipelineId", keyword), "tqd")
                .passed())
        .isTrue();
    CheckResult r =
        TemporalChecks.judge(
            Map.of("TicketId", IndexedValueType.INDEXED_VALUE_TYPE_INT, "ReportId", keyword),
            "tqd");
    assertThat(r.passed()).isFalse();
    assertThat(r.detail())
        .contains("not registered: PipelineId")
        .contains("TicketId is INT (must be Keyword");
    assertThat(r.fix())
        .isEqualTo(
            "temporal operator search-attribute create --namespace tqd --name TicketId --type"
                + " Keyword --name ReportId --type Keyword --name PipelineId --type Keyword");
  }
}
