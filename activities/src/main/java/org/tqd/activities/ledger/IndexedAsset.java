package org.tqd.activities.ledger;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.tqd.tdx.model.Asset;

/**
 * A TDX computer asset as kept in the local asset index ({@code meta.tqd_asset_index}).
 *
 * @param assetId the asset's TDX ID (not its configuration item ID)
 * @param name the asset name (for computers, usually the host name), or null
 * @param serialNumber the serial number, or null
 * @param tag the asset tag, or null
 * @param owningCustomerUid the owner's person UID, or null
 * @param modifiedDate TDX's {@code ModifiedDate}, or null
 */
public record IndexedAsset(
    int assetId,
    String name,
    String serialNumber,
    String tag,
    int statusId,
    int formId,
    String owningCustomerUid,
    Instant modifiedDate) {

  /**
   * The index entry for an asset read from TDX. A {@code ModifiedDate} without an offset is read as
   * UTC, as TDX serves it; one that cannot be read becomes null.
   */
  public static IndexedAsset fromTdx(Asset asset) {
    return new IndexedAsset(
        asset.id(),
        asset.name(),
        asset.serialNumber(),
        asset.tag(),
        asset.statusId(),
        asset.formId(),
        asset.owningCustomerId(),
        parseTdxDate(asset.modifiedDate()));
  }

  static Instant parseTdxDate(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
