package org.tqd.tdx;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a {@link TdxClient}. Build one with {@link #builder()} or start from the
 * Python daemon's environment variables with {@link #fromEnvironment(Map)}.
 */
public final class TdxClientConfig {

  /** Default ticketing application ID (the Python daemon's hard-coded 46). */
  public static final int DEFAULT_TICKET_APP_ID = 46;

  private final String baseUrl;
  private final int ticketAppId;
  private final int assetAppId;
  private final TdxCredentials credentials;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final RateLimitMode rateLimitMode;
  private final int max429Retries;
  private final Duration waitAfter429;
  private final Duration pacingMargin;
  private final Duration maxPacingWait;
  private final Clock clock;
  private final TdxCallListener listener;

  private TdxClientConfig(Builder b) {
    if (b.baseUrl == null) {
      throw new IllegalArgumentException(
          "the TDX base URL is not set: use https://<host>/TDWebApi/api (or /SBTDWebApi/api for"
              + " the TDX sandbox)");
    }
    if (b.assetAppId <= 0) {
      throw new IllegalArgumentException(
          "the TDX asset application ID is not set: set it to the ID of the Assets/CI"
              + " application (TDX_APP_ID)");
    }
    if (b.credentials == null) {
      throw new IllegalArgumentException("the TDX credentials are not set");
    }
    this.baseUrl = b.baseUrl;
    this.ticketAppId = b.ticketAppId;
    this.assetAppId = b.assetAppId;
    this.credentials = b.credentials;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.rateLimitMode = b.rateLimitMode;
    this.max429Retries = b.max429Retries;
    this.waitAfter429 = b.waitAfter429;
    this.pacingMargin = b.pacingMargin;
    this.maxPacingWait = b.maxPacingWait;
    this.clock = b.clock;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder filled from the Python daemon's environment variables: {@code TDX_BASE_URL}, {@code
   * TDX_APP_ID} (the asset application), {@code TDX_TICKET_APP_ID} (46 when unset) and the
   * credentials of {@link TdxCredentials#fromEnvironment(Map)}. Other settings keep their defaults
   * and may still be changed on the builder.
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed and what to
   *     set
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String base = env.get("TDX_BASE_URL");
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException(
          "TDX_BASE_URL is not set: set it to https://<host>/TDWebApi/api (or"
              + " https://<host>/SBTDWebApi/api for the TDX sandbox)");
    }
    String assetApp = env.get("TDX_APP_ID");
    if (assetApp == null || assetApp.isBlank()) {
      throw new IllegalArgumentException(
          "TDX_APP_ID is not set: set it to the ID of the TDX Assets/CI application (e.g. 48)");
    }
    String ticketApp = env.get("TDX_TICKET_APP_ID");
    return builder()
        .baseUrl(base)
        .assetAppId(appId("TDX_APP_ID", assetApp))
        .ticketAppId(
            ticketApp == null || ticketApp.isBlank()
                ? DEFAULT_TICKET_APP_ID
                : appId("TDX_TICKET_APP_ID", ticketApp))
        .credentials(TdxCredentials.fromEnvironment(env));
  }

  private static int appId(String variable, String value) {
    try {
      int id = Integer.parseInt(value.strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        variable + " must be a positive application ID (a number), not '" + value.strip() + "'");
  }

  /**
   * Normalises a base URL: trims it, removes trailing slashes and collapses doubled slashes in the
   * path. The result has no query and no trailing slash, e.g. {@code https://host/TDWebApi/api}.
   *
   * @throws IllegalArgumentException when it is not an absolute http(s) URL
   */
  public static String normalizeBaseUrl(String raw) {
    Objects.requireNonNull(raw, "baseUrl");
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the TDX base URL '" + raw + "' is not a URL", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "the TDX base URL '"
              + raw
              + "' must be absolute, like https://<host>/TDWebApi/api or"
              + " https://<host>/SBTDWebApi/api");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the TDX base URL '" + raw + "' must not have a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/{2,}", "/");
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority() + path;
  }

  /** The normalised base URL ending in {@code /api}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The ticketing application ID used in {@code api/{appId}/tickets/...}. */
  public int ticketAppId() {
    return ticketAppId;
  }

  /** The Assets/CI application ID used in {@code api/{appId}/assets/...}. */
  public int assetAppId() {
    return assetAppId;
  }

  public TdxCredentials credentials() {
    return credentials;
  }

  /** Time allowed to open a TCP/TLS connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time allowed for one exchange, from sending the request to having read the whole response. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  public RateLimitMode rateLimitMode() {
    return rateLimitMode;
  }

  /** How often a call is repeated after a 429 in {@link RateLimitMode#WAIT}. */
  public int max429Retries() {
    return max429Retries;
  }

  /**
   * In {@link RateLimitMode#WAIT}, how long past the reset time the client waits after a 429 before
   * calling again.
   */
  public Duration waitAfter429() {
    return waitAfter429;
  }

  /** Time added to a rate-limit window's reset before the client sends again on its own. */
  public Duration pacingMargin() {
    return pacingMargin;
  }

  /**
   * The longest the client waits for a rate-limit window to reset (pacing, or a 429 in {@link
   * RateLimitMode#WAIT}); a longer wait throws {@link TdxException.RateLimited} instead.
   */
  public Duration maxPacingWait() {
    return maxPacingWait;
  }

  public Clock clock() {
    return clock;
  }

  public TdxCallListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "TdxClientConfig[baseUrl="
        + baseUrl
        + ", ticketAppId="
        + ticketAppId
        + ", assetAppId="
        + assetAppId
        + ", credentials="
        + credentials
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", rateLimitMode="
        + rateLimitMode
        + ", max429Retries="
        + max429Retries
        + ", waitAfter429="
        + waitAfter429
        + ", pacingMargin="
        + pacingMargin
        + ", maxPacingWait="
        + maxPacingWait
        + "]";
  }

  /** Builds a {@link TdxClientConfig}. Base URL, asset app ID and credentials are required. */
  public static final class Builder {
    private String baseUrl;
    private int ticketAppId = DEFAULT_TICKET_APP_ID;
    private int assetAppId;
    private TdxCredentials credentials;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RateLimitMode rateLimitMode = RateLimitMode.SURFACE;
    private int max429Retries = 3;
    private Duration waitAfter429 = Duration.ofSeconds(5);
    private Duration pacingMargin = Duration.ofSeconds(1);
    private Duration maxPacingWait = Duration.ofSeconds(90);
    private Clock clock = Clock.systemUTC();
    private TdxCallListener listener = TdxCallListener.NONE;

    private Builder() {}

    /**
     * The API root, {@code https://<host>/TDWebApi/api} or {@code https://<host>/SBTDWebApi/api}. A
     * trailing slash and doubled slashes are tolerated. Required.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = normalizeBaseUrl(baseUrl);
      return this;
    }

    /** The ticketing application ID. Default is 46. */
    public Builder ticketAppId(int ticketAppId) {
      this.ticketAppId = positive(ticketAppId, "ticket application ID");
      return this;
    }

    /** The Assets/CI application ID. Required. */
    public Builder assetAppId(int assetAppId) {
      this.assetAppId = positive(assetAppId, "asset application ID");
      return this;
    }

    /** How to log in. Required. */
    public Builder credentials(TdxCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Time allowed to open a connection. Default is 10 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Time allowed for one HTTP exchange, including reading the body; a call that takes longer
     * fails with {@link TdxException.Transport}. Default is 30 seconds.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** What to do on a 429. Default is {@link RateLimitMode#SURFACE}. */
    public Builder rateLimitMode(RateLimitMode rateLimitMode) {
      this.rateLimitMode = Objects.requireNonNull(rateLimitMode, "rateLimitMode");
      return this;
    }

    /** Repeats after a 429 in {@link RateLimitMode#WAIT}. Default is 3; 0 means none. */
    public Builder max429Retries(int max429Retries) {
      if (max429Retries < 0) {
        throw new IllegalArgumentException("max429Retries must be 0 or more");
      }
      this.max429Retries = max429Retries;
      return this;
    }

    /**
     * In {@link RateLimitMode#WAIT}, how long past {@code X-RateLimit-Reset} to wait after a 429
     * (the whole wait when the header is missing or past). Default is 5 seconds, the minimum TDX
     * asks for.
     */
    public Builder waitAfter429(Duration waitAfter429) {
      Objects.requireNonNull(waitAfter429, "waitAfter429");
      if (waitAfter429.isNegative()) {
        throw new IllegalArgumentException("waitAfter429 must not be negative");
      }
      this.waitAfter429 = waitAfter429;
      return this;
    }

    /**
     * Time added to a window's {@code X-RateLimit-Reset} before the client sends again after the
     * window ran out. It covers the one-second resolution of the header. Default is 1 second.
     */
    public Builder pacingMargin(Duration pacingMargin) {
      Objects.requireNonNull(pacingMargin, "pacingMargin");
      if (pacingMargin.isNegative()) {
        throw new IllegalArgumentException("pacingMargin must not be negative");
      }
      this.pacingMargin = pacingMargin;
      return this;
    }

    /**
     * The longest a call waits for a rate-limit window to reset before giving up with {@link
     * TdxException.RateLimited}. Default is 90 seconds (more than TDX's 60-second windows).
     */
    public Builder maxPacingWait(Duration maxPacingWait) {
      Objects.requireNonNull(maxPacingWait, "maxPacingWait");
      if (maxPacingWait.isNegative()) {
        throw new IllegalArgumentException("maxPacingWait must not be negative");
      }
      this.maxPacingWait = maxPacingWait;
      return this;
    }

    /** The clock for token expiry and rate-limit windows. Default is the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Observer of every HTTP exchange. Default is {@link TdxCallListener#NONE}. */
    public Builder listener(TdxCallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public TdxClientConfig build() {
      return new TdxClientConfig(this);
    }

    private static int positive(int value, String what) {
      if (value <= 0) {
        throw new IllegalArgumentException("the " + what + " must be positive, not " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, not " + value);
      }
      return value;
    }
  }
}
