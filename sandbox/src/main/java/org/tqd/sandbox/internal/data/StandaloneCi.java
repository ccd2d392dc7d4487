package org.tqd.sandbox.internal.data;

import java.time.Instant;

/**
 * A configuration item not backed by an asset ({@code BackingItemType} 63), such as a research lab:
 * TDX lists it among a ticket's configuration items with {@code BackingItemID} equal to its own ID,
 * and {@code GET cmdb/{id}/tickets} lists its tickets.
 *
 * @param id the CI ID, distinct from every asset CI ID and asset ID
 * @param name the CI name, e.g. {@code Smith Lab (chem-smith)}
 * @param formId the CI form (the lab form for labs)
 * @param typeId the CI type (the lab type for labs)
 * @param typeName the CI type's name
 * @param createdDate when it was created
 */
public record StandaloneCi(
    int id, String name, int formId, int typeId, String typeName, Instant createdDate) {

  /** {@code BackingItemType} of a CI that stands for itself. */
  public static final int BACKING_TYPE_CI = 63;
}
