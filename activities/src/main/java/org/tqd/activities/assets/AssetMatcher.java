package org.tqd.activities.assets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.ConfigurationItem;

/**
 * Decides which candidate assets a ticket's identifiers really name, and which of those to attach.
 *
 * <p>TDX's searches (and our index lookups) return candidates; only an <em>exact</em> match counts:
 * the asset's {@code Name}, {@code SerialNumber} or {@code Tag}, trimmed and compared without
 * regard to case, equals one of the identifiers. The status and form filters apply to every
 * candidate, whatever produced it (the daemon skipped them on its database path). Assets already on
 * the ticket are recognised by the {@code BackingItemID} of the ticket's configuration items whose
 * {@code BackingItemType} is 27 (the daemon compared asset IDs with CI IDs, which never matched).
 * The result is ordered by the identifiers' order of appearance, and assets beyond {@code
 * maxAssetsToAdd} are reported as over the limit rather than dropped. Pure and thread-safe.
 */
public final class AssetMatcher {

  private AssetMatcher() {}

  /**
   * Which assets count as computers for the ticket.
   *
   * @param statusIds an asset's {@code StatusID} must be one of these; empty means any status
   * @param formId an asset's {@code FormID} must equal this; 0 means any form
   */
  public record Filters(List<Integer> statusIds, int formId) {

    public Filters {
      statusIds = statusIds == null ? List.of() : List.copyOf(statusIds);
    }

    /** True when the asset passes both filters. */
    public boolean accepts(Asset asset) {
      return (statusIds.isEmpty() || statusIds.contains(asset.statusId()))
          && (formId == 0 || asset.formId() == formId);
    }
  }

  /**
   * The outcome of matching.
   *
   * @param verified every candidate that matches an identifier exactly and passes the filters, in
   *     identifier order, each asset once
   * @param alreadyOnTicket the verified assets already linked to the ticket
   * @param toAdd the verified assets not yet on the ticket, at most {@code maxAssetsToAdd}
   * @param overLimit the verified assets not yet on the ticket beyond {@code maxAssetsToAdd}
   */
  public record Match(
      List<Asset> verified, List<Asset> alreadyOnTicket, List<Asset> toAdd, List<Asset> overLimit) {

    public Match {
      verified = List.copyOf(verified);
      alreadyOnTicket = List.copyOf(alreadyOnTicket);
      toAdd = List.copyOf(toAdd);
      overLimit = List.copyOf(overLimit);
    }
  }

  /**
   * Matches candidates against identifiers.
   *
   * @param identifiers the identifiers in order of appearance
   * @param candidates assets from any lookup, possibly with duplicates and near misses
   * @param ticketItems the configuration items on the ticket ({@code GET tickets/{id}/assets})
   * @param filters status and form filters
   * @param maxAssetsToAdd the most assets to attach (a negative value counts as 0)
   */
  public static Match match(
      List<String> identifiers,
      Collection<Asset> candidates,
      Collection<ConfigurationItem> ticketItems,
      Filters filters,
      int maxAssetsToAdd) {
    Map<String, Integer> rankOf = new HashMap<>();
    for (int i = 0; i < identifiers.size(); i++) {
      rankOf.putIfAbsent(normalize(identifiers.get(i)), i);
    }
    Map<Integer, Asset> byId = new LinkedHashMap<>();
    Map<Integer, Integer> rank = new HashMap<>();
    for (Asset a : candidates) {
      int r = rankOf(a, rankOf);
      if (r >= 0 && filters.accepts(a) && !byId.containsKey(a.id())) {
        byId.put(a.id(), a);
        rank.put(a.id(), r);
      }
    }
    List<Asset> verified = new ArrayList<>(byId.values());
    verified.sort(
        Comparator.comparingInt((Asset a) -> rank.get(a.id())).thenComparingInt(Asset::id));
    return split(verified, linkedAssetIds(ticketItems), maxAssetsToAdd);
  }

  /**
   * Splits already-verified assets (kept in their order) into those on the ticket, those to add and
   * those over the limit.
   */
  public static Match split(List<Asset> verified, Set<Integer> linkedAssetIds, int maxAssetsToAdd) {
    List<Asset> already = new ArrayList<>();
    List<Asset> fresh = new ArrayList<>();
    for (Asset a : verified) {
      (linkedAssetIds.contains(a.id()) ? already : fresh).add(a);
    }
    int cap = Math.max(0, Math.min(maxAssetsToAdd, fresh.size()));
    return new Match(verified, already, fresh.subList(0, cap), fresh.subList(cap, fresh.size()));
  }

  /** True when the asset's name, serial number or tag equals one of the terms exactly. */
  public static boolean matchesExactly(Asset asset, Collection<String> terms) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String t : terms) {
      normalized.add(normalize(t));
    }
    return keys(asset).stream().anyMatch(normalized::contains);
  }

  /**
   * The identifiers that name one of the assets (name, serial number or tag, compared as {@link
   * #normalize} does), in their order and without repeats (compared the same way): what a summary
   * shows as the identifiers found, leaving out phone numbers, words and other text no asset
   * matched.
   */
  public static List<String> identifiersMatching(List<String> identifiers, List<Asset> assets) {
    Set<String> keys = new LinkedHashSet<>();
    for (Asset a : assets) {
      keys.addAll(keys(a));
    }
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    for (String id : identifiers) {
      String n = normalize(id);
      if (keys.contains(n) && seen.add(n)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * The asset IDs linked to a ticket: the {@code BackingItemID} of each configuration item whose
   * {@code BackingItemType} is 27. Never the CI {@code ID}.
   */
  public static Set<Integer> linkedAssetIds(Collection<ConfigurationItem> ticketItems) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (ConfigurationItem ci : ticketItems) {
      if (ci.isAsset()) {
        ids.add(ci.backingItemId());
      }
    }
    return ids;
  }

  /** The comparable form of a name, serial or identifier: trimmed and lower-cased. */
  public static String normalize(String s) {
    return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
  }

  /** The non-empty normalized name, serial number and tag of an asset. */
  static List<String> keys(Asset asset) {
    List<String> keys = new ArrayList<>(3);
    for (String s : new String[] {asset.name(), asset.serialNumber(), asset.tag()}) {
      String n = normalize(s);
      if (!n.isEmpty()) {
        keys.add(n);
      }
    }
    return keys;
  }

  private static int rankOf(Asset a, Map<String, Integer> rankOf) {
    int best = -1;
    for (String key : keys(a)) {
      Integer r = rankOf.get(key);
      if (r != null && (best < 0 || r < best)) {
        best = r;
      }
    }
    return best;
  }
}
