package org.tqd.activities.assets;

import java.util.Collection;
import java.util.List;
import org.tqd.tdx.model.Asset;

/**
 * Where {@code add_asset} finds candidate assets. Candidates are unverified: the caller keeps only
 * exact matches that pass its status and form filters ({@link AssetMatcher}). A lookup that cannot
 * be done throws (a TDX or ledger error); it never answers "nothing found" instead.
 */
public interface AssetSource {

  /** Assets whose name, serial number or tag may equal one of the identifiers. */
  List<Asset> findByIdentifiers(Collection<String> identifiers);

  /** Assets owned by the person ({@code OwningCustomerID}). */
  List<Asset> findByOwner(String uid);
}
