package org.tqd.activities.actions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.activities.ledger.TicketIndex;
import org.tqd.activities.tickets.SyncedTicketIndex;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.Ticket;
import org.tqd.tdx.model.TicketSearch;
import org.tqd.workflows.action.FindActiveTicketsConfig;
import org.tqd.workflows.activities.ActionRequest;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;

/**
 * {@code find_active_tickets}: lists the other active tickets of the requestor, of the ticket's
 * assets and of its lab, as an HTML summary ({@link RelatedTicketsHtml}). Read-only in TDX; its
 * result is recorded {@code completed} in the ledger so it is a snapshot taken once, not recomputed
 * every run.
 *
 * <p>Parameters (the daemon's): {@code exclude_current_ticket} (true), {@code
 * max_tickets_per_category} (10), {@code active_status_ids} ([115, 117, 121, 619, 620, 622]),
 * {@code lab_type_id} (10132), {@code show_partial_on_error} (true); new: {@code web_base_url} and
 * {@code ticket_app_id} for the links (default: the site's, see {@link ActionSettings}).
 *
 * <p>The lab table is built as the daemon built it (lsats-daemon.md §1.4 step 4): the first of the
 * ticket's configuration items whose {@code TypeID} is {@code lab_type_id} is the lab, and {@code
 * GET {assetApp}/cmdb/{BackingItemID}/tickets} lists its tickets, of which those in the active
 * statuses count. That is one call for a ticket with a lab and none for the others.
 *
 * <p>Fixed against the daemon: the active status IDs apply to both the requestor and the asset
 * search; asset tickets come from the ticket's asset CIs ({@code BackingItemType} 27, lab type
 * excluded) in one search for all of them; a category that fails is listed under "Errors
 * encountered" when {@code show_partial_on_error} (even when nothing was found) and fails the
 * action otherwise (retried as the TDX error allows); all ticket text is HTML-escaped; the order of
 * each table is stable (most recently modified first, by date rather than by its text, then the
 * higher ticket ID), so two runs over the same tickets give the same comment.
 *
 * <p>Where the tickets come from: the {@link SyncedTicketIndex} (a local copy of the active tickets
 * and their computers, synced once per poll) when it indexes every configured status, so that the
 * action makes no ticket search (TDX allows 30 a minute); the ticket's own configuration items are
 * those its {@code add_asset} read in this run and recorded in the index (no second {@code GET
 * tickets/{id}/assets}). Otherwise (no index, or statuses it does not hold) two TDX ticket
 * searches, as the daemon did. Both give the same tables; the index's may be one poll older.
 */
final class FindActiveTicketsAction implements PlannedAction<FindActiveTicketsAction.Plan> {

  private static final Logger log = LoggerFactory.getLogger(FindActiveTicketsAction.class);

  static final String NO_REQUESTOR = "⚠️ No RequestorUID found (skipped requestor tickets)";

  private final TdxApi tdx;
  private final SyncedTicketIndex index;
  private final ActionSettings settings;

  /**
   * @param index the ticket index, or null to search TDX for every ticket
   */
  FindActiveTicketsAction(TdxApi tdx, SyncedTicketIndex index, ActionSettings settings) {
    this.tdx = tdx;
    this.index = index;
    this.settings = settings;
  }

  /** The outcome, computed by {@link #plan}; nothing is left to write. */
  record Plan(String message, String summary, Map<String, Object> details) {}

  @Override
  public Class<Plan> planType() {
    return Plan.class;
  }

