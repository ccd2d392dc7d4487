package org.tqd.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tqd.sandbox.internal.json.Json;

/** A response as the sandbox produces it, before the HTTP server writes it. */
public final class ApiResponse {

  /** Content type of JSON bodies. */
  public static final String JSON = "application/json; charset=utf-8";

  /** Content type of the token returned by the login methods. */
  public static final String TEXT = "text/plain; charset=utf-8";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private long delayMillis;

  private ApiResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  /** A JSON response. */
  public static ApiResponse json(int status, JsonNode node) {
    return new ApiResponse(status, JSON, Json.bytes(node));
  }

  /** 200 with a JSON body. */
  public static ApiResponse ok(JsonNode node) {
    return json(200, node);
  }

  /** 200 with a JSON string body such as {@code "Asset added."}. */
  public static ApiResponse okString(String value) {
    return json(200, TextNode.valueOf(value));
  }

  /** A plain-text response. */
  public static ApiResponse text(int status, String text) {
    return new ApiResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A response with no body and no content type. */
  public static ApiResponse empty(int status) {
    return new ApiResponse(status, null, new byte[0]);
  }

  /** An error in TDX's shape, {@code {"Message": message}}. */
  public static ApiResponse error(int status, String message) {
    return json(status, Json.object().put("Message", message));
  }

  public int status() {
    return status;
  }

  /** The content type, or null when the response has no body. */
  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  /** Response headers in insertion order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Adds or replaces a header. */
  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** How long the server waits before sending this response, in milliseconds. */
  public long delayMillis() {
    return delayMillis;
  }

  /** Adds to {@link #delayMillis()}. */
  public ApiResponse addDelay(long millis) {
    this.delayMillis += millis;
    return this;
  }

  /** A copy with the same status and headers but an empty body. */
  public ApiResponse withoutBody() {
    ApiResponse copy = new ApiResponse(status, null, new byte[0]);
    copy.headers.putAll(headers);
    copy.delayMillis = delayMillis;
    return copy;
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
