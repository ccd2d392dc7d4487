package org.tqd.activities.assets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tqd.tdx.TdxApi;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;

/**
 * Candidates straight from TDX's asset search, as the Python daemon found them: per identifier one
 * {@code SerialLike} and one {@code SearchText} search. Used only for forms the {@link AssetIndex}
 * does not hold, because {@code SearchText} does not cover the asset name (a computer named only in
 * the ticket is not found this way) and it costs two calls per identifier. Any TDX error
 * propagates: a failed search is never read as "no match".
 */
public final class TdxAssetSearch implements AssetSource {

  private final TdxApi tdx;
  private final List<Integer> statusIds;
  private final List<Integer> formIds;

  /**
   * @param statusIds sent as {@code StatusIDs}; empty sends none
   * @param formId sent as {@code FormIDs}; 0 sends none
   */
  public TdxAssetSearch(TdxApi tdx, List<Integer> statusIds, int formId) {
    this.tdx = tdx;
    this.statusIds = statusIds.isEmpty() ? null : List.copyOf(statusIds);
    this.formIds = formId == 0 ? null : List.of(formId);
  }

  @Override
  public List<Asset> findByIdentifiers(Collection<String> identifiers) {
    Map<Integer, Asset> byId = new LinkedHashMap<>();
    for (String id : identifiers) {
      for (Asset a : tdx.searchAssets(AssetSearch.bySerial(id, statusIds, formIds))) {
        byId.putIfAbsent(a.id(), a);
      }
      for (Asset a : tdx.searchAssets(AssetSearch.byText(id, statusIds, formIds))) {
        byId.putIfAbsent(a.id(), a);
      }
    }
    return new ArrayList<>(byId.values());
  }

  @Override
  public List<Asset> findByOwner(String uid) {
    return tdx.searchAssets(AssetSearch.byOwner(uid));
  }
}
