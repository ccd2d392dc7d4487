package org.tqd.starter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * A report held in memory, for row shapes the sandbox never produces (IDs missing or unusable, no
 * ID column). Every other TDX call fails: the starter makes none.
 */
final class FakeReportApi implements org.tqd.tdx.TdxApi {

  final List<Map<String, Object>> rows = Collections.synchronizedList(new ArrayList<>());
  List<Report.DisplayColumn> columns =
      List.of(
          new Report.DisplayColumn("Ticket ID", "TicketID", 2),
          new Report.DisplayColumn("Title", "Title", 1));

  void addTickets(int from, int count) {
    for (int id = from; id < from + count; id++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("TicketID", id);
      row.put("Title", "Laptop " + id + " will not boot");
      rows.add(row);
    }
  }

  @Override
  public Report getReport(int reportId, boolean withData) {
    return new Report(reportId, "Queue", 1000, columns, List.copyOf(rows));
  }

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("the starter only reads reports");
  }

  @Override
  public Ticket getTicket(int ticketId) {
    throw unused();
  }

  @Override
  public List<FeedEntry> getTicketFeed(int ticketId) {
    throw unused();
  }

  @Override
  public FeedEntry getFeedEntry(int feedEntryId) {
    throw unused();
  }

  @Override
  public FeedEntry postFeed(int ticketId, FeedPost post) {
    throw unused();
  }

  @Override
  public List<ConfigurationItem> getTicketAssets(int ticketId) {
    throw unused();
  }

  @Override
  public void addTicketAsset(int ticketId, int assetId) {
    throw unused();
  }

  @Override
  public void removeTicketAsset(int ticketId, int assetId) {
    throw unused();
  }

  @Override
  public List<Asset> searchAssets(AssetSearch search) {
    throw unused();
  }

  @Override
  public Asset getAsset(int assetId) {
    throw unused();
  }

  @Override
  public Person getPerson(String uid) {
    throw unused();
  }

  @Override
  public List<Person> lookupPeople(String searchText, int maxResults) {
    throw unused();
  }

  @Override
  public List<Person> searchPeople(PersonSearch search) {
    throw unused();
  }

  @Override
  public List<Ticket> searchTickets(TicketSearch search) {
    throw unused();
  }

  @Override
  public List<TicketStatus> getTicketStatuses() {
    throw unused();
  }

  @Override
  public Ticket updateResponsibility(
      int ticketId,
      Integer responsibleGroupId,
      String responsibleUid,
      boolean notifyNewResponsible) {
    throw unused();
  }

  @Override
  public Ticket patchTicket(int ticketId, java.util.Map<String, Object> values) {
    throw new UnsupportedOperationException("patchTicket");
  }

  @Override
  public org.tqd.tdx.model.Person currentUser() {
    throw new UnsupportedOperationException("currentUser");
  }
}
