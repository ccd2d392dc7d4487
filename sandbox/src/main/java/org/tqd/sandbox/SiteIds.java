package org.tqd.sandbox;

import java.util.List;

/**
 * The identifiers of the simulated TDX site. The defaults are the IDs the Python daemon hard-codes
 * for its site, so a pipeline configured for that site also works against the sandbox.
 *
 * @param ticketAppId the ticketing application ID; default 46
 * @param assetAppId the Assets/CIs application ID; default 48
 * @param computerFormId the asset form of computers; default 2448
 * @param activeAssetStatusId the asset status "In Use" that counts as active; default 38
 * @param retiredAssetStatusId the asset status "Retired"; default 40
 * @param activeTicketStatusIds the open ticket statuses; default 115, 117, 121, 619, 620, 622 (the
 *     first is the status of new tickets)
 * @param closedTicketStatusIds the closed ticket statuses; default 118 (Resolved), 119 (Closed),
 *     120 (Cancelled)
 * @param reportId the ID of the queue report; default 1344
 */
public record SiteIds(
    int ticketAppId,
    int assetAppId,
    int computerFormId,
    int activeAssetStatusId,
    int retiredAssetStatusId,
    List<Integer> activeTicketStatusIds,
    List<Integer> closedTicketStatusIds,
    int reportId) {

  /** Checks that the IDs are positive and do not collide where they must differ. */
  public SiteIds {
    activeTicketStatusIds = List.copyOf(activeTicketStatusIds);
    closedTicketStatusIds = List.copyOf(closedTicketStatusIds);
    if (ticketAppId <= 0 || assetAppId <= 0 || computerFormId <= 0 || reportId <= 0) {
      throw new IllegalArgumentException("app, form and report IDs must be positive");
    }
    if (ticketAppId == assetAppId) {
      throw new IllegalArgumentException(
          "the ticket app and the asset app must have different IDs, both are " + ticketAppId);
    }
    if (activeAssetStatusId <= 0
        || retiredAssetStatusId <= 0
        || activeAssetStatusId == retiredAssetStatusId) {
      throw new IllegalArgumentException(
          "the active and retired asset statuses must be distinct positive IDs");
    }
    if (activeTicketStatusIds.isEmpty() || closedTicketStatusIds.isEmpty()) {
      throw new IllegalArgumentException("at least one active and one closed ticket status needed");
    }
    long distinct =
        java.util.stream.Stream.concat(
                activeTicketStatusIds.stream(), closedTicketStatusIds.stream())
            .distinct()
            .count();
    if (distinct != activeTicketStatusIds.size() + closedTicketStatusIds.size()) {
      throw new IllegalArgumentException("ticket status IDs must be distinct");
    }
  }

  /** The IDs of the Python daemon's site. */
  public static SiteIds defaults() {
    return new SiteIds(
        46, 48, 2448, 38, 40, List.of(115, 117, 121, 619, 620, 622), List.of(118, 119, 120), 1344);
  }

  /** The status of newly created tickets: the first active status. */
  public int newTicketStatusId() {
    return activeTicketStatusIds.get(0);
  }
}
