package org.tqd.console.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates console requests from their {@code Authorization: Bearer …} header: a console token
 * ({@code tqd_…}, checked against {@link TokenStore}) or, when an issuer is configured, an OIDC
 * token from the Temporal Web UI ({@link OidcVerifier}), or a person's sign-in session on the
 * operator page ({@link SessionStore}, with a CSRF token on writes). Then authorises them by
 * permission, with the same roles and refusals for all three.
 *
 * <p>Failed authentications are logged (address and reason, never the credential) and limited per
 * client address: after {@value #MAX_FAILURES} in a minute, further requests from that address are
 * refused with 429 until the minute has passed.
 */
public final class Authenticator {

  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

  /** Failed authentications a client address may make in {@link #WINDOW}. */
  public static final int MAX_FAILURES = 20;

  private static final Duration WINDOW = Duration.ofMinutes(1);

  /** The header a signed-in browser sends its session's CSRF token in, on every write. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final TokenStore tokens;
  private final OidcVerifier oidc;
  private final SessionStore sessions;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  /**
   * @param tokens the console's tokens
   * @param oidc the OIDC check, or null when no issuer is configured
   */
  public Authenticator(TokenStore tokens, OidcVerifier oidc, Clock clock) {
    this(tokens, oidc, null, clock);
  }

  /**
   * @param tokens the console's tokens
   * @param oidc the OIDC check, or null when no issuer is configured
   * @param sessions the operator page's sign-in sessions, or null when people cannot sign in
   */
  public Authenticator(TokenStore tokens, OidcVerifier oidc, SessionStore sessions, Clock clock) {
    this.tokens = tokens;
    this.oidc = oidc;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** The sign-in sessions, or null. */
  public SessionStore sessions() {
    return sessions;
  }

  /**
   * The caller of an HTTP request, if it may hold the permission: by its {@code Authorization}
   * header when it has one (console or OIDC bearer token), else by its sign-in session cookie. A
   * session's writes (any method but GET, HEAD and OPTIONS) must carry the session's CSRF token in
   * {@value #CSRF_HEADER}; bearer requests need none, since a browser never adds them on its own.
   *
   * @throws AuthException 401, 403 or 429, with the same bodies for sessions and tokens
   */
  public Caller authorize(Context ctx, String permission) {
    Caller caller = authenticate(ctx);
    if (!caller.allows(permission)) {
      log.info(
          "console: {} ({} via {}) refused: needs {}",
          caller.name(),
          caller.role() == null ? "no role" : caller.role().wireName(),
          caller.via(),
          permission);
      throw AuthException.forbidden(caller, permission);
    }
    return caller;
  }

  /**
   * The caller of an HTTP request (see {@link #authorize(Context, String)}), checking the CSRF
   * token of a session's writes.
   */
  public Caller authenticate(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      return authenticate(authorization, ctx.ip());
    }
    String cookie = sessions == null ? null : ctx.cookie(sessions.cookieName());
    if (cookie == null) {
      return authenticate(null, ctx.ip());
    }
    SessionStore.Session session =
        sessions
            .find(cookie)
            .orElseThrow(
                () ->
                    AuthException.unauthenticated(
                        "the sign-in session has ended (signed out or expired); sign in again"));
    HandlerType method = ctx.method();
    boolean write =
        method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
    if (write && !session.csrfMatches(ctx.header(CSRF_HEADER))) {
      log.warn(
          "console: {} ({}) sent {} {} without the session's CSRF token; refused",
          session.caller().name(),
          ctx.ip(),
          method,
          ctx.path());
      throw AuthException.csrf(session.caller());
    }
    return session.caller();
  }

  /**
   * The caller, if the request may hold the permission.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param clientAddress the client's address, for the failure limit and the log
   * @param permission what the request needs, e.g. {@code read}
   * @throws AuthException 401, 403 or 429
   */
  public Caller authorize(String authorization, String clientAddress, String permission) {
    Caller caller = authenticate(authorization, clientAddress);
    if (!caller.allows(permission)) {
      log.info(
          "console: {} ({} via {}) refused: needs {}",
          caller.name(),
          caller.role() == null ? "no role" : caller.role().wireName(),
          caller.via(),
          permission);
      throw AuthException.forbidden(caller, permission);
    }
    return caller;
  }

  /** The caller the header proves. */
  public Caller authenticate(String authorization, String clientAddress) {
    String address = clientAddress == null ? "unknown" : clientAddress;
    long retryAfter = blockedFor(address);
    if (retryAfter > 0) {
      throw AuthException.rateLimited(retryAfter);
    }
    try {
      return check(authorization);
    } catch (AuthException e) {
      recordFailure(address);
      log.warn("console: failed authentication from {}: {}", address, e.getMessage());
      throw e;
    }
  }

  private Caller check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw AuthException.unauthenticated(
          "an Authorization: Bearer <token> header is required (a console token or an OIDC"
              + " token)"
              + (sessions == null ? "" : ", or sign in on the operator page at /"));
    }
    String value = authorization.strip();
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw AuthException.unauthenticated("the Authorization header must be 'Bearer <token>'");
    }
    String token = value.substring(7).strip();
    if (token.startsWith(TokenStore.PREFIX)) {
      return tokens
          .authenticate(token)
          .map(t -> new Caller(t.name(), t.role(), "token"))
          .orElseThrow(
              () -> AuthException.unauthenticated("the console token is unknown or revoked"));
    }
    if (oidc == null) {
      throw AuthException.unauthenticated(
          "the bearer token is not a console token, and OIDC tokens are not accepted"
              + " (TQD_OIDC_ISSUER is unset)");
    }
    return oidc.verify(token);
  }

  private long blockedFor(String address) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return 0;
    }
    long now = clock.millis();
    synchronized (times) {
      prune(times, now);
      if (times.size() < MAX_FAILURES) {
        return 0;
      }
      return Math.max(1, (times.peekFirst() + WINDOW.toMillis() - now + 999) / 1000);
    }
  }

  private void recordFailure(String address) {
    long now = clock.millis();
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      prune(times, now);
      times.addLast(now);
    }
    if (failures.size() > 10_000) {
      // many addresses: forget those whose failures have all expired
      failures.entrySet().removeIf(e -> expired(e.getValue(), now));
    }
  }

  private static boolean expired(Deque<Long> times, long now) {
    synchronized (times) {
      prune(times, now);
      return times.isEmpty();
    }
  }

  private static void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
      times.removeFirst();
    }
  }
}