  @Override
  public Plan plan(ActionRequest request) {
    FindActiveTicketsConfig c = FindActiveTicketsConfig.from(request.action().params());
    boolean excludeCurrent = c.excludeCurrentTicket();
    int max = c.maxTicketsPerCategory();
    List<Integer> statuses = c.activeStatusIds();
    int labTypeId = c.labTypeId();
    boolean partial = c.showPartialOnError();
    RelatedTicketsHtml html =
        new RelatedTicketsHtml(
            c.webBaseUrl() == null ? settings.webBaseUrl() : c.webBaseUrl(),
            c.ticketAppId() == null ? settings.ticketAppId() : c.ticketAppId());

    Ticket ticket = request.ticket();
    Source source = source(statuses);
    List<String> errors = new ArrayList<>();
    List<Ticket> requestor = List.of();
    if (ticket.requestorUid() == null || ticket.requestorUid().isBlank()) {
      errors.add(NO_REQUESTOR);
    } else {
      try {
        requestor = source.requestorTickets(ticket.requestorUid(), statuses);
      } catch (TdxException e) {
        if (!partial) {
          throw e;
        }
        errors.add("⚠️ Could not fetch requestor tickets");
      }
    }
    List<ConfigurationItem> items = null;
    List<Ticket> asset = List.of();
    try {
      items = source.items(request);
      asset = source.assetTickets(request, items, statuses, labTypeId);
    } catch (TdxException e) {
      if (!partial) {
        throw e;
      }
      errors.add("⚠️ Could not fetch asset tickets");
    }
    List<Ticket> lab = List.of();
    Integer labCi = null;
    if (items != null) {
      labCi = labOf(items, labTypeId);
      if (labCi != null) {
        try {
          lab = labTickets(labCi, statuses);
        } catch (TdxException e) {
          if (!partial) {
            throw e;
          }
          errors.add("⚠️ Could not fetch lab tickets");
        }
      }
    }

    Set<Integer> seen = new LinkedHashSet<>();
    if (excludeCurrent) {
      seen.add(ticket.id());
    }
    List<Ticket> req = cut(distinct(requestor, seen), max);
    List<Ticket> ast = cut(distinct(asset, seen), max);
    List<Ticket> lb = cut(distinct(lab, seen), max);
    int total = req.size() + ast.size() + lb.size();
    String summary = total > 0 || !errors.isEmpty() ? html.render(req, ast, lb, errors) : null;

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ticket_id", ticket.id());
    details.put("ticket_title", Objects.toString(ticket.title(), ""));
    details.put("requestor_tickets", req.stream().map(Ticket::id).toList());
    details.put("asset_tickets", ast.stream().map(Ticket::id).toList());
    details.put("lab_tickets", lb.stream().map(Ticket::id).toList());
    if (labCi != null) {
      details.put("lab_ci_id", labCi);
    }
    details.put("total_tickets", total);
    details.put("errors", List.copyOf(errors));
    details.put("dry_run", request.dryRun());
    return new Plan("Found " + total + " related active tickets", summary, details);
  }

  /**
   * The lab of a ticket: the ID to ask TDX for the tickets of the first configuration item of the
   * lab type (its {@code BackingItemID}, which for a CI not backed by another item is its own ID),
   * or null when the ticket has no lab.
   */
  static Integer labOf(List<ConfigurationItem> items, int labTypeId) {
    for (ConfigurationItem ci : items) {
      if (ci.typeId() == labTypeId) {
        return ci.backingItemId() != 0 ? ci.backingItemId() : ci.id();
      }
    }
    return null;
  }

  /**
   * The lab's tickets in the active statuses ({@code GET cmdb/{id}/tickets} lists every status).
   */
  private List<Ticket> labTickets(int labCi, List<Integer> statuses) {
    List<Ticket> out = new ArrayList<>();
    for (Ticket t : tdx.getConfigurationItemTickets(labCi)) {
      if (statuses.contains(t.statusId())) {
        out.add(t);
      }
    }
    return out;
  }

  /** Where the related tickets are looked up. */
  private interface Source {
    List<Ticket> requestorTickets(String uid, List<Integer> statuses);

    /** The ticket's configuration items, in TDX's order. */
    List<ConfigurationItem> items(ActionRequest request);

    /** Active tickets on the ticket's asset CIs (lab type excluded). */
    List<Ticket> assetTickets(
        ActionRequest request,
        List<ConfigurationItem> items,
        List<Integer> statuses,
        int labTypeId);
  }

  private Source source(List<Integer> statuses) {
    if (index == null || !index.covers(statuses)) {
      return new TdxSearch();
    }
    try {
      index.refreshIfStale();
    } catch (TdxException e) {
      // The index as the last sync left it is at most one poll old; a refresh that TDX refused
      // (e.g. a 429) is tried again by the next poll or action.
      log.warn("ticket index not refreshed, reading it as last synced: {}", e.getMessage());
    }
    return new Indexed();
  }

