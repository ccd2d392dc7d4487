package org.tqd.tdx.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.tdx.RateLimitMode;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;

/**
 * Sends authenticated, paced calls to TDX and reads their JSON answers. It obtains and renews the
 * token ({@link TokenManager}), waits for rate-limit windows ({@link RateLimitPacer}), repeats a
 * call once after a 401 with a new token, handles 429 as configured, and maps error statuses to
 * {@link TdxException}s. It never repeats a call after a 5xx or a transport failure: the caller (a
 * Temporal activity) decides that.
 *
 * <p>The token is taken when a call is about to be sent, after every wait (for a rate-limit window,
 * or after a 429), so that a call never goes out with a token that expired while it waited. Every
 * wait ends at once when the thread is interrupted or {@link #close()} is called.
 */
public final class TdxHttp {

  private static final Logger log = LoggerFactory.getLogger(TdxHttp.class);

  /**
   * One call.
   *
   * @param method the HTTP method
   * @param template the method template, e.g. {@code GET tickets/{id}}: the rate-limit bucket and
   *     the name in errors, logs and metrics
   * @param path the path below the base URL, with query, e.g. {@code 46/tickets/5}
   * @param body the object to send as JSON, or null for none
   */
  public record Request(String method, String template, String path, Object body) {}

  private final TdxClientConfig config;
  private final Clock clock;
  private final ObjectMapper json;
  private final HttpTransport transport;
  private final RateLimitPacer pacer;
  private final java.util.concurrent.ConcurrentMap<String, RateLimitHeaders> lastRateLimit =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final TokenManager tokens;
  private final CountDownLatch closed = new CountDownLatch(1);

  public TdxHttp(TdxClientConfig config) {
    this.config = config;
    this.clock = config.clock();
    this.json =
        JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    this.transport =
        new HttpTransport(config.connectTimeout(), config.requestTimeout(), config.listener());
    this.pacer = new RateLimitPacer(clock, config.pacingMargin());
    this.tokens = new TokenManager(config.credentials(), clock, this::login);
  }

  /** The token manager, e.g. to count logins. */
  public TokenManager tokens() {
    return tokens;
  }

  /**
   * Ends every wait at once: calls waiting for a rate-limit window or after a 429 throw {@link
   * TdxException.Transport}, and so do later calls that would have to wait. Calls that need no wait
   * are still sent, so that work finishing during a shutdown is not failed needlessly. Idempotent.
   */
  public void close() {
    closed.countDown();
    pacer.close();
  }

  /** The full URL of a path below the base URL. */
  public URI uri(String path) {
    return URI.create(config.baseUrl() + "/" + path);
  }

  /** Sends a call and parses the JSON answer, which must not be empty. */
  public <T> T object(Request request, Class<T> type) {
    T value = read(request, send(request), json.constructType(type));
    if (value == null) {
      throw new TdxException.Transport(
          request.template(),
          uri(request.path()).toString(),
          "TDX answered with an empty body where a " + type.getSimpleName() + " was expected",
          null);
    }
    return value;
  }

  /** Sends a call and parses the JSON answer; null when TDX answered with an empty body. */
  public <T> T nullableObject(Request request, Class<T> type) {
    return read(request, send(request), json.constructType(type));
  }

  /**
   * Sends a call and parses a JSON array; an empty body gives an empty list, and null elements are
   * dropped.
   */
  public <T> List<T> list(Request request, Class<T> elementType) {
    List<T> value =
        read(
            request,
            send(request),
            json.getTypeFactory().constructCollectionType(List.class, elementType));
    return value == null ? List.of() : value.stream().filter(Objects::nonNull).toList();
  }

  /** The rate-limit headers of the latest answer to a method, or null before its first answer. */
  public RateLimitHeaders lastRateLimit(String template) {
    return lastRateLimit.get(template);
  }

  /** Sends a call and returns its successful (2xx) answer. */
  public HttpTransport.Response send(Request request) {
    HttpTransport.Response response = exchange(request, true);
    if (!response.isSuccess()) {
      throw error(request, response);
    }
    return response;
  }

  /**
   * Sends a call and returns its answer whatever the status, except that a 401 and a 429 are
   * handled (and thrown) as for every call.
   */
  public HttpTransport.Response exchange(Request request) {
    return exchange(request, true);
  }

  /** The exception for an unsuccessful answer to {@code request}. */
  public TdxException error(Request request, HttpTransport.Response response) {
    return ErrorMapper.map(
        request.template(), uri(request.path()).toString(), response, clock.instant());
  }

