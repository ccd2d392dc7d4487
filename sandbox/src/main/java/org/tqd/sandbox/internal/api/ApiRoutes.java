package org.tqd.sandbox.internal.api;

import static org.tqd.sandbox.internal.http.Route.AppScope.ASSETS;
import static org.tqd.sandbox.internal.http.Route.AppScope.NONE;
import static org.tqd.sandbox.internal.http.Route.AppScope.TICKETS;
import static org.tqd.sandbox.internal.http.Route.Kind.AUTHENTICATED;
import static org.tqd.sandbox.internal.http.Route.Kind.LOGIN;

import org.tqd.sandbox.internal.auth.Authenticator;
import org.tqd.sandbox.internal.http.Route;
import org.tqd.sandbox.internal.http.Router;
import org.tqd.sandbox.internal.limits.LimitRule;

/**
 * The API surface and its rate limits, in one table. Limits follow TDX's documentation
 * (reference/tdx-api.md §2.2): reports 30 (GET one) or 45 (list, search) per user per 60 s; ticket
 * search and ticket create 30 per IP per 60 s; everything else 60 per IP per 60 s, including the
 * login methods. TDX documents no limit for asset search, asset GET and people lookup; the sandbox
 * limits them at the usual 60 per IP per 60 s so that a client that paces itself correctly for
 * documented methods is also exercised on these.
 */
public final class ApiRoutes {

  private ApiRoutes() {}

  /** Registers every API method. Literal routes come before parameterised ones. */
  public static Router build(Services s, Authenticator auth) {
    ReportsApi reports = new ReportsApi(s);
    TicketsApi tickets = new TicketsApi(s);
    FeedApi feed = new FeedApi(s);
    TicketAssetsApi ticketAssets = new TicketAssetsApi(s);
    AssetsApi assets = new AssetsApi(s);
    PeopleApi people = new PeopleApi(s);
    CmdbApi cmdb = new CmdbApi(s);
    LimitRule ip60 = LimitRule.perIp(60);
    LimitRule ip30 = LimitRule.perIp(30);
    LimitRule user30 = LimitRule.perUser(30);
    LimitRule user45 = LimitRule.perUser(45);

    Router r = new Router();
    // auth
    r.add(new Route("POST", NONE, "auth", ip60, LOGIN, x -> auth.login(x.body("credentials"))));
    r.add(
        new Route("POST", NONE, "auth/login", ip60, LOGIN, x -> auth.login(x.body("credentials"))));
    r.add(
        new Route(
            "POST",
            NONE,
            "auth/loginadmin",
            ip60,
            LOGIN,
            x -> auth.loginAdmin(x.body("admin credentials"))));
    r.add(new Route("GET", NONE, "auth/getuser", ip60, AUTHENTICATED, people::currentUser));
    // reports
    r.add(new Route("GET", NONE, "reports", user45, AUTHENTICATED, reports::list));
    r.add(new Route("POST", NONE, "reports/search", user45, AUTHENTICATED, reports::search));
    r.add(new Route("GET", NONE, "reports/{id}", user30, AUTHENTICATED, reports::get));
    // custom attribute definitions
    r.add(
        new Route(
            "GET", NONE, "attributes/custom", ip60, AUTHENTICATED, tickets::customAttributes));
    // tickets
    r.add(new Route("GET", TICKETS, "tickets/statuses", ip60, AUTHENTICATED, tickets::statuses));
    r.add(new Route("GET", TICKETS, "tickets/statuses/{id}", ip60, AUTHENTICATED, tickets::status));
    r.add(new Route("POST", TICKETS, "tickets/search", ip30, AUTHENTICATED, tickets::search));
    r.add(new Route("POST", TICKETS, "tickets", ip30, AUTHENTICATED, tickets::create));
    r.add(new Route("GET", TICKETS, "tickets/{id}", ip60, AUTHENTICATED, tickets::get));
    r.add(new Route("POST", TICKETS, "tickets/{id}", ip60, AUTHENTICATED, tickets::edit));
    r.add(new Route("PATCH", TICKETS, "tickets/{id}", ip60, AUTHENTICATED, tickets::patch));
    // feed
    r.add(new Route("GET", TICKETS, "tickets/{id}/feed", ip60, AUTHENTICATED, feed::list));
    r.add(new Route("POST", TICKETS, "tickets/{id}/feed", ip60, AUTHENTICATED, feed::post));
    r.add(new Route("GET", NONE, "feed/{id}", ip60, AUTHENTICATED, feed::get));
    // assets on tickets
    r.add(
        new Route("GET", TICKETS, "tickets/{id}/assets", ip60, AUTHENTICATED, ticketAssets::list));
    r.add(
        new Route(
            "POST",
            TICKETS,
            "tickets/{id}/assets/{assetId}",
            ip60,
            AUTHENTICATED,
            ticketAssets::add));
    r.add(
        new Route(
            "DELETE",
            TICKETS,
            "tickets/{id}/assets/{assetId}",
            ip60,
            AUTHENTICATED,
            ticketAssets::remove));
    // assets
    r.add(new Route("POST", ASSETS, "assets/search", ip60, AUTHENTICATED, assets::search));
    r.add(new Route("GET", ASSETS, "assets/{id}", ip60, AUTHENTICATED, assets::get));
    // configuration items (labs)
    r.add(new Route("GET", ASSETS, "cmdb/{id}/tickets", ip60, AUTHENTICATED, cmdb::tickets));
    r.add(
        new Route("POST", ASSETS, "cmdb/{id}/tickets/{ticketId}", ip60, AUTHENTICATED, cmdb::link));
    // people
    r.add(new Route("GET", NONE, "people/lookup", ip60, AUTHENTICATED, people::lookup));
    r.add(new Route("POST", NONE, "people/search", ip60, AUTHENTICATED, people::search));
    r.add(new Route("GET", NONE, "people/getuid/{username}", ip60, AUTHENTICATED, people::getUid));
    r.add(new Route("GET", NONE, "people/{uid}", ip60, AUTHENTICATED, people::get));
    return r;
  }
}
