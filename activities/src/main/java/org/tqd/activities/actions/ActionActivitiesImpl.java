package org.tqd.activities.actions;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.notify.Notifications;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.tdx.TdxApi;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.InvalidActionException;
import org.tqd.workflows.activities.ActionActivities;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.AddAssetStep;

/**
 * The pipeline's actions: each activity method delegates to the class named for its action ({@link
 * AddAssetAction}, {@link CommentAction}, {@link ChangeStatusAction}, {@link AssignAction}, {@link
 * FindActiveTicketsAction}, {@link SummaryCommentAction}, {@link UpdateFieldsAction}, {@link
 * NotifyAction}, {@link LogEventAction}), under the ledger protocol of {@link ActionRunner}. A spec
 * whose action ID does not match its type, version and parameters is refused (non-retryable {@code
 * InvalidAction}), so it can never run under another action's ledger row. Logs one INFO line per
 * ticket and action, with {@code TicketId}, {@code ActionId} and (inside an activity) {@code
 * WorkflowId} in the MDC. Thread-safe: one instance serves every activity thread of a worker.
 *
 * <pre>{@code
 * Database db = Database.connect(DatabaseUrl.parse(env.get("DATABASE_URL")));
 * TdxClient tdx = new TdxClient(tdxConfig);
 * SyncedAssetIndex index = new SyncedAssetIndex(tdx, new AssetIndex(db.jdbi()),
 *     SyncedAssetIndex.Options.defaults(), Clock.systemUTC());
 * ActionActivities actions = new ActionActivitiesImpl(tdx, new ActionLedger(db.jdbi()),
 *     new ActionJournal(db.jdbi()), index,
 *     ActionSettings.forTdx(tdxConfig.baseUrl(), tdxConfig.ticketAppId()), Clock.systemUTC());
 * }</pre>
 */
public final class ActionActivitiesImpl implements ActionActivities {

  private static final Logger log = LoggerFactory.getLogger(ActionActivitiesImpl.class);

  private final ActionRunner runner;
  private final AddAssetAction addAsset;
  private final AddAssetSteps addAssetSteps;
  private final CommentAction comment;
  private final ChangeStatusAction changeStatus;
  private final AssignAction assign;
  private final FindActiveTicketsAction findActiveTickets;
  private final SummaryCommentAction summaryComment;
  private final UpdateFieldsAction updateFields;
  private final NotifyAction notify;
  private final LogEventAction logEvent;

  /**
   * @param tdx the TDX client
   * @param ledger the action ledger
   * @param journal plans and posted summaries in the ledger rows
   * @param assetIndex the computer index {@code add_asset} looks identifiers up in
   * @param settings link base and tickets app for {@code find_active_tickets}
   * @param clock for rate-limit retry delays
   */
  public ActionActivitiesImpl(
      TdxApi tdx,
      ActionLedger ledger,
      ActionJournal journal,
      SyncedAssetIndex assetIndex,
      ActionSettings settings,
      Clock clock) {
    this(tdx, ledger, journal, assetIndex, settings, clock, TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK);
  }

  /**
   * As above, with the number of failed runs after which an action is parked (the summary names a
   * parked action instead of waiting for it); the worker's {@code --max-runs-before-park}.
   */
  public ActionActivitiesImpl(
      TdxApi tdx,
      ActionLedger ledger,
      ActionJournal journal,
      SyncedAssetIndex assetIndex,
      ActionSettings settings,
      Clock clock,
      int maxRunsBeforePark) {
    this(tdx, ledger, journal, assetIndex, null, settings, clock, maxRunsBeforePark);
  }

  /**
   * @param tdx the TDX client
   * @param ledger the action ledger
   * @param journal plans and posted summaries in the ledger rows
   * @param assetIndex the computer index {@code add_asset} looks identifiers up in
   * @param ticketIndex the active-ticket index {@code find_active_tickets} reads, and {@code
   *     add_asset} records the ticket's computers in; null: {@code find_active_tickets} searches
   *     TDX
   * @param settings link base and tickets app for {@code find_active_tickets}
   * @param clock for rate-limit retry delays
   * @param maxRunsBeforePark failed runs after which an action is parked
   */
  public ActionActivitiesImpl(
      TdxApi tdx,
      ActionLedger ledger,
      ActionJournal journal,
      SyncedAssetIndex assetIndex,
      SyncedTicketIndex ticketIndex,
      ActionSettings settings,
      Clock clock,
      int maxRunsBeforePark) {
    this(
        tdx,
        ledger,
        journal,
        assetIndex,
        ticketIndex,
        settings,
        clock,
        maxRunsBeforePark,
        Notifications.fromEnvironment());
  }

