package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.sandbox.TicketState;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Asset;
import org.tqd.tdx.model.AssetSearch;
import org.tqd.tdx.model.ConfigurationItem;
import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.Person;
import org.tqd.tdx.model.PersonSearch;
import org.tqd.tdx.model.Report;
import org.tqd.tdx.model.Ticket;
import org.tqd.tdx.model.TicketSearch;
import org.tqd.tdx.model.TicketStatus;

/** Every endpoint of TdxApi against the sandbox, with TDX's documented rate limits in force. */
class EndpointsTest {

  static TdxSandbox sandbox;
  static CallLog log = new CallLog();
  static TdxClient tdx;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.start(12);
    tdx = new TdxClient(Sandboxes.config(sandbox).listener(log).build());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void readsTheQueueReportWithRowsKeyedByColumnName() {
    Report report = tdx.getReport(sandbox.reportId(), true);

    assertThat(report.id()).isEqualTo(sandbox.reportId());
    assertThat(report.displayedColumns())
        .extracting(Report.DisplayColumn::columnName)
        .contains("TicketID", "Title");
    assertThat(report.dataRows())
        .extracting(row -> Report.intValue(row, "TicketID"))
        .containsExactlyInAnyOrderElementsOf(sandbox.reportTickets());
  }

  @Test
  void readsTheReportWithoutData() {
    Report report = tdx.getReport(sandbox.reportId(), false);

    assertThat(report.name()).isNotBlank();
    assertThat(report.dataRows()).isNullOrEmpty();
  }

  @Test
  void readsAFullTicket() {
    int id = Sandboxes.firstTicket(sandbox);
    TicketState state = sandbox.state(id);

    Ticket ticket = tdx.getTicket(id);

    assertThat(ticket.id()).isEqualTo(id);
    assertThat(ticket.appId()).isEqualTo(sandbox.ticketAppId());
    assertThat(ticket.title()).isEqualTo(state.title());
    assertThat(ticket.statusId()).isEqualTo(state.statusId());
    assertThat(ticket.statusName()).isEqualTo(state.statusName());
    assertThat(ticket.description()).isNotBlank();
    assertThat(ticket.requestorUid()).isNotBlank();
    assertThat(ticket.modifiedDate()).isNotBlank();
    assertThat(log.count("GET tickets/{id}", 200)).isPositive();
  }

  @Test
  void aMissingTicketIsNotFoundWithTdxsMessage() {
    assertThatThrownBy(() -> tdx.getTicket(987_654))
        .isInstanceOf(TdxException.NotFound.class)
        .hasMessageContaining("GET tickets/{id}")
        .hasMessageContaining(sandbox.baseUrl() + "/46/tickets/987654")
        .hasMessageContaining("Ticket 987654 was not found.");
  }

  @Test
  void readsTheFeedAndSingleEntries() {
    int id = Sandboxes.firstTicket(sandbox);
    tdx.postFeed(id, FeedPost.comment("feed read check", true, false));

    List<FeedEntry> feed = tdx.getTicketFeed(id);
    assertThat(feed).extracting(FeedEntry::body).contains("feed read check");

    FeedEntry mine =
        feed.stream().filter(e -> "feed read check".equals(e.body())).findFirst().orElseThrow();
    FeedEntry single = tdx.getFeedEntry(mine.id());
    assertThat(single.id()).isEqualTo(mine.id());
    assertThat(single.body()).isEqualTo("feed read check");
    assertThat(single.isPrivate()).isTrue();
    assertThat(single.replies()).isNotNull();
  }

  @Test
  void postsACommentAndReturnsTheEntry() {
    int id = Sandboxes.firstTicket(sandbox);

    FeedEntry entry = tdx.postFeed(id, FeedPost.comment("<p>Hello from tqd</p>", false, true));

    assertThat(entry).isNotNull();
    assertThat(entry.id()).isPositive();
    assertThat(entry.updateType()).isEqualTo(FeedEntry.UPDATE_COMMENT);
    assertThat(sandbox.state(id).feed())
        .anySatisfy(
            e -> {
              assertThat(e.id()).isEqualTo(entry.id());
              assertThat(e.isPrivate()).isFalse();
            });
  }

