package org.tqd.sandbox.internal.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.JsonBody;

/**
 * TDX's {@code TicketSearch}: every given criterion must hold (lists match any of their values);
 * absent or empty criteria are ignored; {@code MaxResults} defaults to 300 and 0 returns all.
 * Results are newest first (descending ticket ID). {@code ConfigurationItemIDs} are CI IDs, not
 * asset IDs.
 */
final class TicketSearch {

  /** TDX's documented default for MaxResults. */
  static final int DEFAULT_MAX_RESULTS = 300;

  private final Integer ticketId;
  private final Integer parentTicketId;
  private final String searchText;
  private final int maxResults;
  private final Set<Integer> statusIds;
  private final Set<Integer> statusClassIds;
  private final Set<Integer> typeIds;
  private final Set<Integer> formIds;
  private final Set<Integer> accountIds;
  private final Set<Integer> priorityIds;
  private final Set<Integer> sourceIds;
  private final Set<Integer> locationIds;
  private final Set<UUID> requestorUids;
  private final Set<UUID> responsibilityUids;
  private final Set<Integer> responsibilityGroupIds;
  private final Set<Integer> ciIds;
  private final Set<Integer> excludeCiIds;
  private final Instant createdFrom;
  private final Instant createdTo;
  private final Instant modifiedFrom;
  private final Instant modifiedTo;

  TicketSearch(JsonBody b) {
    ticketId = b.integerOrNull("TicketID");
    parentTicketId = b.integerOrNull("ParentTicketID");
    searchText = b.string("SearchText");
    Integer max = b.integerOrNull("MaxResults");
    if (max != null && max < 0) {
      throw ApiException.badRequest("MaxResults must be 0 (all) or positive, got " + max + ".");
    }
    maxResults = max == null ? DEFAULT_MAX_RESULTS : max;
    statusIds = ints(b, "StatusIDs");
    statusClassIds = ints(b, "StatusClassIDs");
    typeIds = ints(b, "TypeIDs");
    formIds = ints(b, "FormIDs");
    accountIds = ints(b, "AccountIDs");
    priorityIds = ints(b, "PriorityIDs");
    sourceIds = ints(b, "SourceIDs");
    locationIds = ints(b, "LocationIDs");
    requestorUids = uids(b, "RequestorUids");
    Set<UUID> resp = uids(b, "ResponsibilityUids");
    Set<UUID> primary = uids(b, "PrimaryResponsibilityUids");
    responsibilityUids = union(resp, primary);
    responsibilityGroupIds =
        union(ints(b, "ResponsibilityGroupIDs"), ints(b, "PrimaryResponsibilityGroupIDs"));
    ciIds = ints(b, "ConfigurationItemIDs");
    excludeCiIds = ints(b, "ExcludeConfigurationItemIDs");
    createdFrom = b.instant("CreatedDateFrom");
    createdTo = b.instant("CreatedDateTo");
    modifiedFrom = b.instant("ModifiedDateFrom");
    modifiedTo = b.instant("ModifiedDateTo");
  }

  /** The matching tickets, newest first, capped at MaxResults. */
  List<Ticket> run(DataStore store) {
    Catalog catalog = store.catalog();
    List<Ticket> out = new ArrayList<>();
    for (Ticket t : store.tickets()) {
      if (matches(t, store, catalog)) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingInt(Ticket::id).reversed());
    return maxResults == 0 || out.size() <= maxResults ? out : out.subList(0, maxResults);
  }

  private boolean matches(Ticket t, DataStore store, Catalog catalog) {
    if (ticketId != null && ticketId != 0 && t.id() != ticketId) {
      return false;
    }
    if (parentTicketId != null && parentTicketId != 0 && t.parentId() != parentTicketId) {
      return false;
    }
    if (!in(statusIds, t.statusId())
        || !in(typeIds, t.typeId())
        || !in(formIds, t.formId())
        || !in(accountIds, t.accountId())
        || !in(priorityIds, t.priorityId())
        || !in(sourceIds, t.sourceId())
        || !in(locationIds, t.locationId())
        || !in(responsibilityGroupIds, t.responsibleGroupId())) {
      return false;
    }
    if (statusClassIds != null) {
      Catalog.TicketStatus st = catalog.status(t.statusId());
      if (st == null || !statusClassIds.contains(st.statusClass())) {
        return false;
      }
    }
    if (requestorUids != null && !requestorUids.contains(t.requestorUid())) {
      return false;
    }
    if (responsibilityUids != null && !responsibilityUids.contains(t.responsibleUid())) {
      return false;
    }
    if (ciIds != null || excludeCiIds != null) {
      Set<Integer> linked = new HashSet<>();
      for (int assetId : t.assetIds()) {
        Asset a = store.asset(assetId);
        if (a != null) {
          linked.add(a.ciId());
        }
      }
      linked.addAll(store.standaloneCisOf(t.id()));
      if (ciIds != null && linked.stream().noneMatch(ciIds::contains)) {
        return false;
      }
      if (excludeCiIds != null && linked.stream().anyMatch(excludeCiIds::contains)) {
        return false;
      }
    }
    if (!within(t.createdDate(), createdFrom, createdTo)
        || !within(t.modifiedDate(), modifiedFrom, modifiedTo)) {
      return false;
    }
    if (searchText != null && !searchText.isBlank()) {
      String needle = searchText.trim().toLowerCase(Locale.ROOT);
      boolean hit =
          String.valueOf(t.id()).equals(needle)
              || (t.title() != null && t.title().toLowerCase(Locale.ROOT).contains(needle))
              || (t.description() != null
                  && t.description().toLowerCase(Locale.ROOT).contains(needle));
      if (!hit) {
        return false;
      }
    }
    return true;
  }

  private static boolean in(Set<Integer> set, int value) {
    return set == null || set.contains(value);
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
  }

  private static Set<Integer> ints(JsonBody b, String name) {
    List<Integer> list = b.integers(name);
    return list == null || list.isEmpty() ? null : new HashSet<>(list);
  }

  private static Set<UUID> uids(JsonBody b, String name) {
    List<UUID> list = b.uids(name);
    return list == null || list.isEmpty() ? null : new HashSet<>(list);
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Set<T> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
