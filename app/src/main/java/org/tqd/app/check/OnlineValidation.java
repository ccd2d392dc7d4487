package org.tqd.app.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Report;
import org.tqd.tdx.model.TicketStatus;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.pipeline.PipelineDefinition;
import org.tqd.workflows.pipeline.PipelineFile;
import org.tqd.workflows.pipeline.PipelineProblem;
import org.tqd.workflows.rules.Condition;
import org.tqd.workflows.rules.FieldCatalog;

/**
 * {@code tqd pipeline validate --online}: what the offline validation cannot know, checked against
 * TDX with read-only calls. For each pipeline (disabled ones too): its report exists and is visible
 * to the account, and has the ticket-ID column and every column that {@code column:} conditions and
 * {@code {{row.…}}} templates read; every ticket status ID it names (parameters, {@code
 * status_ids}, {@code field: StatusID} tests) is a status of the tickets app; every custom
 * attribute that {@code attribute:} tests and ages name, by ID or name, is a ticket attribute. One
 * problem per line, naming the pipeline, the place and what TDX has instead. TDX calls: one per
 * distinct report, one for the statuses and one for the attribute definitions, each made only when
 * needed.
 */
public final class OnlineValidation {

  /** The component ID of tickets in {@code GET attributes/custom}. */
  static final int TICKET_COMPONENT = 9;

  private final TdxApi tdx;
  private final String ticketColumn;
  private final Map<Integer, Object> reports = new LinkedHashMap<>();
  private List<TicketStatus> statuses;
  private List<Map<String, Object>> attributes;
  private String attributesError;
  private final List<PipelineProblem> problems = new ArrayList<>();
  private final Set<String> checked = new LinkedHashSet<>();

  /**
   * @param tdx the TDX API (only reads)
   * @param ticketColumn the report column of ticket IDs ({@code --ticket-column}, {@code TicketID})
   */
  public OnlineValidation(TdxApi tdx, String ticketColumn) {
    this.tdx = Objects.requireNonNull(tdx, "tdx");
    this.ticketColumn = Objects.requireNonNull(ticketColumn, "ticketColumn");
  }

  /**
   * Every problem of the file against TDX, in file order; empty when TDX has everything.
   *
   * @param fallbackReportId the report of a file of one pipeline without {@code report_id} (the
   *     command line's or {@code DAEMON_REPORT_ID}), or null: its report is then not checked
   * @throws TdxException when TDX cannot be asked at all (credentials, network), as opposed to
   *     answering that something is missing
   */
  public List<PipelineProblem> problems(PipelineFile file, Integer fallbackReportId) {
    for (int i = 0; i < file.pipelines().size(); i++) {
      PipelineDefinition def = file.pipelines().get(i);
      String prefix = file.multi() ? "pipelines[" + i + "] (" + def.name() + ")." : "";
      Integer reportId = def.reportId() != null ? def.reportId() : fallbackReportId;
      List<ActionSpec> actions = new ArrayList<>(def.pipeline().actions());
      actions.addAll(def.disabledActions());
      if (reportId != null) {
        report(file, prefix, reportId, def);
      }
      for (ActionSpec action : actions) {
        statuses(file, prefix, action);
        attributes(file, prefix, action);
      }
    }
    return List.copyOf(problems);
  }

  /** What was checked, for the success line: {@code report 1344, 3 status IDs, 1 attribute}. */
  public Set<String> checked() {
    return checked;
  }

  private void report(PipelineFile file, String prefix, int reportId, PipelineDefinition def) {
    Object got = reports.computeIfAbsent(reportId, this::fetchReport);
    String field = prefix + "report_id";
    if (got instanceof String error) {
      problems.add(new PipelineProblem(file.source(), 0, field, error));
      return;
    }
    Report report = (Report) got;
    checked.add("report " + reportId);
    Set<String> names = new LinkedHashSet<>();
    Map<String, String> byHeader = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (report.displayedColumns() != null) {
      for (Report.DisplayColumn c : report.displayedColumns()) {
        if (c.columnName() != null) {
          names.add(c.columnName());
          if (c.headerText() != null) {
            byHeader.put(c.headerText(), c.columnName());
          }
        }
      }
    }
    Set<String> wanted = new LinkedHashSet<>();
    wanted.add(ticketColumn);
    wanted.addAll(def.pipeline().columnsRead());
    for (String column : wanted) {
      if (names.contains(column)) {
        continue;
      }
      String hint =
          byHeader.containsKey(column)
              ? "; its column name is " + byHeader.get(column) + " (write that)"
              : "; add the column to the report or fix the name";
      String use =
          column.equals(ticketColumn)
              ? "the ticket-ID column (--ticket-column)"
              : "read by a column: condition or a {{row." + column + "}} template";
      problems.add(
          new PipelineProblem(
              file.source(),
              0,
              field,
              "report "
                  + reportId
                  + " ("
                  + report.name()
                  + ") has no column "
                  + column
                  + ", "
                  + use
                  + hint
                  + "; its columns: "
                  + String.join(", ", names)));
    }
  }

