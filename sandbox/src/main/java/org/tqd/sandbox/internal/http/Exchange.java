package org.tqd.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.tqd.sandbox.internal.json.Json;

/** One matched call: the request, the path parameters and the authenticated caller. */
public final class Exchange {

  private final ApiRequest request;
  private final Route route;
  private final Map<String, String> params;
  private final Principal principal;

  public Exchange(
      ApiRequest request, Route route, Map<String, String> params, Principal principal) {
    this.request = request;
    this.route = route;
    this.params = params;
    this.principal = principal;
  }

  public ApiRequest request() {
    return request;
  }

  public Route route() {
    return route;
  }

  /** The authenticated caller; null only for login methods. */
  public Principal principal() {
    return principal;
  }

  /** A path parameter as text. */
  public String path(String name) {
    return params.get(name);
  }

  /** A path parameter as Int32; 400 when it is not one. */
  public int pathInt(String name) {
    String raw = params.get(name);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "The request is invalid: '" + raw + "' is not a valid Int32 for '" + name + "'.");
    }
  }

  /** A query parameter (name case-insensitive), or null. */
  public String query(String name) {
    return request.query().get(name);
  }

  /** A Boolean query parameter, case-insensitive ({@code True}, {@code false}); 400 if invalid. */
  public boolean queryBool(String name, boolean dflt) {
    String raw = query(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw ApiException.badRequest(
            "The request is invalid: '" + raw + "' is not a valid Boolean for '" + name + "'.");
    }
  }

  /** An Int32 query parameter; 400 if invalid. */
  public int queryInt(String name, int dflt) {
    String raw = query(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "The request is invalid: '" + raw + "' is not a valid Int32 for '" + name + "'.");
    }
  }

  /** The body as a JSON tree; 400 when it is missing or not JSON. */
  public JsonNode bodyNode(String what) {
    if (!request.hasBody()) {
      throw ApiException.badRequest("The request body is required: send " + what + " as JSON.");
    }
    try {
      return Json.parse(request.body());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "The request body is not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("parse error")
              + ").");
    }
  }

  /** The body as a JSON object read case-insensitively; 400 when missing, malformed or not one. */
  public JsonBody body(String what) {
    return JsonBody.of(bodyNode(what), "The request body (" + what + ")");
  }
}
