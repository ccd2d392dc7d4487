package org.tqd.tdx.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.tdx.TdxCallListener;
import org.tqd.tdx.TdxException;

/**
 * One HTTP exchange with TDX: JSON in, text out, bounded by the configured timeouts, reported to
 * the call listener and logged (method template, status and duration only: never headers or bodies,
 * which may hold credentials).
 */
public final class HttpTransport {

  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  /** An HTTP answer of any status. */
  public record Response(int status, String body, HttpHeaders headers) {
    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final Duration requestTimeout;
  private final TdxCallListener listener;

  public HttpTransport(Duration connectTimeout, Duration requestTimeout, TdxCallListener listener) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
    this.listener = listener;
  }

  /**
   * Sends one request and reads the whole answer.
   *
   * @param jsonBody the body to send, or null for none
   * @param bearer the token for the {@code Authorization} header, or null for none
   * @throws TdxException.Transport when no complete answer arrives in time, the connection fails,
   *     or the thread is interrupted
   */
  public Response exchange(
      String httpMethod, String template, URI uri, String jsonBody, String bearer) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .header("User-Agent", "tqd-tdx-client")
            .method(
                httpMethod,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      builder.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
    int status = 0;
    try {
      // The request timeout bounds the wait for the headers; this bounds reading the body too.
      HttpResponse<String> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      status = response.statusCode();
      return new Response(status, response.body(), response.headers());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(template, uri, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TdxException.Transport(template, uri.toString(), "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpConnectTimeoutException) {
        throw new TdxException.Transport(
            template, uri.toString(), "could not connect within the connect timeout", cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(template, uri, cause);
      }
      if (cause instanceof java.net.ConnectException) {
        throw new TdxException.Transport(
            template,
            uri.toString(),
            "connection refused by "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + "; check TDX_BASE_URL and that TDX is reachable from this host",
            cause);
      }
      String what = cause instanceof IOException ? "I/O error" : "HTTP client error";
      throw new TdxException.Transport(
          template, uri.toString(), what + ": " + describe(cause), cause);
    } finally {
      long nanos = System.nanoTime() - start;
      log.debug("{} -> {} in {} ms", template, status, TimeUnit.NANOSECONDS.toMillis(nanos));
      try {
        listener.onCall(template, status, nanos);
      } catch (RuntimeException e) {
        log.warn("TDX call listener failed for {}", template, e);
      }
    }
  }

  private TdxException.Transport timedOut(String template, URI uri, Throwable cause) {
    return new TdxException.Transport(
        template,
        uri.toString(),
        "no complete answer within " + requestTimeout.toMillis() + " ms",
        cause);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + message;
  }
}
