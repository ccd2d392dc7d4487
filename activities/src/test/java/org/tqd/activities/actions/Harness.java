package org.tqd.activities.actions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.ledger.ActionLedger;
import org.tqd.activities.ledger.AssetIndex;
import org.tqd.activities.ledger.Database;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.RunContext;

/**
 * The real parts the action tests run on: a TDX sandbox over loopback HTTP, the TDX client, a fresh
 * migrated PostgreSQL database, and the activity implementations wired as the worker wires them.
 */
final class Harness {

  final TdxSandbox sandbox;
  final TdxClient client;
  final Database db;
  final ActionLedger ledger;
  final ActionJournal journal;
  final SyncedAssetIndex index;
  final SyncedTicketIndex ticketIndex;
  final ActionActivitiesImpl actions;
  final TicketActivitiesImpl tickets;

  Harness(PostgresExtension pg, TdxSandbox sandbox) {
    this(pg.connect(), sandbox, null);
  }

  /** Wired over {@code db}; {@code tdx} replaces the client when not null. */
  Harness(Database db, TdxSandbox sandbox, TdxApi tdx) {
    this(db, sandbox, tdx, false);
  }

  /** As the worker wires it, with the ticket index find_active_tickets reads. */
  static Harness withTicketIndex(PostgresExtension pg, TdxSandbox sandbox) {
    return new Harness(pg.connect(), sandbox, null, true);
  }

  private Harness(Database db, TdxSandbox sandbox, TdxApi tdx, boolean withTicketIndex) {
    this.sandbox = sandbox;
    this.client = new TdxClient(config(sandbox).build());
    this.db = db;
    TdxApi api = tdx == null ? client : tdx;
    this.ledger = new ActionLedger(db.jdbi());
    this.journal = new ActionJournal(db.jdbi());
    this.index =
        new SyncedAssetIndex(
            api, new AssetIndex(db.jdbi()), SyncedAssetIndex.Options.defaults(), Clock.systemUTC());
    this.ticketIndex =
        withTicketIndex
            ? new SyncedTicketIndex(
                api,
                new TicketIndex(db.jdbi()),
                SyncedTicketIndex.Options.defaults(),
                Clock.systemUTC())
            : null;
    this.actions =
        new ActionActivitiesImpl(
            api,
            ledger,
            journal,
            index,
            ticketIndex,
            ActionSettings.forTdx(sandbox.baseUrl(), sandbox.ticketAppId()),
            Clock.systemUTC(),
            org.tqd.workflows.TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK);
    this.tickets = new TicketActivitiesImpl(api, Clock.systemUTC());
  }

  static TdxClientConfig.Builder config(TdxSandbox sandbox) {
    return TdxClientConfig.builder()
        .baseUrl(sandbox.baseUrl())
        .ticketAppId(sandbox.ticketAppId())
        .assetAppId(sandbox.assetAppId())
        .credentials(
            new TdxCredentials.WebServicesKey(
                sandbox.beid().toString(), sandbox.webServicesKey().toString()));
  }

  static ActionSpec addAsset() {
    return ActionSpecs.create("add_asset", Map.of());
  }

  static ActionSpec addAsset(Map<String, ?> params) {
    return ActionSpecs.create("add_asset", params);
  }

  static ActionSpec findActive() {
    return ActionSpecs.create("find_active_tickets", Map.of());
  }

  static ActionSpec summary() {
    return ActionSpecs.create("summary_comment", Map.of());
  }

  Ticket ticket(int id) {
    return tickets.fetchTicket(id);
  }

  ActionRequest request(int ticketId, ActionSpec spec) {
    return request(ticket(ticketId), spec, List.of(), RunContext.empty(), false);
  }

  ActionRequest dryRequest(int ticketId, ActionSpec spec) {
    return request(ticket(ticketId), spec, List.of(), RunContext.empty(), true);
  }

  ActionRequest request(
      Ticket ticket, ActionSpec spec, List<String> earlier, RunContext context, boolean dryRun) {
    return new ActionRequest(
        ticket, sandbox.reportId(), "testpipeline", spec, earlier, context, dryRun);
  }

  /** The first report ticket built for this reason (see the sandbox generator's kinds). */
  TicketTruth first(String reason) {
    return sandbox.truth().stream()
        .filter(t -> t.inReport() && t.reason().equals(reason))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ticket built as: " + reason));
  }

  /** The asset IDs linked to the ticket now, in link order. */
  List<Integer> linked(int ticketId) {
    return new ArrayList<>(sandbox.state(ticketId).assetIds());
  }

  /** Calls per method template since the last reset, without logins. */
  Map<String, Long> calls() {
    Map<String, Long> calls = new java.util.TreeMap<>(sandbox.calls());
    calls.keySet().removeIf(k -> k.contains("auth"));
    return calls;
  }

  long callCount() {
    return calls().values().stream().mapToLong(Long::longValue).sum();
  }
}
