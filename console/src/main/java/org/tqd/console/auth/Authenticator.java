package org.tqd.console.auth;

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
 * token from the Temporal Web UI ({@link OidcVerifier}). Then authorises them by permission.
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

  private final TokenStore tokens;
  private final OidcVerifier oidc;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  /**
   * @param tokens the console's tokens
   * @param oidc the OIDC check, or null when no issuer is configured
   */
  public Authenticator(TokenStore tokens, OidcVerifier oidc, Clock clock) {
    this.tokens = tokens;
    this.oidc = oidc;
    this.clock = clock;
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
              + " token)");
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
