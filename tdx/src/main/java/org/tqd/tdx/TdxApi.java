package org.tqd.tdx;

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
 * The TeamDynamix Web API calls tqd makes. Ticket calls go to the ticketing application, asset
 * calls to the asset application; both IDs are configured on the client.
 *
 * <p>Every method either returns TDX's answer or throws a {@link TdxException} subclass naming the
 * method and URL: {@link TdxException.NotFound}, {@link TdxException.BadRequest}, {@link
 * TdxException.Unauthorized}, {@link TdxException.Forbidden}, {@link TdxException.RateLimited}
 * (with the reset time), {@link TdxException.ServerError}, {@link TdxException.Transport} (connect
 * failure or timeout). No method returns null for an error. Implementations are thread-safe.
 */
public interface TdxApi {

  /** {@code GET api/reports/{id}?withData=...}. 30 calls per user per 60 s. */
  Report getReport(int reportId, boolean withData);

  /** {@code GET api/{ticketApp}/tickets/{id}}: the full ticket, including its HTML description. */
  Ticket getTicket(int ticketId);

  /** {@code GET api/{ticketApp}/tickets/{id}/feed}: the ticket's feed entries. */
  List<FeedEntry> getTicketFeed(int ticketId);

  /** {@code GET api/feed/{id}}: one feed entry with its replies. */
  FeedEntry getFeedEntry(int feedEntryId);

  /**
   * {@code POST api/{ticketApp}/tickets/{id}/feed}: adds a comment, maybe changing the status.
   * Every call adds an entry, so repeating it duplicates the comment. Returns the new entry, or
   * null when TDX answers with an empty body (the entry was added but its ID is unknown).
   */
  FeedEntry postFeed(int ticketId, FeedPost post);

  /** {@code GET api/{ticketApp}/tickets/{id}/assets}: the configuration items on the ticket. */
  List<ConfigurationItem> getTicketAssets(int ticketId);

  /**
   * {@code POST api/{ticketApp}/tickets/{id}/assets/{assetId}}. Adding an asset that is already on
   * the ticket is not an error.
   */
  void addTicketAsset(int ticketId, int assetId);

  /** {@code DELETE api/{ticketApp}/tickets/{id}/assets/{assetId}}. */
  void removeTicketAsset(int ticketId, int assetId);

  /** {@code POST api/{assetApp}/assets/search}: assets without attributes. */
  List<Asset> searchAssets(AssetSearch search);

  /** {@code GET api/{assetApp}/assets/{id}}. */
  Asset getAsset(int assetId);

  /** {@code GET api/people/{uid}}. */
  Person getPerson(String uid);

  /** {@code GET api/people/lookup?searchText=...&maxResults=...}. */
  List<Person> lookupPeople(String searchText, int maxResults);

  /** {@code POST api/people/search}. */
  List<Person> searchPeople(PersonSearch search);

  /** {@code POST api/{ticketApp}/tickets/search}: thin tickets. 30 calls per IP per 60 s. */
  List<Ticket> searchTickets(TicketSearch search);

  /**
   * {@code GET api/{assetApp}/cmdb/{id}/tickets}: the tickets linked to a configuration item, in
   * any status (thin tickets). For a lab or another standalone CI, pass its {@code BackingItemID}
   * (equal to its ID); for an asset, its CI ID.
   *
   * <p>A default so that partial implementations written before this method (test doubles of other
   * calls) still compile; {@link TdxClient} implements it.
   *
   * @throws UnsupportedOperationException from an implementation that does not make this call
   */
  default List<Ticket> getConfigurationItemTickets(int ciId) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not implement GET cmdb/{id}/tickets");
  }

  /** {@code GET api/{ticketApp}/tickets/statuses}: the active ticket statuses. */
  List<TicketStatus> getTicketStatuses();

  /**
   * {@code PATCH api/{ticketApp}/tickets/{id}?notifyNewResponsible=...}: sets the responsible group
   * and/or person (null leaves that field alone) and returns the updated ticket, or null when TDX
   * answers with an empty body.
   */
  Ticket updateResponsibility(
      int ticketId,
      Integer responsibleGroupId,
      String responsibleUid,
      boolean notifyNewResponsible);

  /**
   * {@code PATCH api/{ticketApp}/tickets/{id}?notifyNewResponsible=false} with a JSON Patch of
   * {@code add} operations: each key is a ticket field path ({@code /PriorityID}) or {@code
   * /Attributes/{id}}, each value the value to set (null removes). Returns the updated ticket, or
   * null when TDX answers with an empty body.
   */
  Ticket patchTicket(int ticketId, Map<String, Object> values);

  /**
   * {@code GET api/attributes/custom?componentId={c}&associatedTypeId=0&appId=0}: the custom
   * attribute definitions of a component (ticket 9), each as TDX sends it ({@code ID}, {@code
   * Name}, {@code FieldType}, {@code Choices}, …). The default refuses (implementations that do not
   * read definitions).
   */
  default List<Map<String, Object>> customAttributes(int componentId) {
    throw new UnsupportedOperationException("customAttributes is not implemented here");
  }

  /** {@code GET api/auth/getuser}: the account tqd is signed in as. */
  Person currentUser();
}
