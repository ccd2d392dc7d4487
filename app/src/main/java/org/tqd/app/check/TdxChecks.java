package org.tqd.app.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.tqd.tdx.RateLimitMode;
import org.tqd.tdx.RateLimitStatus;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;
import org.tqd.tdx.model.NamedItem;
import org.tqd.tdx.model.Report;
import org.tqd.tdx.model.TicketStatus;

/**
 * The TDX half of {@code tqd check}: settings, credentials, the report (exists, visible to the
 * account, has the ticket-ID column, which status column), the rate-limit headers, and every
 * status, form and type ID the pipeline names. Read-only: it never writes to TDX. A 429 is
 * reported, never waited out.
 */
final class TdxChecks {

  private static final String REPORT_METHOD = "GET reports/{id}";

  private final Map<String, String> env;
  private final int reportId;
  private final String ticketColumn;
  private final PipelineIds ids;
  private final List<CheckResult> results = new ArrayList<>();

  TdxChecks(Map<String, String> env, int reportId, String ticketColumn, PipelineIds ids) {
    this.env = env;
    this.reportId = reportId;
    this.ticketColumn = ticketColumn;
    this.ids = ids;
  }

  List<CheckResult> run() {
    TdxClientConfig config;
    try {
      config =
          TdxClientConfig.fromEnvironment(env)
              .rateLimitMode(RateLimitMode.SURFACE)
              .connectTimeout(Duration.ofSeconds(5))
              .requestTimeout(Duration.ofSeconds(30))
              .build();
    } catch (IllegalArgumentException e) {
      results.add(
          CheckResult.fail(
              "TDX settings",
              e.getMessage(),
              "set TDX_BASE_URL, TDX_APP_ID and one of TDX_BEID+TDX_WEB_SERVICES_KEY,"
                  + " TDX_USERNAME+TDX_PASSWORD or TDX_API_TOKEN (environment or .env)"));
      skipRest("TDX settings");
      return results;
    }
    results.add(
        CheckResult.pass(
            "TDX settings",
            config.baseUrl()
                + ", tickets app "
                + config.ticketAppId()
                + ", assets app "
                + config.assetAppId()
                + ", "
                + describe(config.credentials())));
    try (TdxClient tdx = new TdxClient(config)) {
      if (!credentials(tdx, config)) {
        skipRest("TDX credentials");
        return results;
      }
      Report report = report(tdx);
      if (report != null) {
        columns(report);
      } else {
        results.add(CheckResult.skip("report columns", "the report could not be read"));
      }
      rateLimitHeaders(tdx, report != null);
      ticketStatuses(tdx, config);
      assetFormsAndStatuses(tdx, config);
      lookupList("ticket forms", ids.ticketForms(), tdx::getTicketForms, config);
      lookupList("ticket types", ids.ticketTypes(), tdx::getTicketTypes, config);
      attributes();
    }
    return results;
  }

  private void skipRest(String because) {
    for (String name :
        List.of(
            "TDX credentials",
            "TDX report " + reportId,
            "report columns",
            "TDX rate-limit headers",
            "ticket statuses",
            "asset form and statuses")) {
      if (results.stream().noneMatch(r -> r.name().equals(name))) {
        results.add(CheckResult.skip(name, because + " failed"));
      }
    }
  }

  private static String describe(TdxCredentials c) {
    if (c instanceof TdxCredentials.WebServicesKey) {
      return "credentials: BEID + web services key";
    }
    if (c instanceof TdxCredentials.UsernamePassword u) {
      return "credentials: user " + u.username();
    }
    return "credentials: a static API token";
  }

  private boolean credentials(TdxClient tdx, TdxClientConfig config) {
    String name = "TDX credentials";
    try {
      tdx.logIn();
      results.add(CheckResult.pass(name, "logged in to " + config.baseUrl()));
      return true;
    } catch (TdxException.Unauthorized | TdxException.Forbidden e) {
      results.add(
          CheckResult.fail(
              name, "TDX refused the login: " + e.getMessage(), loginFix(config.credentials())));
    } catch (TdxException.NotFound e) {
      results.add(
          CheckResult.fail(
              name,
              "TDX answered 404 to the login: " + e.getMessage(),
              "TDX_BASE_URL must end in /TDWebApi/api (or /SBTDWebApi/api for TDX's sandbox)"));
    } catch (TdxException e) {
      results.add(
          CheckResult.fail(
              name,
              "cannot log in to TDX at " + config.baseUrl() + ": " + e.getMessage(),
              tdxUnavailableFix(e)));
    }
    return false;
  }

