package org.tqd.tdx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tqd.tdx.TdxException;

/** Turns a TDX error answer into the matching {@link TdxException}. */
public final class ErrorMapper {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SNIPPET = 300;
  private static final Pattern HTML_START =
      Pattern.compile(
          "^\\s*(<!doctype\\s+html|<html|<head|<body|<\\?xml)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HTML_TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HTML_HEADING =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private ErrorMapper() {}

  /**
   * The exception for an answer with a status other than 2xx. The message names the method template
   * and URL and carries TDX's {@code Message} when the body has one.
   */
  public static TdxException map(
      String template, String url, HttpTransport.Response response, Instant now) {
    int status = response.status();
    String message = message(response.body());
    switch (status) {
      case 400:
        return new TdxException.BadRequest(template, url, message);
      case 401:
        return new TdxException.Unauthorized(template, url, message);
      case 403:
        return new TdxException.Forbidden(template, url, message);
      case 404:
        return new TdxException.NotFound(template, url, message);
      case 429:
        Instant reset = RateLimitHeaders.from(response.headers()).reset();
        return new TdxException.RateLimited(template, url, reset == null ? now : reset);
      default:
        if (status >= 300 && status < 400) {
          String location = response.headers().firstValue("Location").orElse("(no Location)");
          message =
              "TDX redirected to "
                  + location
                  + "; set the base URL to the address it redirects to ("
                  + message
                  + ")";
        }
        return new TdxException.ServerError(template, url, status, message);
    }
  }

  /**
   * TDX's {@code Message} from an error body ({@code {"Message": "..."}}), the title of an HTML
   * page (a proxy's or web server's error page: never the page itself), or a short excerpt of a
   * body that is neither, or {@code (empty body)}.
   */
  public static String message(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (field.getKey().equalsIgnoreCase("Message") && field.getValue().isTextual()) {
            return field.getValue().asText();
          }
        }
      } else if (node != null && node.isTextual()) {
        return node.asText();
      }
    } catch (java.io.IOException e) {
      // not JSON: fall through to the excerpt
    }
    if (isHtml(body)) {
      return describeHtml(body);
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() <= MAX_SNIPPET ? text : text.substring(0, MAX_SNIPPET) + "...";
  }

  /** Whether a body is an HTML (or XML) page rather than TDX's JSON. */
  public static boolean isHtml(String body) {
    return body != null && HTML_START.matcher(body).find();
  }

  /**
   * {@code an HTML page titled "502 Bad Gateway", not the expected JSON (a proxy or web server
   * answered, ...)}: what an operator needs, without the page's markup.
   */
  public static String describeHtml(String body) {
    String title = firstText(HTML_TITLE, body);
    if (title == null) {
      title = firstText(HTML_HEADING, body);
    }
    String text = title == null ? visibleText(body) : null;
    return "an HTML page"
        + (title != null ? " titled \"" + title + "\"" : "")
        + (text != null ? " reading \"" + text + "\"" : "")
        + ", not the expected JSON (a proxy or web server answered, not the TDX Web API; check"
        + " TDX_BASE_URL and TDX's status)";
  }

  private static String firstText(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    return m.find() ? visibleText(m.group(1)) : null;
  }

  /** The text of some HTML without its tags, shortened; null when there is none. */
  private static String visibleText(String html) {
    String text =
        html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("&(?:nbsp|#160);", " ")
            .replaceAll("\\s+", " ")
            .strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }
}
