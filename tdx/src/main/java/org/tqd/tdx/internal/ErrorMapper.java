package org.tqd.tdx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.tqd.tdx.TdxException;

/** Turns a TDX error answer into the matching {@link TdxException}. */
public final class ErrorMapper {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SNIPPET = 300;

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
   * TDX's {@code Message} from an error body ({@code {"Message": "..."}}), or a short excerpt of a
   * body that is not shaped so, or {@code (empty body)}.
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
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() <= MAX_SNIPPET ? text : text.substring(0, MAX_SNIPPET) + "...";
  }
}
