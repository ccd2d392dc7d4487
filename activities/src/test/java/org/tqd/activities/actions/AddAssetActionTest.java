package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tqd.activities.assets.TdxAssetSearch;
import org.tqd.activities.ledger.ActionStatus;
import org.tqd.activities.ledger.PostgresExtension;
import org.tqd.sandbox.RateLimits;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketTruth;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.activities.ActionResult;
import org.tqd.workflows.activities.ActionResult.Outcome;
import org.tqd.workflows.activities.FailureTypes;
import org.tqd.workflows.activities.RunContext;

/** add_asset's phases, lookups, filters and failures, against the sandbox and PostgreSQL. */
class AddAssetActionTest {

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  static TdxSandbox sandbox;
  static Harness h;

  @BeforeAll
  static void start() {
    sandbox = TdxSandbox.builder().tickets(80).seed(3).rateLimits(RateLimits.off()).build().start();
    h = new Harness(PG, sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().reset();
  }

  @Test
  void findsComputerNamesThroughTheIndexThoughTdxSearchCannot() {
    TicketTruth truth =
        sandbox.truth().stream()
            .filter(t -> t.inReport() && t.reason().equals("title names the computer"))
            .filter(t -> !nameContainsSerialOrTag(h.client.getAsset(t.expectedAssetIds().get(0))))
            .findFirst()
            .orElseThrow();
    Asset asset = h.client.getAsset(truth.expectedAssetIds().get(0));
    assertThat(h.ticket(truth.ticketId()).title()).contains(asset.name());
    assertThat(
            new TdxAssetSearch(h.client, List.of(38), 2448)
                .findByIdentifiers(List.of(asset.name())))
        .as("TDX's SearchText does not cover the asset name")
        .isEmpty();

    ActionResult r = h.actions.addAsset(h.request(truth.ticketId(), Harness.addAsset()));

    assertThat(r.assetsAdded()).containsExactly(asset.id());
    assertThat(r.summary())
        .startsWith(
            "Added 1 asset(s): "
                + asset.name()
                + ". Reason: Computer identifier(s) found in"
                + " ticket title/description (");
    assertThat(h.linked(truth.ticketId())).contains(asset.id());
  }

  @Test
  void findsLowercaseSerialNumbers() {
    TicketTruth truth = null;
    Asset asset = null;
    for (TicketTruth t : sandbox.truth()) {
      if (t.inReport() && t.reason().equals("description gives the computer's serial number")) {
        Asset a = h.client.getAsset(t.expectedAssetIds().get(0));
        String description = h.ticket(t.ticketId()).description();
        if (description.contains(a.serialNumber().toLowerCase(Locale.ROOT))
            && !description.contains(a.serialNumber())) {
          truth = t;
          asset = a;
          break;
        }
      }
    }
    assertThat(truth).as("a ticket giving a lower-case serial").isNotNull();

    ActionResult r = h.actions.addAsset(h.request(truth.ticketId(), Harness.addAsset()));

    assertThat(r.assetsAdded()).containsExactly(asset.id());
    assertThat(r.details().get("identifiers_found").toString())
        .contains(asset.serialNumber().toLowerCase(Locale.ROOT));
  }

  @Test
  void summaryListsOnlyIdentifiersThatNamedAnAsset() {
    int withNoise = 0;
    for (TicketTruth t : sandbox.truth()) {
      if (!t.inReport() || t.phase() != org.tqd.sandbox.Phase.PHASE_1) {
        continue;
      }
      ActionResult r =
          h.actions.addAsset(
              h.request(
                  h.ticket(t.ticketId()), Harness.addAsset(), List.of(), RunContext.empty(), true));
      @SuppressWarnings("unchecked")
      List<String> found = (List<String>) r.details().get("identifiers_found");
      String shown = r.summary().substring(r.summary().indexOf("description (") + 13);
      for (String id : found) {
        // Phone numbers and capitalised words: no asset of the sandbox is named like that.
        if (id.matches("[0-9]+|[A-Z]+")) {
          assertThat(shown).as("ticket %d shows %s", t.ticketId(), id).doesNotContain(id);
          withNoise++;
        }
      }
    }
    assertThat(withNoise).as("identifiers found that named no asset (phones, words)").isPositive();
  }

  @Test
  void ignoresHtmlAttributesAndNoise() {
    Ticket ticket =
        h.client.getTicket(
            sandbox.truth().stream()
                .filter(TicketTruth::inReport)
                .map(TicketTruth::ticketId)
                .filter(id -> h.client.getTicket(id).description().contains("font-family"))
                .findFirst()
                .orElseThrow());
    ActionResult r =
        h.actions.addAsset(
            h.request(ticket, Harness.addAsset(), List.of(), RunContext.empty(), true));
    assertThat(r.details().get("identifiers_found").toString())
        .doesNotContain("font-family", "sans-serif", "10pt");
  }

  @Test
  void recognisesAttachedAssetsByBackingItemIdNotCiId() {
    TicketTruth truth = h.first("names two computers, one already on the ticket");
    int id = truth.ticketId();
    List<ConfigurationItem> items =
        h.client.getTicketAssets(id).stream().filter(ConfigurationItem::isAsset).toList();
    assertThat(items).hasSize(1);
    int alreadyThere = items.get(0).backingItemId();
    assertThat(items.get(0).id()).as("CI ID differs from asset ID").isNotEqualTo(alreadyThere);

    ActionResult r = h.actions.addAsset(h.request(id, Harness.addAsset()));

    assertThat(r.assetsAdded()).isEqualTo(truth.expectedAssetIds()).doesNotContain(alreadyThere);
    assertThat(h.linked(id))
        .containsExactlyInAnyOrder(alreadyThere, truth.expectedAssetIds().get(0));
  }

  @Test
  void reportsAssetsOverTheLimitInsteadOfDroppingThem() {
    TicketTruth truth = h.first("description names two of the requestor's computers");
    ActionSpec capped = Harness.addAsset(Map.of("max_assets_to_add", 1));

    ActionResult r = h.actions.addAsset(h.request(truth.ticketId(), capped));

    assertThat(r.assetsAdded()).hasSize(1);
    @SuppressWarnings("unchecked")
    List<String> over = (List<String>) r.details().get("assets_over_limit");
    assertThat(over).hasSize(1);
    assertThat(r.summary()).endsWith("(Not added, over the limit of 1: " + over.get(0) + ")");
    assertThat(h.linked(truth.ticketId())).hasSize(1);
  }

  @Test
  void aFailedConversationReadFailsTheActionInsteadOfFallingThroughToPhase3() {
    TicketTruth truth = h.first("nothing named; the requestor owns exactly one active computer");
    int id = truth.ticketId();
    sandbox.faults().serverErrorShare(1.0).templates(Set.of("GET tickets/{id}/feed"));

    ApplicationFailure f =
        catchThrowableOfType(
            ApplicationFailure.class, () -> h.actions.addAsset(h.request(id, Harness.addAsset())));

    assertThat(f.getType()).isEqualTo(FailureTypes.SERVER_ERROR);
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage())
        .contains("Ticket " + id, "GET tickets/{id}/feed", "will be retried");
    assertThat(h.linked(id)).isEmpty();
    String actionId = Harness.addAsset().actionId();
    assertThat(h.ledger.loadStates(id, List.of(actionId)).get(actionId).status())
        .isEqualTo(ActionStatus.IN_PROGRESS);

    sandbox.faults().reset();
    ActionResult retry = h.actions.addAsset(h.request(id, Harness.addAsset()));
    assertThat(retry.details()).containsEntry("phase", 3);
    assertThat(retry.assetsAdded()).isEqualTo(truth.expectedAssetIds());
  }

