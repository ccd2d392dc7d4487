package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.StandaloneCi;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.json.Json;

/**
 * The configuration-item side of ticket links, in the asset application: {@code GET
 * cmdb/{id}/tickets} lists the tickets of a CI in every status (thin tickets, newest first), for an
 * asset's CI (the tickets the asset is linked to) or a standalone CI such as a lab; {@code POST
 * cmdb/{id}/tickets/{ticketId}} links a standalone CI to a ticket (idempotent, as the Python
 * daemon's {@code add_lab} uses it). An unknown CI is a 404.
 */
public final class CmdbApi {

  private final Services s;
  private final DataStore store;

  public CmdbApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/{assetApp}/cmdb/{id}/tickets}. */
  public ApiResponse tickets(Exchange x) {
    int id = x.pathInt("id");
    return store.read(
        () -> {
          List<Ticket> tickets = new ArrayList<>();
          Asset asset = store.assetByCi(id);
          if (asset != null) {
            for (Ticket t : store.tickets()) {
              if (t.assetIds().contains(asset.id())) {
                tickets.add(t);
              }
            }
          } else if (store.standaloneCi(id) != null) {
            for (int ticketId : store.ticketsOfStandaloneCi(id)) {
              tickets.add(store.ticket(ticketId));
            }
          } else {
            throw ApiException.notFound("Configuration item " + id + " was not found.");
          }
          tickets.sort(Comparator.comparingInt(Ticket::id).reversed());
          ArrayNode out = Json.array();
          for (Ticket t : tickets) {
            out.add(s.shapes().ticket(t, false, s.now()));
          }
          return ApiResponse.ok(out);
        });
  }

  /**
   * {@code POST api/{assetApp}/cmdb/{id}/tickets/{ticketId}} with any JSON body, e.g. {@code {}}.
   */
  public ApiResponse link(Exchange x) {
    int id = x.pathInt("id");
    int ticketId = x.pathInt("ticketId");
    x.bodyNode("any JSON, e.g. {}");
    return store.write(
        () -> {
          StandaloneCi ci = store.standaloneCi(id);
          if (ci == null) {
            throw ApiException.notFound("Configuration item " + id + " was not found.");
          }
          Ticket t = store.ticket(ticketId);
          if (t == null) {
            throw ApiException.notFound("Ticket " + ticketId + " was not found.");
          }
          if (!store.standaloneCisOf(ticketId).contains(id)) {
            store.linkCi(ticketId, id);
            t.touch(x.principal().person().uid(), s.now());
          }
          return ApiResponse.okString(
              "Successfully added configuration item " + id + " to ticket " + ticketId + ".");
        });
  }
}
