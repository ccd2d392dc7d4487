package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tqd.activities.assets.AssetMatcher;
import org.tqd.activities.assets.AssetMatcher.Filters;
import org.tqd.activities.assets.AssetMatcher.Match;
import org.tqd.activities.assets.AssetSource;
import org.tqd.activities.assets.IdentifierExtractor;
import org.tqd.activities.assets.SyncedAssetIndex;
import org.tqd.activities.assets.TdxAssetSearch;
import org.tqd.activities.ledger.TicketIndex.TicketLink;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.AddAssetConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * {@code add_asset}: finds the computers a ticket talks about and attaches them as assets.
 *
 * <p>Three phases, in order; a phase ends the action when it finds at least one verified asset not
 * yet on the ticket:
 *
 * <ol>
 *   <li>{@link #phase1TitleAndDescription}: identifiers in the title and the (HTML) description of
 *       the ticket the workflow read once (no second {@code GET ticket});
 *   <li>{@link #phase2Conversation}: identifiers in the user conversation ({@code GET feed}, then
 *       {@code GET feed/{id}} only for entries with replies);
 *   <li>{@link #phase3RequestorsOnlyComputer}: when the ticket has no asset yet, the requestor's
 *       only active computer.
 * </ol>
 *
 * <p>Identifiers are looked up in the {@link SyncedAssetIndex} (names included, which TDX's search
 * cannot find), or through TDX's search for a form the index does not hold. Only exact matches that
 * pass the status and form filters count. A failed lookup fails the action; it never lets a later
 * phase guess instead. The ticket's computers are read once ({@code GET tickets/{id}/assets}, or
 * from the {@link SyncedTicketIndex} when its per-poll sync read them since the ticket last
 * changed) and recorded in that index with those the action attaches, for {@code
 * find_active_tickets}. Attaching costs one {@code POST tickets/{id}/assets/{assetId}} per asset;
 * TDX's 200 is the confirmation (a retry that finds its own claim reads the ticket's assets first
 * and again after adding). Messages and summaries are the Python daemon's ({@link
 * AddAssetSummaries}); details carry {@code phase}, {@code identifiers_found}, {@code
 * assets_added}, {@code asset_ids}, {@code asset_names}, {@code assets_failed} and {@code
 * assets_over_limit}.
 */
final class AddAssetAction implements PlannedAction<AddAssetAction.Plan> {

  private final TdxApi tdx;
  private final SyncedAssetIndex index;
  private final SyncedTicketIndex tickets;
  private final IdentifierExtractor extractor = new IdentifierExtractor();
  private final ConversationFilter conversation = ConversationFilter.withDefaultPrefix();

  /**
   * @param tickets the ticket index the ticket's computers are read from and recorded in, or null
   */
  AddAssetAction(TdxApi tdx, SyncedAssetIndex index, SyncedTicketIndex tickets) {
    this.tdx = tdx;
    this.index = index;
    this.tickets = tickets;
  }

  /** The status and form filters of the configuration. */
  static Filters filters(AddAssetConfig config) {
    return new Filters(
        config.activeStatusOnly() ? config.activeStatusIds() : List.of(), config.computerFormId());
  }

  /** An asset the plan attaches, with the name shown in summaries. */
  record PlannedAsset(int id, String name) {
    static PlannedAsset of(Asset a) {
      return new PlannedAsset(a.id(), a.name() == null ? String.valueOf(a.id()) : a.name());
    }
  }