  @Test
  void phase3CountsOnlyActiveComputersOfTheComputerForm() {
    TicketTruth truth =
        h.first("only a retired computer is named; the requestor owns one active computer");
    ActionResult r = h.actions.addAsset(h.request(truth.ticketId(), Harness.addAsset()));
    assertThat(r.message()).isEqualTo("Added requestor's only asset");
    assertThat(r.summary())
        .startsWith("Added 1 asset: ")
        .endsWith(". Reason: User only has one computer");
    assertThat(r.assetsAdded()).isEqualTo(truth.expectedAssetIds());
  }

  @Test
  void aTicketWithAnAssetSkipsThePhase3Fallback() {
    TicketTruth truth =
        h.first("nothing named; the requestor's only computer is already on the ticket");
    ActionResult r = h.actions.addAsset(h.request(truth.ticketId(), Harness.addAsset()));
    assertThat(r.message()).isEqualTo("No action needed - ticket already has assets");
    assertThat(r.summary())
        .isEqualTo(
            "No assets added. Reason: No computer identifiers found and ticket already has assets");
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
  }

  private static boolean nameContainsSerialOrTag(Asset a) {
    String name = a.name().toLowerCase(Locale.ROOT);
    return (a.serialNumber() != null && name.contains(a.serialNumber().toLowerCase(Locale.ROOT)))
        || (a.tag() != null && name.contains(a.tag().toLowerCase(Locale.ROOT)));
  }
}
