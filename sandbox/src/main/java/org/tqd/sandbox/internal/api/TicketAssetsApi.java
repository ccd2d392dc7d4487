package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.tqd.sandbox.Faults;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.json.Json;

/**
 * Assets on a ticket. {@code GET tickets/{id}/assets} lists configuration items: the CI {@code ID}
 * differs from the asset ID, which is {@code BackingItemID} ({@code BackingItemType} 27); after the
 * assets come the ticket's CIs not backed by an asset (labs, {@code BackingItemType} 63). Adding
 * needs a non-empty JSON body (TDX rejects a blank one); adding a linked asset again creates no
 * second link and answers 200, or 400 "… already …" in duplicate-error mode. Removing an asset that
 * is not linked is a no-op that answers 200.
 */
public final class TicketAssetsApi {

  private final Services s;
  private final DataStore store;

  public TicketAssetsApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/{app}/tickets/{id}/assets}. */
  public ApiResponse list(Exchange x) {
    int id = x.pathInt("id");
    return store.read(
        () -> {
          Ticket t = ticket(id);
          ArrayNode out = Json.array();
          for (int assetId : t.assetIds()) {
            Asset a = store.asset(assetId);
            if (a != null) {
              out.add(s.shapes().configurationItem(a));
            }
          }
          for (int ciId : store.standaloneCisOf(id)) {
            out.add(s.shapes().configurationItem(store.standaloneCi(ciId)));
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code POST api/{app}/tickets/{id}/assets/{assetId}} with any JSON body, e.g. {@code {}}. */
  public ApiResponse add(Exchange x) {
    int id = x.pathInt("id");
    int assetId = x.pathInt("assetId");
    x.bodyNode("any JSON, e.g. {}");
    return store.write(
        () -> {
          Ticket t = ticket(id);
          Asset a = asset(assetId);
          if (t.assetIds().contains(assetId)) {
            if (s.faults().duplicateAssetError()) {
              throw ApiException.badRequest(
                  "Asset "
                      + a.name()
                      + " ("
                      + assetId
                      + ") is already associated with ticket "
                      + id
                      + ".");
            }
          } else {
            t.assetIds().add(assetId);
            t.touch(x.principal().person().uid(), s.now());
          }
          return s.faults().assetAddBody() == Faults.AssetAddBody.MESSAGE
              ? ApiResponse.okString(
                  "Successfully added asset " + assetId + " to ticket " + id + ".")
              : ApiResponse.empty(200);
        });
  }

  /** {@code DELETE api/{app}/tickets/{id}/assets/{assetId}}. */
  public ApiResponse remove(Exchange x) {
    int id = x.pathInt("id");
    int assetId = x.pathInt("assetId");
    return store.write(
        () -> {
          Ticket t = ticket(id);
          asset(assetId);
          if (t.assetIds().remove(Integer.valueOf(assetId))) {
            t.touch(x.principal().person().uid(), s.now());
          }
          return ApiResponse.empty(200);
        });
  }

  private Ticket ticket(int id) {
    Ticket t = store.ticket(id);
    if (t == null) {
      throw ApiException.notFound("Ticket " + id + " was not found.");
    }
    return t;
  }

  private Asset asset(int id) {
    Asset a = store.asset(id);
    if (a == null) {
      throw ApiException.notFound("Asset " + id + " was not found.");
    }
    return a;
  }
}