  /**
   * What the action decided.
   *
   * @param phase the phase that decided (1, 2 or 3)
   * @param identifiers the identifiers of that phase that named a verified asset, in order of
   *     appearance (the summary's list; the details keep every identifier found)
   * @param toAdd the assets to attach (empty when the phase decided to add nothing)
   * @param overLimit verified assets beyond {@code max_assets_to_add}, reported, not attached
   * @param message the message when nothing is to be attached
   * @param summary the summary when nothing is to be attached (null when summaries are off)
   * @param addSummaryComment whether the action contributes a summary line
   * @param maxAssetsToAdd the cap, for the summary
   * @param details details shared by every outcome
   */
  record Plan(
      int phase,
      List<String> identifiers,
      List<PlannedAsset> toAdd,
      List<PlannedAsset> overLimit,
      String message,
      String summary,
      boolean addSummaryComment,
      int maxAssetsToAdd,
      Map<String, Object> details) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    AddAssetConfig opts = AddAssetConfig.from(request.action().params());
    Lookup lookup = new Lookup(opts);
    Set<Integer> linked = linkedAssets(request.ticket());
    Plan plan = phase1TitleAndDescription(request.ticket(), opts, lookup, linked);
    if (plan == null) {
      plan = phase2Conversation(request.ticketId(), opts, lookup, linked);
    }
    if (plan == null) {
      plan = phase3RequestorsOnlyComputer(request.ticket(), opts, lookup, linked);
    }
    return plan;
  }

  /**
   * The assets on the ticket: from the ticket index when it read them since the ticket last
   * changed, else from TDX (then recorded in the index).
   */
  Set<Integer> linkedAssets(Ticket ticket) {
    if (tickets != null) {
      var known = tickets.linksIfFresh(ticket);
      if (known.isPresent()) {
        Set<Integer> ids = new LinkedHashSet<>();
        known.get().stream().map(TicketLink::assetId).forEach(ids::add);
        return ids;
      }
    }
    List<ConfigurationItem> items = tdx.getTicketAssets(ticket.id());
    if (tickets != null) {
      tickets.recordRead(ticket, items);
    }
    return AssetMatcher.linkedAssetIds(items);
  }

  /** Phase 1: identifiers in the title and description; null when it attaches nothing. */
  Plan phase1TitleAndDescription(
      Ticket ticket, AddAssetConfig opts, Lookup lookup, Set<Integer> linked) {
    List<String> ids = extractor.fromTitleAndDescription(ticket.title(), ticket.description());
    return matchPhase(1, ids, opts, lookup, linked);
  }

  /** Phase 2: identifiers in the user conversation; null when it attaches nothing. */
  Plan phase2Conversation(int ticketId, AddAssetConfig opts, Lookup lookup, Set<Integer> linked) {
    List<FeedEntry> feed = new ArrayList<>();
    for (FeedEntry e : tdx.getTicketFeed(ticketId)) {
      feed.add(ConversationFilter.hasReplies(e) ? tdx.getFeedEntry(e.id()) : e);
    }
    List<String> ids = extractor.fromMessages(conversation.messages(feed));
    return matchPhase(2, ids, opts, lookup, linked);
  }

  /** Phase 3: the requestor's only active computer, when the ticket has no asset yet. */
  Plan phase3RequestorsOnlyComputer(
      Ticket ticket, AddAssetConfig opts, Lookup lookup, Set<Integer> linked) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("phase", 3);
    details.put("identifiers_found", List.of());
    if (opts.skipIfRequestorAssetExists() && !linked.isEmpty()) {
      details.put("skipped", true);
      return decided(
          3,
          details,
          opts,
          AddAssetSummaries.HAS_ASSETS_MESSAGE,
          AddAssetSummaries.HAS_ASSETS_SUMMARY);
    }
    String uid = ticket.requestorUid();
    if (uid == null || uid.isBlank()) {
      details.put("no_requestor", true);
      return decided(
          3,
          details,
          opts,
          AddAssetSummaries.NO_REQUESTOR_MESSAGE,
          AddAssetSummaries.NO_REQUESTOR_SUMMARY);
    }
    List<Asset> computers =
        lookup.source().findByOwner(uid).stream()
            .filter(filters(opts)::accepts)
            .collect(
                java.util.stream.Collectors.toMap(
                    Asset::id, a -> a, (a, b) -> a, LinkedHashMap::new))
            .values()
            .stream()
            .toList();
    details.put("requestor_asset_count", computers.size());
    if (computers.size() != 1) {
      return decided(
          3,
          details,
          opts,
          AddAssetSummaries.requestorCountMessage(computers.size()),
          AddAssetSummaries.requestorCountSummary(computers.size()));
    }
    Asset only = computers.get(0);
    if (linked.contains(only.id())) {
      details.put("already_added", true);
      return decided(
          3,
          details,
          opts,
          AddAssetSummaries.ALREADY_ON_TICKET_MESSAGE,
          AddAssetSummaries.ALREADY_ON_TICKET_SUMMARY);
    }
    return new Plan(
        3,
        List.of(),
        List.of(PlannedAsset.of(only)),
        List.of(),
        null,
        null,
        opts.addSummaryComment(),
        opts.maxAssetsToAdd(),
        details);
  }

  private Plan matchPhase(
      int phase, List<String> ids, AddAssetConfig opts, Lookup lookup, Set<Integer> linked) {
    if (ids.isEmpty()) {
      return null;
    }
    List<Asset> candidates = lookup.source().findByIdentifiers(ids);
    List<Asset> verified =
        AssetMatcher.match(ids, candidates, List.of(), filters(opts), Integer.MAX_VALUE).verified();
    Match match = AssetMatcher.split(verified, linked, opts.maxAssetsToAdd());
    if (match.toAdd().isEmpty() && match.overLimit().isEmpty()) {
      return null;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("phase", phase);
    details.put("identifiers_found", ids);
    return new Plan(
        phase,
        AssetMatcher.identifiersMatching(ids, verified),
        match.toAdd().stream().map(PlannedAsset::of).toList(),
        match.overLimit().stream().map(PlannedAsset::of).toList(),
        null,
        null,
        opts.addSummaryComment(),
        opts.maxAssetsToAdd(),
        details);
  }

  private static Plan decided(
      int phase, Map<String, Object> details, AddAssetConfig opts, String message, String summary) {
    details.put("assets_added", 0);
    return new Plan(
        phase,
        List.of(),
        List.of(),
        List.of(),
        message,
        opts.addSummaryComment() ? summary : null,
        opts.addSummaryComment(),
        opts.maxAssetsToAdd(),
        details);
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return !plan.toAdd().isEmpty();
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    List<String> writes =
        plan.toAdd().stream()
            .map(
                a ->
                    "POST tickets/"
                        + request.ticketId()
                        + "/assets/"
                        + a.id()
                        + " ("
                        + a.name()
                        + ")")
            .toList();
    ActionResult outcome = result(request, plan, plan.toAdd(), List.of(), Outcome.PLANNED);
    return new ActionResult(
        outcome.actionId(),
        outcome.type(),
        Outcome.PLANNED,
        outcome.message(),
        outcome.summary(),
        outcome.assetsAdded(),
        writes,
        outcome.details());
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    if (plan.toAdd().isEmpty() && plan.overLimit().isEmpty()) {
      return result(request, plan, List.of(), List.of(), Outcome.COMPLETED);
    }
    int ticketId = request.ticketId();
    Set<Integer> linkedBefore =
        reclaimed ? AssetMatcher.linkedAssetIds(tdx.getTicketAssets(ticketId)) : Set.of();
    TdxException firstRefusal = null;
    boolean posted = false;
    Set<Integer> accepted = new LinkedHashSet<>();
    for (PlannedAsset a : plan.toAdd()) {
      if (linkedBefore.contains(a.id())) {
        continue;
      }
      try {
        tdx.addTicketAsset(ticketId, a.id());
        posted = true;
        accepted.add(a.id());
      } catch (TdxException e) {
        if (e.isRetryable()) {
          throw e;
        }
        // A refused asset (e.g. deleted since the index saw it) does not stop the others.
        firstRefusal = firstRefusal == null ? e : firstRefusal;
      }
    }
    // First attempt: TDX's 200 to the add is the confirmation (no second read of the ticket's
    // assets). A reclaim cannot know what an earlier attempt's adds did, so it reads TDX again.
    Set<Integer> linkedAfter =
        !reclaimed
            ? accepted
            : posted ? AssetMatcher.linkedAssetIds(tdx.getTicketAssets(ticketId)) : linkedBefore;
    List<PlannedAsset> added = new ArrayList<>();
    List<PlannedAsset> failed = new ArrayList<>();
    for (PlannedAsset a : plan.toAdd()) {
      (linkedAfter.contains(a.id()) ? added : failed).add(a);
    }
    if (tickets != null) {
      tickets.recordAdded(ticketId, added.stream().map(PlannedAsset::id).toList());
    }
    if (added.isEmpty() && !plan.toAdd().isEmpty()) {
      if (firstRefusal != null) {
        throw firstRefusal;
      }
      throw ActionFailures.inconsistentTdx(
          ticketId,
          request.action().actionId(),
          (plan.phase() == 3 ? AddAssetSummaries.REQUESTOR_ADD_FAILED_MESSAGE + ": " : "")
              + "TDX accepted POST tickets/"
              + ticketId
              + "/assets/{assetId} for "
              + plan.toAdd().stream().map(PlannedAsset::name).toList()
              + " but GET tickets/"
              + ticketId
              + "/assets does not list them");
    }
    return result(request, plan, added, failed, Outcome.COMPLETED);
  }

  private static ActionResult result(
      ActionRequest request,
      Plan plan,
      List<PlannedAsset> added,
      List<PlannedAsset> failed,
      Outcome outcome) {
    Map<String, Object> details = new LinkedHashMap<>(plan.details());
    String message = plan.message();
    String summary = plan.summary();
    if (!plan.toAdd().isEmpty() || !plan.overLimit().isEmpty()) {
      List<String> names = added.stream().map(PlannedAsset::name).toList();
      details.put("assets_added", added.size());
      details.put("asset_ids", added.stream().map(PlannedAsset::id).toList());
      details.put("asset_names", names);
      details.put("assets_failed", failed.size());
      details.put("assets_over_limit", plan.overLimit().stream().map(PlannedAsset::name).toList());
      if (plan.phase() == 3) {
        message = AddAssetSummaries.REQUESTOR_ADDED_MESSAGE;
        summary = AddAssetSummaries.requestorAddedSummary(names.get(0));
      } else {
        message = AddAssetSummaries.addedMessage(added.size(), plan.phase());
        summary =
            AddAssetSummaries.addedSummary(
                plan.phase(),
                names,
                plan.identifiers(),
                failed.size(),
                plan.overLimit().stream().map(PlannedAsset::name).toList(),
                plan.maxAssetsToAdd());
      }
      if (!plan.addSummaryComment()) {
        summary = null;
      }
    }
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        message,
        summary,
        added.stream().map(PlannedAsset::id).toList(),
        List.of(),
        details);
  }

  /**
   * Where this run looks assets up: the index when it holds the configured form (refreshed first if
   * stale, once per action), TDX's search otherwise.
   */
  final class Lookup {
    private final AddAssetConfig opts;
    private AssetSource source;

    Lookup(AddAssetConfig opts) {
      this.opts = opts;
    }

    AssetSource source() {
      if (source == null) {
        if (index.covers(opts.computerFormId())) {
          index.refreshIfStale();
          source = index;
        } else {
          source = new TdxAssetSearch(tdx, filters(opts).statusIds(), opts.computerFormId());
        }
      }
      return source;
    }
  }
}