  @Test
  void postingANewStatusChangesIt() {
    int id = sandbox.reportTickets().get(1);
    int target =
        sandbox.ids().activeTicketStatusIds().stream()
            .filter(s -> s != sandbox.state(id).statusId())
            .findFirst()
            .orElseThrow();

    FeedEntry entry =
        tdx.postFeed(id, new FeedPost(target, false, "moving on", List.of(), true, false, false));

    assertThat(entry.updateType()).isEqualTo(FeedEntry.UPDATE_STATUS_CHANGE);
    assertThat(sandbox.state(id).statusId()).isEqualTo(target);
  }

  @Test
  void anInvalidStatusIsABadRequest() {
    int id = Sandboxes.firstTicket(sandbox);

    assertThatThrownBy(
            () -> tdx.postFeed(id, new FeedPost(99_999, false, "x", List.of(), true, false, false)))
        .isInstanceOf(TdxException.BadRequest.class)
        .hasMessageContaining("NewStatusID 99999")
        .satisfies(e -> assertThat(((TdxException) e).isRetryable()).isFalse());
  }

  @Test
  void addsListsAndRemovesTicketAssetsByAssetId() {
    int id = Sandboxes.ticketWithAsset(sandbox);
    int assetId = sandbox.truth(id).expectedAssetIds().get(0);

    tdx.addTicketAsset(id, assetId);
    List<ConfigurationItem> items = tdx.getTicketAssets(id);

    assertThat(items)
        .filteredOn(ConfigurationItem::isAsset)
        .extracting(ConfigurationItem::backingItemId)
        .contains(assetId);
    ConfigurationItem ci =
        items.stream().filter(c -> c.backingItemId() == assetId).findFirst().orElseThrow();
    assertThat(ci.id()).isNotEqualTo(assetId);
    assertThat(sandbox.state(id).assetIds()).contains(assetId);

    tdx.removeTicketAsset(id, assetId);
    assertThat(sandbox.state(id).assetIds()).doesNotContain(assetId);
  }

  @Test
  void searchesAndReadsAssets() {
    int assetId = sandbox.truth(Sandboxes.ticketWithAsset(sandbox)).expectedAssetIds().get(0);
    Asset asset = tdx.getAsset(assetId);
    assertThat(asset.id()).isEqualTo(assetId);
    assertThat(asset.serialNumber()).isNotBlank();

    List<Asset> bySerial =
        tdx.searchAssets(
            AssetSearch.bySerial(
                asset.serialNumber(),
                List.of(asset.statusId()),
                List.of(sandbox.ids().computerFormId())));
    assertThat(bySerial).extracting(Asset::id).contains(assetId);

    if (asset.owningCustomerId() != null) {
      assertThat(tdx.searchAssets(AssetSearch.byOwner(asset.owningCustomerId())))
          .extracting(Asset::id)
          .contains(assetId);
    }
  }

  @Test
  void readsLooksUpAndSearchesPeople() {
    String uid = tdx.getTicket(Sandboxes.firstTicket(sandbox)).requestorUid();

    Person person = tdx.getPerson(uid);
    assertThat(person.uid()).isEqualToIgnoringCase(uid);
    assertThat(person.userName()).isNotBlank();

    assertThat(tdx.lookupPeople(person.userName(), 10))
        .extracting(p -> p.uid().toLowerCase())
        .contains(uid.toLowerCase());
    assertThat(tdx.searchPeople(new PersonSearch(null, person.userName(), null, null)))
        .extracting(p -> p.uid().toLowerCase())
        .contains(uid.toLowerCase());
  }

  @Test
  void searchesTicketsByRequestor() {
    int id = Sandboxes.firstTicket(sandbox);
    Ticket ticket = tdx.getTicket(id);

    List<Ticket> found = tdx.searchTickets(TicketSearch.byRequestor(ticket.requestorUid(), null));

    assertThat(found).extracting(Ticket::id).contains(id);
    assertThat(found).allSatisfy(t -> assertThat(t.description()).isNull());
  }

  @Test
  void searchesTicketsModifiedSinceAnInstantInEveryStatus() {
    int id = Sandboxes.firstTicket(sandbox);
    Instant modified = Instant.parse(tdx.getTicket(id).modifiedDate());

    List<Ticket> since = tdx.searchTickets(TicketSearch.modifiedSince(modified));
    List<Ticket> after = tdx.searchTickets(TicketSearch.modifiedSince(modified.plusSeconds(1)));

    assertThat(since).extracting(Ticket::id).contains(id);
    assertThat(since)
        .allSatisfy(t -> assertThat(Instant.parse(t.modifiedDate())).isAfterOrEqualTo(modified));
    assertThat(after).extracting(Ticket::id).doesNotContain(id);
  }

