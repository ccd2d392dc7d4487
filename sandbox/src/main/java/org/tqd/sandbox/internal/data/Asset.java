package org.tqd.sandbox.internal.data;

import java.time.Instant;
import java.util.UUID;

/**
 * A TDX asset. Its configuration item (what a ticket links to) has its own ID, {@code ciId}.
 *
 * @param id the asset ID
 * @param ciId the ID of the asset's configuration item, distinct from every asset ID
 * @param formId the asset form (computers have the site's computer form)
 * @param name the asset name (for computers the host name, e.g. {@code IC-EHLB760-F16})
 * @param serialNumber serial number, or null
 * @param tag service tag, or null
 * @param statusId asset status
 * @param productModelId product model
 * @param supplierId supplier
 * @param owningCustomerUid owner, or null
 * @param locationId building
 * @param createdDate when it was created
 * @param modifiedDate when it was last modified
 */
public record Asset(
    int id,
    int ciId,
    int formId,
    String name,
    String serialNumber,
    String tag,
    int statusId,
    int productModelId,
    int supplierId,
    UUID owningCustomerUid,
    int locationId,
    Instant createdDate,
    Instant modifiedDate) {}
