package org.tqd.sandbox.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches the path below {@code api/} against the registered routes. Literal segments match
 * case-insensitively, as ASP.NET routing does; {@code {name}} segments match anything. Routes are
 * tried in registration order, so literal routes ({@code tickets/statuses}) are registered before
 * parameterised ones ({@code tickets/{id}}).
 */
public final class Router {

  /** The outcome of matching: a route with its parameters, or why nothing matched. */
  public record Match(Route route, Map<String, String> params, boolean methodNotAllowed) {}

  private final List<Route> routes = new ArrayList<>();

  /** Registers a route; earlier registrations win. */
  public Router add(Route route) {
    routes.add(route);
    return this;
  }

  /** All registered routes. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * Finds the route for a method and the segments below {@code api/}. For app-scoped routes the
   * first segment must be an integer and is returned as parameter {@code app}.
   */
  public Match match(String method, List<String> segments) {
    boolean pathMatched = false;
    for (Route route : routes) {
      Map<String, String> params = matchPath(route, segments);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route, params, false);
      }
      pathMatched = true;
    }
    return new Match(null, Map.of(), pathMatched);
  }

  private static Map<String, String> matchPath(Route route, List<String> segments) {
    List<String> template = route.segments();
    int offset = route.scope() == Route.AppScope.NONE ? 0 : 1;
    if (segments.size() != template.size() + offset) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    if (offset == 1) {
      String app = segments.get(0);
      if (!app.chars().allMatch(Character::isDigit) || app.length() > 9) {
        return null;
      }
      params.put("app", app);
    }
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      String s = segments.get(i + offset);
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), s);
      } else if (!t.equalsIgnoreCase(s)) {
        return null;
      }
    }
    return params;
  }
}