  /**
   * As above, with what {@code notify} sends through (secrets from the environment or secret files,
   * HTTP channels, SMTP).
   */
  public ActionActivitiesImpl(
      TdxApi tdx,
      ActionLedger ledger,
      ActionJournal journal,
      SyncedAssetIndex assetIndex,
      SyncedTicketIndex ticketIndex,
      ActionSettings settings,
      Clock clock,
      int maxRunsBeforePark,
      Notifications notifications) {
    Objects.requireNonNull(tdx, "tdx");
    if (maxRunsBeforePark < 1) {
      throw new IllegalArgumentException(
          "maxRunsBeforePark must be at least 1, got " + maxRunsBeforePark);
    }
    this.runner =
        new ActionRunner(
            Objects.requireNonNull(ledger, "ledger"),
            Objects.requireNonNull(journal, "journal"),
            Objects.requireNonNull(clock, "clock"));
    this.addAsset =
        new AddAssetAction(tdx, Objects.requireNonNull(assetIndex, "assetIndex"), ticketIndex);
    this.addAssetSteps = new AddAssetSteps(addAsset, runner, journal);
    this.comment = new CommentAction(tdx);
    this.changeStatus = new ChangeStatusAction(tdx);
    this.assign = new AssignAction(tdx);
    this.findActiveTickets =
        new FindActiveTicketsAction(tdx, ticketIndex, Objects.requireNonNull(settings, "settings"));
    this.summaryComment = new SummaryCommentAction(tdx, ledger, journal, runner, maxRunsBeforePark);
    this.updateFields = new UpdateFieldsAction(tdx);
    this.notify = new NotifyAction(Objects.requireNonNull(notifications, "notifications"));
    this.logEvent = new LogEventAction();
  }

  /**
   * Makes every action pass the kill switch and the write budget before it writes ({@link
   * WriteGate}); without it, nothing is held.
   *
   * @return this
   */
  public ActionActivitiesImpl withWriteGate(WriteGate gate) {
    runner.gate(gate);
    return this;
  }

  @Override
  public ActionResult addAsset(ActionRequest request) {
    return perform("add_asset", request, r -> runner.run(r, addAsset));
  }

  @Override
  public AddAssetStep.Claimed addAssetClaim(ActionRequest request) {
    return perform("add_asset", request, addAssetSteps::claim);
  }

  @Override
  public Map<String, Object> addAssetFindInTitleAndDescription(ActionRequest request) {
    return perform("add_asset", request, addAssetSteps::findInTitleAndDescription);
  }

  @Override
  public Map<String, Object> addAssetFindInConversation(ActionRequest request) {
    return perform("add_asset", request, addAssetSteps::findInConversation);
  }

  @Override
  public Map<String, Object> addAssetFindFromRequestor(ActionRequest request) {
    return perform("add_asset", request, addAssetSteps::findFromRequestor);
  }

  @Override
  public ActionResult addAssetAttach(AddAssetStep.Attach attach) {
    return perform("add_asset", attach.request(), r -> addAssetSteps.attach(attach));
  }

  @Override
  public ActionResult comment(ActionRequest request) {
    return perform("comment", request, r -> runner.run(r, comment));
  }

  @Override
  public ActionResult changeStatus(ActionRequest request) {
    return perform("change_status", request, r -> runner.run(r, changeStatus));
  }

  @Override
  public ActionResult assign(ActionRequest request) {
    return perform("assign", request, r -> runner.run(r, assign));
  }

  @Override
  public ActionResult findActiveTickets(ActionRequest request) {
    return perform("find_active_tickets", request, r -> runner.run(r, findActiveTickets));
  }

  @Override
  public ActionResult summaryComment(ActionRequest request) {
    return perform("summary_comment", request, summaryComment::run);
  }

  @Override
  public ActionResult updateFields(ActionRequest request) {
    return perform("update_fields", request, r -> runner.run(r, updateFields));
  }

  @Override
  public ActionResult sendNotification(ActionRequest request) {
    return perform("notify", request, r -> runner.run(r, notify));
  }

  @Override
  public ActionResult logEvent(ActionRequest request) {
    return perform("log_event", request, r -> runner.run(r, logEvent));
  }

  private <T> T perform(String type, ActionRequest request, Function<ActionRequest, T> body) {
    int ticketId = request.ticketId();
    String actionId = request.action().actionId();
    MDC.put("TicketId", String.valueOf(ticketId));
    MDC.put("ActionId", actionId);
    String workflowId = workflowId();
    if (workflowId != null) {
      MDC.put("WorkflowId", workflowId);
    }
    try {
      if (!type.equals(request.action().type())) {
        throw ActionFailures.invalidAction(
            ticketId,
            actionId,
            "the " + type + " activity was given an action of type " + request.action().type());
      }
      try {
        ActionSpecs.verify(request.action());
      } catch (InvalidActionException e) {
        throw ActionFailures.invalidAction(ticketId, actionId, e.getMessage());
      }
      T value = body.apply(request);
      if (value instanceof ActionResult result) {
        log.info(
            "Ticket {} action {}: {}{} - {}",
            ticketId,
            actionId,
            result.outcome(),
            request.dryRun() ? " (dry run)" : "",
            result.message());
      }
      return value;
    } catch (ApplicationFailure f) {
      // The worker logs one WARN line per failed attempt; this one adds nothing then.
      log.debug("Ticket {} action {}: failed - {}", ticketId, actionId, f.getOriginalMessage());
      throw f;
    } finally {
      MDC.remove("TicketId");
      MDC.remove("ActionId");
      MDC.remove("WorkflowId");
    }
  }

  /** The workflow ID when running inside an activity, else null. */
  static String workflowId() {
    try {
      return Activity.getExecutionContext().getInfo().getWorkflowId();
    } catch (IllegalStateException notInAnActivity) {
      return null;
    }
  }
}