  private static String loginFix(TdxCredentials c) {
    if (c instanceof TdxCredentials.WebServicesKey) {
      return "check TDX_BEID and TDX_WEB_SERVICES_KEY (TDX Admin > Organization Details); TDX"
          + " also refuses them while the administrative service account is inactive";
    }
    if (c instanceof TdxCredentials.UsernamePassword) {
      return "check TDX_USERNAME and TDX_PASSWORD, and that the account may use the Web API";
    }
    return "TDX_API_TOKEN is refused or expired: get a new one, or use"
        + " TDX_BEID+TDX_WEB_SERVICES_KEY, which tqd renews by itself";
  }

  private static String tdxUnavailableFix(TdxException e) {
    if (e instanceof TdxException.RateLimited r) {
      return "TDX rate-limits this method until " + r.resetAt() + ": run tqd check again then";
    }
    return "check TDX_BASE_URL, DNS, proxies and firewalls between this host and TDX; TDX's status"
        + " page if it answers 5xx";
  }

  private Report report(TdxClient tdx) {
    String name = "TDX report " + reportId;
    try {
      Report r = tdx.getReport(reportId, true);
      int rows = r.dataRows() == null ? 0 : r.dataRows().size();
      results.add(
          CheckResult.pass(
              name,
              "'"
                  + r.name()
                  + "' is visible to this account: "
                  + rows
                  + " row(s) now (MaxResults "
                  + r.maxResults()
                  + ")"));
      return r;
    } catch (TdxException.NotFound e) {
      results.add(
          CheckResult.fail(
              name,
              "TDX has no report " + reportId + " for this account: " + e.getMessage(),
              "check DAEMON_REPORT_ID (or --report-id) against the report's URL in TDX; a report"
                  + " that exists but is not shared with the API account looks the same: share"
                  + " it with that account (or its group) in the report's sharing settings"));
    } catch (TdxException.Unauthorized | TdxException.Forbidden e) {
      results.add(
          CheckResult.fail(
              name,
              "the report is not shared with this account: " + e.getMessage(),
              "share report "
                  + reportId
                  + " with the API account (or a group it belongs to) in the report's sharing"
                  + " settings in TDX"));
    } catch (TdxException e) {
      results.add(CheckResult.fail(name, e.getMessage(), tdxUnavailableFix(e)));
    }
    return null;
  }

  private void columns(Report report) {
    List<String> names =
        report.displayedColumns() == null
            ? List.of()
            : report.displayedColumns().stream()
                .map(Report.DisplayColumn::columnName)
                .filter(Objects::nonNull)
                .toList();
    if (names.contains(ticketColumn)) {
      long bad =
          report.dataRows() == null
              ? 0
              : report.dataRows().stream()
                  .filter(row -> Report.intValue(row, ticketColumn) == null)
                  .count();
      if (bad > 0) {
        results.add(
            CheckResult.fail(
                "report column " + ticketColumn,
                bad + " row(s) have no whole-number " + ticketColumn,
                "the column must hold ticket IDs; check the report's column choice"));
      } else {
        results.add(
            CheckResult.pass(
                "report column " + ticketColumn, "present; every row has a ticket ID"));
      }
    } else {
      results.add(
          CheckResult.fail(
              "report column " + ticketColumn,
              "the report has no column " + ticketColumn + "; its columns: " + names,
              "add the ticket ID column (ColumnName "
                  + ticketColumn
                  + ") to the report in TDX, or name the column that holds ticket IDs with"
                  + " --ticket-column"));
    }
    String status;
    if (names.contains("StatusID")) {
      status = "StatusID: status conditions are decided from the row at every poll";
    } else if (names.contains("StatusName")) {
      status =
          "StatusName: status conditions are decided from the row, names mapped to IDs with one"
              + " GET tickets/statuses per poll";
    } else {
      status =
          "none: status conditions are evaluated again once per --recheck-interval; add StatusID"
              + " (or StatusName) to the report to react at the next poll";
    }
    results.add(CheckResult.pass("report status column", status));
  }

  private void rateLimitHeaders(TdxClient tdx, boolean reportRead) {
    String name = "TDX rate-limit headers";
    String method = reportRead ? REPORT_METHOD : "GET tickets/statuses";
    if (!reportRead) {
      try {
        tdx.getTicketStatuses();
      } catch (TdxException e) {
        results.add(CheckResult.fail(name, e.getMessage(), tdxUnavailableFix(e)));
        return;
      }
    }
    RateLimitStatus s = tdx.rateLimit(method).orElse(new RateLimitStatus(null, null, null));
    if (s.complete()) {
      results.add(
          CheckResult.pass(
              name,
              method
                  + ": limit "
                  + s.limit()
                  + ", "
                  + s.remaining()
                  + " left, window ends "
                  + s.reset()));
    } else {
      results.add(
          CheckResult.fail(
              name,
              method
                  + " came back without X-RateLimit-Limit, X-RateLimit-Remaining and"
                  + " X-RateLimit-Reset (got "
                  + s
                  + ")",
              "tqd paces itself from these headers and would learn TDX's limits only from 429s;"
                  + " if a proxy sits between tqd and TDX, make it pass them through"));
    }
  }

