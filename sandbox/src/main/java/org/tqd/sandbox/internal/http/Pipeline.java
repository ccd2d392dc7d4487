package org.tqd.sandbox.internal.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.sandbox.Faults;
import org.tqd.sandbox.SiteIds;
import org.tqd.sandbox.internal.auth.Authenticator;
import org.tqd.sandbox.internal.limits.LimitRule;
import org.tqd.sandbox.internal.limits.RateLimiter;

/**
 * Everything between the HTTP server and an endpoint handler, in TDX's order: prefix and route
 * matching, call counting, an injected outage, per-IP rate limits, authentication, per-user rate
 * limits, content-type and application checks, injected 403s and other faults, the handler, lost
 * answers, and the {@code {"Message": …}} error shape.
 */
public final class Pipeline {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final Router router;
  private final Authenticator auth;
  private final RateLimiter limiter;
  private final Faults faults;
  private final CallCounter calls;
  private final Clock clock;
  private final SiteIds ids;
  private final Function<ApiRequest, ApiResponse> inspection;

  /**
   * @param inspection answers requests below {@code /_sandbox}
   */
  public Pipeline(
      Router router,
      Authenticator auth,
      RateLimiter limiter,
      Faults faults,
      CallCounter calls,
      Clock clock,
      SiteIds ids,
      Function<ApiRequest, ApiResponse> inspection) {
    this.router = router;
    this.auth = auth;
    this.limiter = limiter;
    this.faults = faults;
    this.calls = calls;
    this.clock = clock;
    this.ids = ids;
    this.inspection = inspection;
  }

  /** Answers one request. Never throws. */
  public ApiResponse handle(ApiRequest request) {
    List<String> segs = request.segments();
    if (!segs.isEmpty() && segs.get(0).equalsIgnoreCase("_sandbox")) {
      return guarded(() -> inspection.apply(request));
    }
    if (segs.size() < 2 || !isPrefix(segs.get(0)) || !segs.get(1).equalsIgnoreCase("api")) {
      return noResource(request);
    }
    Router.Match match = router.match(request.method(), segs.subList(2, segs.size()));
    if (match.route() == null) {
      calls.count(request.method() + " (unmatched)");
      if (match.methodNotAllowed()) {
        return ApiResponse.error(
            405, "The requested resource does not support http method '" + request.method() + "'.");
      }
      return noResource(request);
    }
    Route route = match.route();
    calls.count(route.name());
    if (faults.inOutage(route.name(), clock.instant())) {
      ApiResponse down = ApiResponse.error(faults.outageStatus(), "The service is unavailable.");
      return faults.outageHang() ? down.addDelay(faults.hangMillis()) : down;
    }
    boolean faulty = faults.appliesTo(route.name(), route.kind() == Route.Kind.LOGIN);
    Map<String, String> limitHeaders = new LinkedHashMap<>();
    ApiResponse response = guarded(() -> run(request, match, limitHeaders, faulty));
    limitHeaders.forEach(response::header);
    if (faulty) {
      response.addDelay(faults.latencyMillis());
      if (chance(faults.hangShare())) {
        response.addDelay(faults.hangMillis());
      }
    }
    return response;
  }

  private ApiResponse run(
      ApiRequest request, Router.Match match, Map<String, String> limitHeaders, boolean faulty) {
    Route route = match.route();
    LimitRule rule = route.limit();
    if (rule != null && rule.key() == LimitRule.Key.IP) {
      ApiResponse refused = limit(route, rule, request.ip(), limitHeaders, faulty);
      if (refused != null) {
        return refused;
      }
    }
    Principal principal = null;
    if (route.kind() == Route.Kind.AUTHENTICATED) {
      principal = auth.authenticate(request);
    }
    if (rule != null && rule.key() == LimitRule.Key.USER) {
      String key = principal == null ? request.ip() : principal.uniqueName();
      ApiResponse refused = limit(route, rule, key, limitHeaders, faulty);
      if (refused != null) {
        return refused;
      }
    }
    if (request.hasBody() && !isJson(request.contentType())) {
      return ApiResponse.error(
          415,
          "The request entity's media type '"
              + (request.contentType() == null ? "" : request.contentType())
              + "' is not supported for this resource. Send Content-Type: application/json.");
    }
    checkApp(route, match.params().get("app"));
    if (faults.forbids(route.name())) {
      throw new ApiException(
          403, "You do not have permission to perform this action (" + route.name() + ").");
    }
    if (faulty && chance(faults.serverErrorShare())) {
      return ApiResponse.error(500, "An error has occurred.");
    }
    ApiResponse response =
        route.handler().handle(new Exchange(request, route, match.params(), principal));
    if (route.isWrite()
        && response.status() < 300
        && faults.losesAnswer(route.name(), route.kind() == Route.Kind.LOGIN)) {
      response.addDelay(faults.hangMillis());
    }
    if (faulty && route.isWrite() && response.status() < 300) {
      if (chance(faults.serverErrorAfterWriteShare())) {
        return ApiResponse.error(500, "An error has occurred.");
      }
      if (chance(faults.emptyBodyShare())) {
        return response.withoutBody();
      }
    }
    return response;
  }

  private ApiResponse limit(
      Route route, LimitRule rule, String key, Map<String, String> headers, boolean faulty) {
    boolean burst = faulty && faults.takeRateLimitBurst();
    if (!burst && !limiter.enabled()) {
      return null;
    }
    RateLimiter.Decision d =
        burst
            ? limiter.refuse(route.name(), rule, key, clock.instant())
            : limiter.acquire(route.name(), rule, key, clock.instant());
    headers.put("X-RateLimit-Limit", Integer.toString(d.limit()));
    headers.put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
    headers.put("X-RateLimit-Reset", d.resetHeader());
    return d.allowed() ? null : ApiResponse.empty(429);
  }

  private void checkApp(Route route, String app) {
    if (route.scope() == Route.AppScope.NONE) {
      return;
    }
    int appId = Integer.parseInt(app);
    int expected = route.scope() == Route.AppScope.TICKETS ? ids.ticketAppId() : ids.assetAppId();
    if (appId != expected) {
      String kind = route.scope() == Route.AppScope.TICKETS ? "ticketing" : "asset";
      throw ApiException.notFound(
          "Application " + appId + " was not found or is not an active " + kind + " application.");
    }
  }

  private static ApiResponse guarded(java.util.function.Supplier<ApiResponse> action) {
    try {
      return action.get();
    } catch (ApiException e) {
      return ApiResponse.error(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("sandbox handler failed", e);
      return ApiResponse.error(500, "An error has occurred.");
    }
  }

  private static ApiResponse noResource(ApiRequest request) {
    return ApiResponse.error(
        404,
        "No HTTP resource was found that matches the request URI '/"
            + String.join("/", request.segments())
            + "'.");
  }

  private static boolean isPrefix(String segment) {
    return segment.equalsIgnoreCase("TDWebApi") || segment.equalsIgnoreCase("SBTDWebApi");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/json") || base.equals("text/json");
  }

  private static boolean chance(double share) {
    return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
  }
}
