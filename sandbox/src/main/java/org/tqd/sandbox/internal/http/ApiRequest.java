package org.tqd.sandbox.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A request as the sandbox sees it, independent of the HTTP server: the method, the path split into
 * decoded segments with empty segments (from {@code //}) dropped, case-insensitive query
 * parameters, the body and the caller's address.
 *
 * @param method upper-case HTTP method
 * @param segments decoded, non-empty path segments
 * @param query query parameters by case-insensitive name (first occurrence wins)
 * @param headers case-insensitive header lookup
 * @param body raw request body, never null
 * @param contentType the Content-Type header, or null
 * @param ip the caller's address
 */
public record ApiRequest(
    String method,
    List<String> segments,
    Map<String, String> query,
    Function<String, String> headers,
    byte[] body,
    String contentType,
    String ip) {

  /** Builds a request from raw parts: splits and decodes the path and the query string. */
  public static ApiRequest of(
      String method,
      String rawPath,
      String rawQuery,
      Function<String, String> headers,
      byte[] body,
      String contentType,
      String ip) {
    return new ApiRequest(
        method.toUpperCase(java.util.Locale.ROOT),
        splitPath(rawPath),
        parseQuery(rawQuery),
        headers,
        body == null ? new byte[0] : body,
        contentType,
        ip);
  }

  /** Splits a raw path on {@code /}, dropping empty segments, and percent-decodes each segment. */
  static List<String> splitPath(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath == null) {
      return out;
    }
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        out.add(decode(part.replace("+", "%2B")));
      }
    }
    return Collections.unmodifiableList(out);
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers.apply(name);
  }

  /** Whether the request carries a non-blank body. */
  public boolean hasBody() {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return true;
      }
    }
    return false;
  }
}