  private <T> T read(Request request, HttpTransport.Response response, JavaType type) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new TdxException.Transport(
          request.template(),
          uri(request.path()).toString(),
          "TDX answered "
              + response.status()
              + (ErrorMapper.isHtml(body)
                  ? " with " + ErrorMapper.describeHtml(body)
                  : " with a body that is not the expected JSON (" + e.getOriginalMessage() + ")"),
          e);
    }
  }

  private HttpTransport.Response exchange(Request request, boolean authenticated) {
    URI uri = uri(request.path());
    String url = uri.toString();
    String body = toJson(request);
    boolean renewed = false;
    int retriesAfter429 = 0;
    while (true) {
      Sent sent = paced(request, uri, body, authenticated);
      HttpTransport.Response response = sent.response();
      if (response.status() == 401 && authenticated) {
        if (!renewed && tokens.canRenew()) {
          renewed = true;
          log.debug("{}: token rejected, logging in again", request.template());
          tokens.renewAfterRejection(sent.token());
          continue;
        }
        throw new TdxException.Unauthorized(
            request.template(),
            url,
            ErrorMapper.message(response.body())
                + (tokens.canRenew()
                    ? " (also with a fresh token: the account lacks permission for this call or"
                        + " was deactivated)"
                    : " (the static token TDX_API_TOKEN expired or was revoked: set a new one, or"
                        + " set TDX_BEID and TDX_WEB_SERVICES_KEY)"));
      }
      if (response.status() == 429) {
        Instant reset = RateLimitHeaders.from(response.headers()).reset();
        if (config.rateLimitMode() == RateLimitMode.WAIT
            && retriesAfter429 < config.max429Retries()) {
          long now = clock.millis();
          long wait =
              (reset == null ? 0 : Math.max(pacer.toLocalMillis(reset) - now, 0))
                  + config.waitAfter429().toMillis();
          if (wait <= config.maxPacingWait().toMillis()) {
            retriesAfter429++;
            log.info(
                "{}: TDX answered 429, waiting {} ms before attempt {} of {}",
                request.template(),
                wait,
                retriesAfter429 + 1,
                config.max429Retries() + 1);
            waitAfter429(wait, request.template(), url);
            continue;
          }
        }
        throw new TdxException.RateLimited(
            request.template(), url, reset == null ? clock.instant() : reset);
      }
      return response;
    }
  }

  /** An answer, and the token it was sent with (null when none). */
  private record Sent(HttpTransport.Response response, String token) {}

  /**
   * Waits for the rate limit, then takes the token and sends: the token is taken only once the call
   * may go out, so a long wait cannot leave it expired.
   */
  private Sent paced(Request request, URI uri, String body, boolean authenticated) {
    RateLimitPacer.Permit permit;
    try {
      permit = pacer.acquire(request.template(), config.maxPacingWait().toMillis());
    } catch (RateLimitPacer.WaitTooLong e) {
      throw new TdxException.RateLimited(request.template(), uri.toString(), e.resetAt());
    } catch (RateLimitPacer.Closed e) {
      throw closedWhileWaiting(request.template(), uri.toString(), "for the rate-limit window");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TdxException.Transport(
          request.template(), uri.toString(), "interrupted while waiting for the rate limit", e);
    }
    String token = null;
    HttpTransport.Response response;
    try {
      if (authenticated) {
        token = tokens.token(request.template(), uri.toString());
      }
      response = transport.exchange(request.method(), request.template(), uri, body, token);
    } catch (RuntimeException e) {
      pacer.abandon(permit);
      throw e;
    }
    RateLimitHeaders headers = RateLimitHeaders.from(response.headers());
    lastRateLimit.put(request.template(), headers);
    pacer.complete(permit, response.status(), headers);
    return new Sent(response, token);
  }

  private String login() {
    TdxCredentials credentials = config.credentials();
    Request request;
    String hint;
    if (credentials instanceof TdxCredentials.WebServicesKey k) {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("BEID", k.beid());
      body.put("WebServicesKey", k.webServicesKey());
      request = new Request("POST", "POST auth/loginadmin", "auth/loginadmin", body);
      hint =
          "check TDX_BEID and TDX_WEB_SERVICES_KEY, and that the administrative service account is"
              + " active";
    } else if (credentials instanceof TdxCredentials.UsernamePassword u) {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("username", u.username());
      body.put("password", u.password());
      request = new Request("POST", "POST auth/login", "auth/login", body);
      hint = "check TDX_USERNAME and TDX_PASSWORD (SSO accounts cannot use the API)";
    } else {
      throw new IllegalStateException("a static token cannot log in");
    }
    String url = uri(request.path()).toString();
    HttpTransport.Response response = exchange(request, false);
    int status = response.status();
    if (response.isSuccess()) {
      if (response.body() == null || Jwt.clean(response.body()).isEmpty()) {
        throw new TdxException.Transport(
            request.template(), url, "TDX answered the login with an empty token", null);
      }
      return response.body();
    }
    // Login answers are the one place where TDX might echo what was sent.
    response =
        new HttpTransport.Response(status, credentials.redact(response.body()), response.headers());
    String said = ErrorMapper.message(response.body());
    if (status == 400 || status == 401 || status == 403) {
      throw new TdxException.Unauthorized(
          request.template(), url, status, hint + " (TDX said: " + said + ")");
    }
    if (status == 404) {
      throw new TdxException.Unauthorized(
          request.template(),
          url,
          status,
          "no login endpoint at this address: the base URL must end in /TDWebApi/api (or"
              + " /SBTDWebApi/api for the TDX sandbox), it is "
              + config.baseUrl());
    }
    throw error(request, response);
  }

  private String toJson(Request request) {
    if (request.body() == null) {
      return null;
    }
    try {
      return json.writeValueAsString(request.body());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the body of " + request.template(), e);
    }
  }

  private void waitAfter429(long millis, String template, String url) {
    try {
      if (closed.await(millis, TimeUnit.MILLISECONDS)) {
        throw closedWhileWaiting(template, url, "after a 429");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TdxException.Transport(template, url, "interrupted while waiting after a 429", e);
    }
  }

  private static TdxException.Transport closedWhileWaiting(
      String template, String url, String what) {
    return new TdxException.Transport(
        template,
        url,
        "not sent: the TDX client was closed (shutting down) while the call waited " + what,
        null);
  }
}
