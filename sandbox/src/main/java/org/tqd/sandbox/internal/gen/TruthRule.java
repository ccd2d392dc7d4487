package org.tqd.sandbox.internal.gen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tqd.sandbox.Phase;
import org.tqd.sandbox.SiteIds;
import org.tqd.sandbox.TicketTruth;
import org.tqd.sandbox.internal.data.Asset;

/**
 * The ground-truth rule: what a correct {@code add_asset} attaches to a ticket.
 *
 * <ol>
 *   <li><b>Phase 1.</b> The identifiers in the title and the description (HTML stripped) that
 *       equal, case-insensitively, the Name, SerialNumber or Tag of an active computer (asset
 *       status = the active status, form = the computer form) not already on the ticket. If there
 *       is at least one such computer, attach them (at most 10, lowest IDs first) and stop.
 *   <li><b>Phase 2.</b> The same over the conversation: feed entries and their replies, except
 *       system entries ({@code CreatedFullName} "System").
 *   <li><b>Phase 3.</b> Only when the ticket has no asset yet and has a requestor: the requestor's
 *       active computers (owner search, computer form, active status); if there is exactly one,
 *       attach it.
 *   <li>Otherwise nothing.
 * </ol>
 *
 * The generator knows which assets each text names (it wrote them, and checks the text against
 * every asset identifier), so it applies the rule to those sets.
 */
final class TruthRule {

  /** The most assets one phase attaches. */
  static final int MAX_ASSETS = 10;

  private TruthRule() {}

  static TicketTruth evaluate(
      int ticketId,
      Collection<Asset> namedInText,
      Collection<Asset> namedInConversation,
      Collection<Asset> alreadyLinked,
      List<Asset> requestorActiveComputers,
      SiteIds ids,
      String reason,
      boolean inReport) {
    List<Integer> linked = new ArrayList<>();
    alreadyLinked.forEach(a -> linked.add(a.id()));
    List<Integer> phase1 = candidates(namedInText, linked, ids);
    if (!phase1.isEmpty()) {
      return new TicketTruth(ticketId, Phase.PHASE_1, phase1, reason, inReport);
    }
    List<Integer> phase2 = candidates(namedInConversation, linked, ids);
    if (!phase2.isEmpty()) {
      return new TicketTruth(ticketId, Phase.PHASE_2, phase2, reason, inReport);
    }
    if (linked.isEmpty() && requestorActiveComputers.size() == 1) {
      return new TicketTruth(
          ticketId, Phase.PHASE_3, List.of(requestorActiveComputers.get(0).id()), reason, inReport);
    }
    return new TicketTruth(ticketId, Phase.NONE, List.of(), reason, inReport);
  }

  private static List<Integer> candidates(
      Collection<Asset> named, List<Integer> linked, SiteIds ids) {
    List<Integer> out = new ArrayList<>();
    for (Asset a : named) {
      if (a.formId() == ids.computerFormId()
          && a.statusId() == ids.activeAssetStatusId()
          && !linked.contains(a.id())) {
        out.add(a.id());
      }
    }
    out.sort(null);
    return out.size() > MAX_ASSETS ? out.subList(0, MAX_ASSETS) : out;
  }
}
