package org.tqd.sandbox;

import java.util.List;

/**
 * What a correct {@code add_asset} does to a generated ticket, known by construction.
 *
 * @param ticketId the ticket
 * @param phase the phase that attaches the assets, or {@link Phase#NONE}
 * @param expectedAssetIds the asset IDs it attaches (empty for {@link Phase#NONE}), ascending
 * @param reason a human-readable account of how the ticket was built
 * @param inReport whether the ticket was put in the queue report when it was generated
 */
public record TicketTruth(
    int ticketId, Phase phase, List<Integer> expectedAssetIds, String reason, boolean inReport) {

  /** Copies the list. */
  public TicketTruth {
    expectedAssetIds = List.copyOf(expectedAssetIds);
  }
}
