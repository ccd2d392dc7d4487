package org.tqd.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator page's sessions, kept server-side in this process: the browser holds only a random
 * session ID (32 bytes) in an HTTP-only cookie, and this store keeps who it belongs to, their role,
 * the session's CSRF token and its expiry. A session ends at sign-out, {@link
 * SessionSettings#maxAge()} after sign-in, or {@link SessionSettings#idle()} after its last
 * request. Sessions do not survive a restart of the console: people sign in again.
 */
public final class SessionStore {

  /** Most live sessions kept; beyond that the oldest are dropped. */
  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A signed-in person.
   *
   * @param id the session ID (the cookie's value)
   * @param caller who signed in, with their role
   * @param csrfToken the value writes must send in {@code X-CSRF-Token}
   * @param createdAt when they signed in
   * @param expiresAt when the session ends at the latest
   */
  public record Session(
      String id, Caller caller, String csrfToken, Instant createdAt, Instant expiresAt) {

    /** True when this header value is the session's CSRF token (compared in constant time). */
    public boolean csrfMatches(String header) {
      return header != null
          && MessageDigest.isEqual(
              header.strip().getBytes(StandardCharsets.UTF_8),
              csrfToken.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Session[" + caller + ", expires " + expiresAt + "]";
    }
  }

  private final SessionSettings settings;
  private final Clock clock;
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

  private static final class Entry {
    final Session session;
    volatile Instant lastSeen;

    Entry(Session session, Instant lastSeen) {
      this.session = session;
      this.lastSeen = lastSeen;
    }
  }

  public SessionStore(SessionSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public SessionSettings settings() {
    return settings;
  }

  /**
   * The session cookie's name: {@code __Host-tqd_session} with Secure cookies (the prefix makes
   * browsers refuse it unless Secure, path {@code /} and host-only), {@code tqd_session} without.
   */
  public String cookieName() {
    return settings.secureCookies() ? "__Host-tqd_session" : "tqd_session";
  }

  /** Starts a session for a person who has just signed in. */
  public Session create(Caller caller) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(e -> expired(e, now));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.entrySet().stream()
            .min(
                (a, b) ->
                    a.getValue().session.createdAt().compareTo(b.getValue().session.createdAt()))
            .ifPresent(oldest -> sessions.remove(oldest.getKey()));
      }
    }
    Session s = new Session(randomToken(), caller, randomToken(), now, now.plus(settings.maxAge()));
    sessions.put(s.id(), new Entry(s, now));
    return s;
  }

  /** The live session with this ID, marking it used; empty when unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    if (e == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(e, now)) {
      sessions.remove(id, e);
      return Optional.empty();
    }
    e.lastSeen = now;
    return Optional.of(e.session);
  }

  /** Ends the session (sign-out). */
  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Live sessions (for tests and metrics). */
  public int size() {
    Instant now = clock.instant();
    return (int) sessions.values().stream().filter(e -> !expired(e, now)).count();
  }

  private boolean expired(Entry e, Instant now) {
    return !now.isBefore(e.session.expiresAt()) || !now.isBefore(e.lastSeen.plus(settings.idle()));
  }

  static String randomToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
