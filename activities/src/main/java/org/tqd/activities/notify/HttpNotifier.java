package org.tqd.activities.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a JSON body to a webhook, a Slack or Teams incoming webhook or the Telegram bot API, with
 * {@code Idempotency-Key} and, when a secret is given, {@code X-Tqd-Signature: sha256=<hex
 * HMAC-SHA256 of the body>}. Each attempt has a timeout; up to {@code maxAttempts} attempts with a
 * short backoff for transport errors, 408, 429 and 5xx; other 4xx answers are final. Messages never
 * carry the URL (it may hold a token).
 */
public final class HttpNotifier {

  /** The header carrying {@code {ticketId}:{actionId}}. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The header carrying the body's HMAC-SHA256 when a secret is set. */
  public static final String SIGNATURE = "X-Tqd-Signature";

  private final HttpClient client;
  private final Duration backoff;

  /** A notifier with its own HTTP client and a one-second first backoff. */
  public HttpNotifier() {
    this(Duration.ofSeconds(1));
  }

  /** A notifier whose backoff starts at {@code backoff} and doubles. */
  public HttpNotifier(Duration backoff) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.backoff = backoff;
  }

  /**
   * What one send did.
   *
   * @param status the final HTTP status
   * @param attempts the attempts made
   */
  public record Sent(int status, int attempts) {}

  /**
   * Sends the body.
   *
   * @param what the channel, for messages (such as {@code slack})
   * @param url the URL (a secret: never in a message)
   * @param body the JSON body
   * @param idempotencyKey {@code {ticketId}:{actionId}}
   * @param secret the signing secret, or null for no signature
   * @param timeout per attempt
   * @param maxAttempts attempts at most
   * @throws NotificationException when the last attempt failed (retryable unless a final 4xx)
   */
  public Sent post(
      String what,
      String url,
      String body,
      String idempotencyKey,
      String secret,
      Duration timeout,
      int maxAttempts) {
    URI uri;
    try {
      uri = URI.create(url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      throw new NotificationException(
          what + ": the configured URL is not an http(s) URL; check the variable named by url_env",
          false);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header(IDEMPOTENCY_KEY, idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (secret != null) {
      b.header(SIGNATURE, "sha256=" + hmacSha256Hex(secret, body));
    }
    HttpRequest request = b.build();
    String last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        pause(backoff.multipliedBy(1L << Math.min(attempt - 2, 5)));
      }
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
          return new Sent(status, attempt);
        }
        last = what + " answered HTTP " + status + excerpt(r.body());
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          throw new NotificationException(
              last + " (not retried: fix the request or settings)", false);
        }
      } catch (IOException e) {
        last = what + ": " + e.getClass().getSimpleName() + " (no answer)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotificationException(what + ": interrupted", true);
      }
    }
    throw new NotificationException(last + " after " + maxAttempts + " attempt(s)", true);
  }

  /** The lower-case hex HMAC-SHA256 of the body under the secret. */
  public static String hmacSha256Hex(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String b = body.strip().replaceAll("\\s+", " ");
    return ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationException("interrupted", true);
    }
  }
}