  private void ticketStatuses(TdxClient tdx, TdxClientConfig config) {
    String name = "ticket statuses";
    if (ids.ticketStatuses().isEmpty()) {
      results.add(CheckResult.pass(name, "the pipeline names none"));
      return;
    }
    List<TicketStatus> statuses;
    try {
      statuses = tdx.getTicketStatuses();
    } catch (TdxException e) {
      results.add(CheckResult.fail(name, e.getMessage(), tdxUnavailableFix(e)));
      return;
    }
    Map<Integer, String> byId =
        statuses.stream()
            .collect(Collectors.toMap(TicketStatus::id, TicketStatus::name, (a, b) -> a));
    List<PipelineIds.Use> missing =
        ids.ticketStatuses().stream().filter(u -> !byId.containsKey(u.id())).toList();
    if (missing.isEmpty()) {
      results.add(
          CheckResult.pass(
              name,
              ids.ticketStatuses().stream()
                  .map(PipelineIds.Use::id)
                  .distinct()
                  .map(id -> id + " " + byId.get(id))
                  .collect(Collectors.joining(", "))));
    } else {
      results.add(
          CheckResult.fail(
              name,
              "not active statuses of tickets app "
                  + config.ticketAppId()
                  + ": "
                  + missing
                  + "; TDX has "
                  + byId,
              "correct these IDs in pipeline.yaml (TDX Admin > Tickets app > Statuses), or set"
                  + " TDX_TICKET_APP_ID if the tickets app is another one"));
    }
  }

  private void assetFormsAndStatuses(TdxClient tdx, TdxClientConfig config) {
    String name = "asset form and statuses";
    if (ids.assetForms().isEmpty() && ids.assetStatuses().isEmpty()) {
      results.add(CheckResult.pass(name, "the pipeline names none"));
      return;
    }
    List<Integer> forms = distinct(ids.assetForms());
    List<Integer> statuses = distinct(ids.assetStatuses());
    List<Asset> found;
    try {
      found =
          tdx.searchAssets(
              new AssetSearch(
                  null,
                  null,
                  statuses.isEmpty() ? null : statuses,
                  forms.isEmpty() ? null : forms,
                  null,
                  null,
                  1));
    } catch (TdxException e) {
      results.add(CheckResult.fail(name, e.getMessage(), tdxUnavailableFix(e)));
      return;
    }
    String what =
        "assets app "
            + config.assetAppId()
            + (forms.isEmpty() ? "" : ", form " + ids.assetForms())
            + (statuses.isEmpty() ? "" : ", status " + ids.assetStatuses());
    if (found.isEmpty()) {
      results.add(
          CheckResult.fail(
              name,
              "no asset matches " + what + ": add_asset would never find a computer",
              "check computer_form_id and active_status_ids in pipeline.yaml against TDX"
                  + " (Assets app > Forms and Statuses), and TDX_APP_ID"));
    } else {
      results.add(CheckResult.pass(name, "assets exist with " + what));
    }
  }

  private void lookupList(
      String name, List<PipelineIds.Use> uses, Supplier<List<NamedItem>> list, TdxClientConfig c) {
    if (uses.isEmpty()) {
      results.add(CheckResult.pass(name, "the pipeline names none"));
      return;
    }
    List<NamedItem> items;
    try {
      items = list.get();
    } catch (TdxException e) {
      results.add(
          CheckResult.fail(name, "cannot list them: " + e.getMessage(), tdxUnavailableFix(e)));
      return;
    }
    Set<Integer> known =
        items.stream().filter(NamedItem::isActive).map(NamedItem::id).collect(Collectors.toSet());
    List<PipelineIds.Use> missing = uses.stream().filter(u -> !known.contains(u.id())).toList();
    if (missing.isEmpty()) {
      results.add(CheckResult.pass(name, "all active in tickets app " + c.ticketAppId()));
    } else {
      results.add(
          CheckResult.fail(
              name,
              "not active in tickets app " + c.ticketAppId() + ": " + missing,
              "correct these IDs in pipeline.yaml"));
    }
  }

  private void attributes() {
    if (ids.attributes().isEmpty()) {
      results.add(CheckResult.pass("custom attributes", "the pipeline names none"));
    } else {
      results.add(
          CheckResult.skip(
              "custom attributes",
              ids.attributes() + ": look them up in TDX Admin > Custom Attributes"));
    }
  }

  private static List<Integer> distinct(List<PipelineIds.Use> uses) {
    return uses.stream().map(PipelineIds.Use::id).distinct().sorted().toList();
  }
}