  @Test
  void listsTheTicketsOfAConfigurationItem() {
    int id = Sandboxes.firstTicket(sandbox);
    int asset = sandbox.truth(id).expectedAssetIds().stream().findFirst().orElse(0);
    if (asset == 0) {
      asset =
          sandbox.truth().stream()
              .filter(t -> !t.expectedAssetIds().isEmpty())
              .findFirst()
              .orElseThrow()
              .expectedAssetIds()
              .get(0);
    }
    tdx.addTicketAsset(id, asset);
    int assetFinal = asset;
    int ciId =
        tdx.getTicketAssets(id).stream()
            .filter(ci -> ci.isAsset() && ci.backingItemId() == assetFinal)
            .findFirst()
            .orElseThrow()
            .id();

    assertThat(tdx.getConfigurationItemTickets(ciId)).extracting(Ticket::id).contains(id);
    assertThatThrownBy(() -> tdx.getConfigurationItemTickets(1))
        .isInstanceOf(TdxException.NotFound.class);
  }

  @Test
  void listsActiveStatuses() {
    List<TicketStatus> statuses = tdx.getTicketStatuses();

    assertThat(statuses)
        .extracting(TicketStatus::id)
        .containsAll(sandbox.ids().activeTicketStatusIds());
    assertThat(statuses).allSatisfy(s -> assertThat(s.statusClass()).isBetween(0, 6));
  }

  @Test
  void patchesResponsibility() {
    int id = sandbox.reportTickets().get(2);
    String uid = sandbox.apiUserUid().toString();
    // 1102 and 1103 are groups of the sandbox's site.
    int group = sandbox.state(id).responsibleGroupId() == 1102 ? 1103 : 1102;

    Ticket updated = tdx.updateResponsibility(id, group, uid, true);

    assertThat(updated.responsibleUid()).isEqualToIgnoringCase(uid);
    assertThat(updated.responsibleGroupId()).isEqualTo(group);
    assertThat(sandbox.state(id).responsibleUid().toString()).isEqualToIgnoringCase(uid);
    assertThat(sandbox.state(id).responsibleGroupId()).isEqualTo(group);
    assertThatThrownBy(() -> tdx.updateResponsibility(id, null, null, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportsEveryCallToTheListenerByTemplate() {
    tdx.getTicketStatuses();

    assertThat(log.count("GET tickets/statuses", 200)).isPositive();
    assertThat(log.count("POST auth/loginadmin", 200)).isEqualTo(1);
    assertThat(log.all()).allSatisfy(c -> assertThat(c.durationNanos()).isPositive());
    assertThat(sandbox.calls())
        .containsEntry("POST auth/loginadmin", 1L)
        .containsKey("GET tickets/statuses");
  }

  @Test
  void readsTicketAttributeDefinitions() {
    List<Map<String, Object>> defs = tdx.customAttributes(9);

    assertThat(defs).extracting(d -> d.get("Name")).contains("Building", "Room Number");
    assertThat(defs).allSatisfy(d -> assertThat(d.get("ID")).isInstanceOf(Integer.class));
    assertThat(sandbox.calls()).containsKey("GET attributes/custom");
  }

  @Test
  void patchesImpactUrgencyAndAnAttribute() {
    int id = sandbox.reportTickets().get(1);
    Ticket t =
        tdx.patchTicket(
            id, Map.of("/ImpactID", 4501, "/UrgencyID", 4602, "/Attributes/5002", "42"));

    assertThat(t.otherFields()).containsEntry("ImpactID", 4501).containsEntry("UrgencyID", 4602);
    assertThat(sandbox.state(id).attributes()).containsEntry(5002, "42");
  }

  @Test
  void aReportRowMayCarryNumbersOrStrings() {
    assertThat(Report.intValue(Map.of("TicketID", 12), "TicketID")).isEqualTo(12);
    assertThat(Report.intValue(Map.of("TicketID", 12L), "TicketID")).isEqualTo(12);
    assertThat(Report.intValue(Map.of("TicketID", " 12 "), "TicketID")).isEqualTo(12);
    assertThat(Report.intValue(Map.of("TicketID", "twelve"), "TicketID")).isNull();
    assertThat(Report.intValue(Map.of("TicketID", 12.5), "TicketID")).isNull();
    assertThat(Report.intValue(Map.of(), "TicketID")).isNull();
  }
}