  /** The daemon's way: two ticket searches per ticket. */
  private final class TdxSearch implements Source {
    @Override
    public List<Ticket> requestorTickets(String uid, List<Integer> statuses) {
      return tdx.searchTickets(TicketSearch.byRequestor(uid, statuses));
    }

    @Override
    public List<ConfigurationItem> items(ActionRequest request) {
      return tdx.getTicketAssets(request.ticketId());
    }

    @Override
    public List<Ticket> assetTickets(
        ActionRequest request,
        List<ConfigurationItem> items,
        List<Integer> statuses,
        int labTypeId) {
      List<Integer> ciIds = new ArrayList<>();
      for (ConfigurationItem ci : items) {
        if (ci.isAsset() && ci.typeId() != labTypeId) {
          ciIds.add(ci.id());
        }
      }
      if (ciIds.isEmpty()) {
        return List.of();
      }
      return tdx.searchTickets(new TicketSearch(null, ciIds, statuses, null, null));
    }
  }

  /** The local ticket index: no TDX call when this run's add_asset recorded the ticket's CIs. */
  private final class Indexed implements Source {
    @Override
    public List<Ticket> requestorTickets(String uid, List<Integer> statuses) {
      return index.byRequestor(uid, statuses);
    }

    @Override
    public List<ConfigurationItem> items(ActionRequest request) {
      Ticket ticket = request.ticket();
      var known = index.itemsIfFresh(ticket);
      if (known.isPresent()) {
        return known.get();
      }
      List<ConfigurationItem> items = tdx.getTicketAssets(ticket.id());
      index.recordRead(ticket, items);
      return items;
    }

    @Override
    public List<Ticket> assetTickets(
        ActionRequest request,
        List<ConfigurationItem> items,
        List<Integer> statuses,
        int labTypeId) {
      Set<Integer> assets = new LinkedHashSet<>();
      for (ConfigurationItem ci : items) {
        if (ci.isAsset() && ci.typeId() != labTypeId) {
          assets.add(ci.backingItemId());
        }
      }
      if (!request.dryRun()) {
        // Attached earlier in this run (also recorded in the index, unless it was unavailable).
        assets.addAll(request.context().assetsAdded());
      }
      return index.byAssets(assets, statuses);
    }
  }

  private static List<Ticket> distinct(List<Ticket> tickets, Set<Integer> seen) {
    List<Ticket> out = new ArrayList<>();
    for (Ticket t : tickets) {
      if (seen.add(t.id())) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The stable order of a table: most recently modified first (compared as instants, so that TDX's
   * optional fractional seconds do not reorder the text), then the higher ticket ID; at most {@code
   * max}.
   */
  static final Comparator<Ticket> NEWEST_FIRST =
      Comparator.comparing(
              (Ticket t) -> TicketIndex.parseTdxDate(t.modifiedDate()),
              Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(Comparator.comparingInt(Ticket::id).reversed());

  static List<Ticket> cut(List<Ticket> tickets, int max) {
    List<Ticket> sorted = new ArrayList<>(tickets);
    sorted.sort(NEWEST_FIRST);
    return List.copyOf(sorted.subList(0, Math.min(Math.max(max, 0), sorted.size())));
  }

  @Override
  public boolean hasWrites(Plan plan) {
    return false;
  }

  @Override
  public ActionResult dryRun(ActionRequest request, Plan plan) {
    return result(request, plan, Outcome.PLANNED);
  }

  @Override
  public ActionResult apply(ActionRequest request, Plan plan, boolean reclaimed) {
    return result(request, plan, Outcome.COMPLETED);
  }

  private static ActionResult result(ActionRequest request, Plan plan, Outcome outcome) {
    return new ActionResult(
        request.action().actionId(),
        request.action().type(),
        outcome,
        plan.message(),
        plan.summary(),
        List.of(),
        List.of(),
        plan.details());
  }
}
