package org.tqd.tdx.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;

/**
 * Holds the bearer token and renews it. A token obtained by logging in is renewed shortly before it
 * expires (60 s, or a tenth of its lifetime if that is shorter) and again after TDX rejects it with
 * a 401. However many threads need a new token at once, only one logs in; the others wait for its
 * result. A static token is never renewed.
 *
 * <p>Expiry is computed on the local clock from the token's lifetime ({@code exp - nbf}, less a
 * second for the claims' resolution) counted from the moment the login was sent, so a skewed server
 * clock does not cause early or late renewal.
 */
public final class TokenManager {

  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);

  private static final Duration MAX_RENEWAL_LEAD = Duration.ofSeconds(60);

  private static final Duration CLAIM_RESOLUTION = Duration.ofSeconds(1);

  /** After a failed early renewal, the old token is used this long before the next attempt. */
  private static final Duration RETRY_RENEWAL_AFTER = Duration.ofSeconds(5);

  /** Performs a login and returns the token text as TDX sent it. */
  @FunctionalInterface
  public interface Login {
    String login();
  }

  private record Token(String value, Instant renewAt, Instant expiresAt) {
    boolean fresh(Instant now) {
      return renewAt == null || now.isBefore(renewAt);
    }

    boolean usable(Instant now) {
      return expiresAt == null || now.isBefore(expiresAt);
    }
  }

  private final TdxCredentials credentials;
  private final Clock clock;
  private final Login login;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Token current;
  private volatile int logins;

  public TokenManager(TdxCredentials credentials, Clock clock, Login login) {
    this.credentials = credentials;
    this.clock = clock;
    this.login = login;
    if (credentials instanceof TdxCredentials.StaticToken s) {
      Instant exp = Jwt.validity(s.token()).map(Jwt.Validity::expiresAt).orElse(null);
      // A static token is never renewed: once it is past its expiry, calls fail.
      current = new Token(s.token(), exp, exp);
    }
  }

  /** Whether a rejected token can be replaced by logging in again. */
  public boolean canRenew() {
    return credentials.canRenew();
  }

  /** How many logins this manager has performed (successful or not). */
  public int logins() {
    return logins;
  }

  /**
   * A token to send with a call of {@code method} to {@code url}, logging in first if there is none
   * or it is about to expire.
   *
   * @throws TdxException.Unauthorized when the login is refused or a static token has expired
   */
  public String token(String method, String url) {
    Token t = current;
    Instant now = clock.instant();
    if (t != null && t.fresh(now)) {
      return t.value();
    }
    if (!canRenew()) {
      throw staticTokenExpired(method, url, t.expiresAt());
    }
    lock.lock();
    try {
      t = current;
      now = clock.instant();
      if (t != null && t.fresh(now)) {
        return t.value();
      }
      try {
        current = obtain();
        return current.value();
      } catch (TdxException e) {
        if (t != null && t.usable(now) && e.isRetryable()) {
          // The old token still works for a while; try again shortly instead of failing calls.
          log.warn(
              "Renewing the TDX token failed, using the current one until it expires: {}",
              e.getMessage());
          current = new Token(t.value(), now.plus(RETRY_RENEWAL_AFTER), t.expiresAt());
          return t.value();
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A replacement for {@code rejected}, which TDX answered with 401. Logs in unless another thread
   * already replaced that token.
   */
  public String renewAfterRejection(String rejected) {
    lock.lock();
    try {
      Token t = current;
      if (t != null && !t.value().equals(rejected)) {
        return t.value();
      }
      current = obtain();
      return current.value();
    } finally {
      lock.unlock();
    }
  }

  private Token obtain() {
    logins++;
    Instant requested = clock.instant();
    String value = Jwt.clean(login.login());
    Optional<Jwt.Validity> validity = Jwt.validity(value);
    if (validity.isEmpty()) {
      log.debug("TDX token has no readable expiry; it will be renewed when TDX rejects it");
      return new Token(value, null, null);
    }
    Jwt.Validity v = validity.get();
    Instant expiresAt;
    if (v.notBefore() != null && v.expiresAt().isAfter(v.notBefore())) {
      // The claims have whole seconds: nbf may be up to a second before the token was issued.
      expiresAt =
          requested.plus(Duration.between(v.notBefore(), v.expiresAt())).minus(CLAIM_RESOLUTION);
    } else {
      expiresAt = v.expiresAt();
    }
    Duration lifetime = Duration.between(requested, expiresAt);
    if (lifetime.isNegative() || lifetime.isZero()) {
      log.warn(
          "The new TDX token expires at {}, before now by this machine's clock; it will be renewed"
              + " when TDX rejects it (check the clock)",
          v.expiresAt());
      return new Token(value, null, null);
    }
    Duration lead = lifetime.dividedBy(10);
    if (lead.compareTo(MAX_RENEWAL_LEAD) > 0) {
      lead = MAX_RENEWAL_LEAD;
    }
    log.debug("Obtained a TDX token valid for {} s", lifetime.toSeconds());
    return new Token(value, expiresAt.minus(lead), expiresAt);
  }

  private static TdxException staticTokenExpired(String method, String url, Instant exp) {
    return new TdxException.Unauthorized(
        method,
        url,
        "the static TDX API token (TDX_API_TOKEN) expired at "
            + exp
            + "; set a new one, or set TDX_BEID and TDX_WEB_SERVICES_KEY so the token is renewed"
            + " automatically");
  }
}