  private Object fetchReport(int reportId) {
    try {
      Report report = tdx.getReport(reportId, false);
      if (report == null) {
        return "TDX returned no report " + reportId;
      }
      return report;
    } catch (TdxException.NotFound e) {
      return "report "
          + reportId
          + " is not in TDX or not visible to tqd's account (TDX: "
          + e.getMessage()
          + "); check the ID and share the report with the account";
    } catch (TdxException.Unauthorized e) {
      throw e;
    } catch (TdxException e) {
      if (e instanceof TdxException.BadRequest) {
        return "TDX refused report " + reportId + ": " + e.getMessage();
      }
      throw e;
    }
  }

  private void statuses(PipelineFile file, String prefix, ActionSpec action) {
    Map<Integer, String> used = new LinkedHashMap<>();
    for (PipelineIds.Use use :
        PipelineIds.of(org.tqd.workflows.action.Pipeline.of(List.of(action))).ticketStatuses()) {
      used.putIfAbsent(use.id(), use.where());
    }
    if (action.when() != null && action.when().tree() != null) {
      collectStatusIds(action.when().tree(), action.type() + ".when", used);
    }
    if (used.isEmpty()) {
      return;
    }
    if (statuses == null) {
      statuses = tdx.getTicketStatuses();
    }
    Map<Integer, String> known = new TreeMap<>();
    for (TicketStatus s : statuses) {
      known.put(s.id(), s.name());
    }
    for (Map.Entry<Integer, String> e : used.entrySet()) {
      checked.add("status " + e.getKey());
      if (!known.containsKey(e.getKey())) {
        problems.add(
            new PipelineProblem(
                file.source(),
                0,
                prefix + action.actionId() + " " + e.getValue(),
                "status ID "
                    + e.getKey()
                    + " is not a ticket status in TDX; its statuses: "
                    + known.entrySet().stream()
                        .map(k -> k.getKey() + " " + k.getValue())
                        .collect(Collectors.joining(", "))));
      }
    }
  }

  private static void collectStatusIds(Condition c, String where, Map<Integer, String> out) {
    if ("field".equals(c.kind())
        && "StatusID".equals(FieldCatalog.canonical(c.name()).orElse(c.name()))) {
      Object v = c.value();
      List<?> values = v instanceof List<?> l ? l : List.of(v == null ? "" : v);
      for (Object o : values) {
        if (o instanceof Number n) {
          out.putIfAbsent(n.intValue(), where + " field StatusID");
        }
      }
    }
    for (Condition child : c.of()) {
      collectStatusIds(child, where, out);
    }
  }

  private void attributes(PipelineFile file, String prefix, ActionSpec action) {
    if (action.when() == null || action.when().tree() == null) {
      return;
    }
    Set<String> named = new LinkedHashSet<>();
    collectAttributes(action.when().tree(), named);
    if (named.isEmpty()) {
      return;
    }
    if (attributes == null && attributesError == null) {
      try {
        attributes = tdx.customAttributes(TICKET_COMPONENT);
      } catch (TdxException.Unauthorized e) {
        throw e;
      } catch (TdxException e) {
        attributesError = "the ticket attribute definitions could not be read: " + e.getMessage();
      }
    }
    String field = prefix + action.actionId() + " " + action.type() + ".when";
    if (attributesError != null) {
      problems.add(new PipelineProblem(file.source(), 0, field, attributesError));
      return;
    }
    for (String idOrName : named) {
      checked.add("attribute " + idOrName);
      if (!known(idOrName)) {
        problems.add(
            new PipelineProblem(
                file.source(),
                0,
                field,
                "attribute "
                    + idOrName
                    + " is not a ticket custom attribute in TDX (by ID or name); its attributes: "
                    + attributes.stream()
                        .map(a -> a.get("ID") + " " + a.get("Name"))
                        .collect(Collectors.joining(", "))));
      }
    }
  }

  private boolean known(String idOrName) {
    String wanted = idOrName.strip().toLowerCase(Locale.ROOT);
    for (Map<String, Object> a : attributes) {
      Object id = a.get("ID");
      Object name = a.get("Name");
      if ((id != null && id.toString().equals(wanted))
          || (name != null && name.toString().strip().toLowerCase(Locale.ROOT).equals(wanted))) {
        return true;
      }
    }
    return false;
  }

  private static void collectAttributes(Condition c, Set<String> out) {
    if ("attribute".equals(c.kind()) && c.name() != null) {
      out.add(c.name());
    }
    if ("age".equals(c.kind())
        && c.name() != null
        && !Condition.LAST_REQUESTOR_REPLY.equals(c.name())
        && FieldCatalog.canonical(c.name()).isEmpty()) {
      out.add(c.name());
    }
    for (Condition child : c.of()) {
      collectAttributes(child, out);
    }
  }
}
