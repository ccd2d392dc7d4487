package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code find_active_tickets} action: lists the requestor's, the assets' and the
 * lab's other active tickets as an HTML table for the summary comment (read-only). The first five
 * keys and their defaults are the Python daemon's {@code FindActiveTicketsAction}, always hashed;
 * {@code web_base_url} and {@code ticket_app_id} are tqd's and hashed only when set.
 *
 * @param excludeCurrentTicket {@code exclude_current_ticket}, default true
 * @param maxTicketsPerCategory {@code max_tickets_per_category}, default 10
 * @param activeStatusIds {@code active_status_ids}, default {@code [115, 117, 121, 619, 620, 622]}:
 *     ticket statuses that count as active; sorted; an empty list means the default, as in the
 *     daemon
 * @param labTypeId {@code lab_type_id}, default 10132: the configuration-item type of labs
 * @param showPartialOnError {@code show_partial_on_error}, default true: a failed category lookup
 *     leaves that category empty instead of failing the action
 * @param webBaseUrl {@code web_base_url}, default unset (null): base of ticket links, such as
 *     {@code https://host/TDNext}; when unset the activity derives it from the TDX base URL
 * @param ticketAppId {@code ticket_app_id}, default unset (null): the tickets app in ticket links;
 *     when unset the activity uses the configured tickets app ({@code TDX_TICKET_APP_ID})
 */
public record FindActiveTicketsConfig(
    boolean excludeCurrentTicket,
    int maxTicketsPerCategory,
    List<Integer> activeStatusIds,
    int labTypeId,
    boolean showPartialOnError,
    String webBaseUrl,
    Integer ticketAppId) {

  /** The daemon's active ticket statuses. */
  public static final List<Integer> DEFAULT_ACTIVE_STATUS_IDS =
      List.of(115, 117, 121, 619, 620, 622);

  /** The {@code find_active_tickets} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
          "find_active_tickets",
          "v1",
          "lists related active tickets (requestor, assets, lab) for the summary comment",
          List.of(
              ParamDef.bool("exclude_current_ticket", true)
                  .daemon()
                  .doc("leave the ticket itself out of the lists"),
              ParamDef.integer("max_tickets_per_category", 10)
                  .daemon()
                  .atLeast(1)
                  .doc("list at most this many tickets per category"),
              ParamDef.integerList("active_status_ids", DEFAULT_ACTIVE_STATUS_IDS)
                  .daemon()
                  .sortedList()
                  .emptyIsDefault()
                  .atLeast(1)
                  .doc("ticket statuses that count as active"),
              ParamDef.integer("lab_type_id", 10132)
                  .daemon()
                  .atLeast(0)
                  .doc("configuration-item type of labs"),
              ParamDef.bool("show_partial_on_error", true)
                  .daemon()
                  .doc("a failed lookup leaves its category empty instead of failing"),
              ParamDef.string("web_base_url", null)
                  .checkedBy(Params.httpUrl())
                  .doc("base of ticket links, such as https://host/TDNext"),
              ParamDef.integer("ticket_app_id", null)
                  .atLeast(1)
                  .doc("tickets app ID in ticket links; the configured tickets app when unset")),
          null);

  public FindActiveTicketsConfig {
    activeStatusIds = List.copyOf(activeStatusIds);
  }

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static FindActiveTicketsConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new FindActiveTicketsConfig(
        (Boolean) p.get("exclude_current_ticket"),
        (Integer) p.get("max_tickets_per_category"),
        Params.integers(p, "active_status_ids"),
        (Integer) p.get("lab_type_id"),
        (Boolean) p.get("show_partial_on_error"),
        (String) p.get("web_base_url"),
        (Integer) p.get("ticket_app_id"));
  }
}
