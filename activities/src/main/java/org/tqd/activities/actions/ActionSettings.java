package org.tqd.activities.actions;

import java.util.Objects;

/**
 * Site settings the actions need beyond their parameters.
 *
 * @param webBaseUrl the TDX web UI base for ticket links, such as {@code
 *     https://tdx.example.edu/TDNext}; an action's {@code web_base_url} parameter overrides it
 * @param ticketAppId the tickets application ({@code TDX_TICKET_APP_ID}, default 46), for links; an
 *     action's {@code ticket_app_id} parameter overrides it
 */
public record ActionSettings(String webBaseUrl, int ticketAppId) {

  public ActionSettings {
    Objects.requireNonNull(webBaseUrl, "webBaseUrl");
  }

  /**
   * Settings for a TDX API base URL such as {@code https://tdx.example.edu/SBTDWebApi/api}: links
   * go to {@code https://tdx.example.edu/SBTDNext} (or {@code /TDNext} for a production API).
   */
  public static ActionSettings forTdx(String tdxBaseUrl, int ticketAppId) {
    return new ActionSettings(RelatedTicketsHtml.defaultWebBase(tdxBaseUrl), ticketAppId);
  }
}
