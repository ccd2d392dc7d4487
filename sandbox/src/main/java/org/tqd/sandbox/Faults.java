package org.tqd.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults and behaviour switches of a running sandbox. Every setting can be changed while the
 * sandbox serves (from Java, or over HTTP with {@code POST /_sandbox/faults}); requests already in
 * progress keep what they read. Thread-safe.
 *
 * <p>Faults apply to the API methods under {@code /TDWebApi/api} and {@code /SBTDWebApi/api} other
 * than the login methods, or, when {@link #templates(Set)} is non-empty, only to the named method
 * templates (such as {@code "POST tickets/{id}/feed"}). The inspection endpoints under {@code
 * /_sandbox} never see faults.
 *
 * <p>Three faults name their own method templates and ignore {@link #templates(Set)}, so that they
 * can be combined with the others: lost answers ({@link #lostAnswerShare()}), an outage ({@link
 * #outage(Duration)}) and 403 answers ({@link #forbiddenTemplates()}).
 */
public final class Faults {

  /** What {@code POST tickets/{id}/assets/{assetId}} returns on success. */
  public enum AssetAddBody {
    /** 200 with an empty body (what the Python daemon reports seeing). */
    EMPTY,
    /** 200 with a short JSON string message. */
    MESSAGE
  }

  private volatile long latencyMillis;
  private volatile double serverErrorShare;
  private volatile double serverErrorAfterWriteShare;
  private volatile double hangShare;
  private volatile long hangMillis = 30_000;
  private volatile double emptyBodyShare;
  private final AtomicInteger rateLimitBurst = new AtomicInteger();
  private volatile long tokenLifetimeSeconds = 86_400;
  private volatile boolean quotedToken;
  private volatile boolean permissionDenied;
  private volatile boolean duplicateAssetError;
  private volatile boolean htmlRewrite;
  private volatile boolean searchTextIncludesName;
  private volatile AssetAddBody assetAddBody = AssetAddBody.EMPTY;
  private volatile Set<String> templates = Set.of();
  private volatile double lostAnswerShare;
  private volatile Set<String> lostAnswerTemplates = Set.of();
  private volatile Instant outageUntil;
  private volatile int outageStatus = 503;
  private volatile boolean outageHang;
  private volatile Set<String> outageTemplates = Set.of();
  private volatile Set<String> forbiddenTemplates = Set.of();

  /** Extra delay before every response, in milliseconds. Default 0. */
  public long latencyMillis() {
    return latencyMillis;
  }

  /** Sets {@link #latencyMillis()}. */
  public Faults latencyMillis(long millis) {
    this.latencyMillis = requireNonNegative(millis, "latencyMillis");
    return this;
  }

  /**
   * Share (0 to 1) of requests answered 500 {@code {"Message":…}} before they take effect. Default
   * 0.
   */
  public double serverErrorShare() {
    return serverErrorShare;
  }

  /** Sets {@link #serverErrorShare()}. */
  public Faults serverErrorShare(double share) {
    this.serverErrorShare = requireShare(share, "serverErrorShare");
    return this;
  }

  /**
   * Share (0 to 1) of successful writes (POST, PATCH, DELETE) that take effect and are then
   * answered 500 anyway, as when a response is lost. Default 0.
   */
  public double serverErrorAfterWriteShare() {
    return serverErrorAfterWriteShare;
  }

  /** Sets {@link #serverErrorAfterWriteShare()}. */
  public Faults serverErrorAfterWriteShare(double share) {
    this.serverErrorAfterWriteShare = requireShare(share, "serverErrorAfterWriteShare");
    return this;
  }

  /**
   * Share (0 to 1) of requests that take effect and are answered only after {@link #hangMillis()},
   * longer than a client's timeout should be. Default 0.
   */
  public double hangShare() {
    return hangShare;
  }

  /** Sets {@link #hangShare()}. */
  public Faults hangShare(double share) {
    this.hangShare = requireShare(share, "hangShare");
    return this;
  }

  /** How long a hanging request waits before it is answered, in milliseconds. Default 30000. */
  public long hangMillis() {
    return hangMillis;
  }

  /** Sets {@link #hangMillis()}. */
  public Faults hangMillis(long millis) {
    this.hangMillis = requireNonNegative(millis, "hangMillis");
    return this;
  }

  /**
   * Share (0 to 1) of successful writes answered 200 with an empty body instead of the documented
   * one (the effect still happens). Default 0.
   */
  public double emptyBodyShare() {
    return emptyBodyShare;
  }

  /** Sets {@link #emptyBodyShare()}. */
  public Faults emptyBodyShare(double share) {
    this.emptyBodyShare = requireShare(share, "emptyBodyShare");
    return this;
  }

  /** How many of the next rate-limited calls get a 429 regardless of their bucket. Default 0. */
  public int rateLimitBurst() {
    return rateLimitBurst.get();
  }

  /** Sets {@link #rateLimitBurst()}. */
  public Faults rateLimitBurst(int calls) {
    rateLimitBurst.set((int) requireNonNegative(calls, "rateLimitBurst"));
    return this;
  }

  /** Takes one call from the 429 burst; true when this call must be refused. */
  public boolean takeRateLimitBurst() {
    return rateLimitBurst.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** Lifetime of newly issued tokens ({@code exp − nbf}), in seconds. Default 86400 (24 h). */
  public long tokenLifetimeSeconds() {
    return tokenLifetimeSeconds;
  }

  /** Sets {@link #tokenLifetimeSeconds()}. */
  public Faults tokenLifetimeSeconds(long seconds) {
    this.tokenLifetimeSeconds = requireNonNegative(seconds, "tokenLifetimeSeconds");
    return this;
  }

  /** Whether login methods return the token JSON-quoted ({@code "eyJ…"}). Default false. */
  public boolean quotedToken() {
    return quotedToken;
  }

  /** Sets {@link #quotedToken()}. */
  public Faults quotedToken(boolean quoted) {
    this.quotedToken = quoted;
    return this;
  }

  /**
   * Whether valid tokens are refused with 401 as if the account lacked permission. Default false.
   */
  public boolean permissionDenied() {
    return permissionDenied;
  }

  /** Sets {@link #permissionDenied()}. */
  public Faults permissionDenied(boolean denied) {
    this.permissionDenied = denied;
    return this;
  }

  /**
   * Whether adding an asset already on a ticket answers 400 {@code {"Message":"… already …"}}
   * instead of 200 without a second link. Default false.
   */
  public boolean duplicateAssetError() {
    return duplicateAssetError;
  }

  /** Sets {@link #duplicateAssetError()}. */
  public Faults duplicateAssetError(boolean error) {
    this.duplicateAssetError = error;
    return this;
  }

  /**
   * Whether comment bodies are stored re-serialised, as TDX's HTML sanitiser might: tags and
   * attributes normalised, void elements as {@code <br />}, non-ASCII characters as numeric
   * entities. Default false.
   */
  public boolean htmlRewrite() {
    return htmlRewrite;
  }

  /** Sets {@link #htmlRewrite()}. */
  public Faults htmlRewrite(boolean rewrite) {
    this.htmlRewrite = rewrite;
    return this;
  }

  /**
   * Whether asset search's {@code SearchText} also matches the asset {@code Name}. TDX documents
   * that it does not. Default false.
   */
  public boolean searchTextIncludesName() {
    return searchTextIncludesName;
  }

  /** Sets {@link #searchTextIncludesName()}. */
  public Faults searchTextIncludesName(boolean include) {
    this.searchTextIncludesName = include;
    return this;
  }

  /** What a successful asset add returns. Default {@link AssetAddBody#EMPTY}. */
  public AssetAddBody assetAddBody() {
    return assetAddBody;
  }

  /** Sets {@link #assetAddBody()}. */
  public Faults assetAddBody(AssetAddBody body) {
    this.assetAddBody = java.util.Objects.requireNonNull(body, "assetAddBody");
    return this;
  }

  /**
   * Method templates faults are limited to, such as {@code "POST tickets/{id}/feed"}; empty (the
   * default) means every API method except the login methods.
   */
  public Set<String> templates() {
    return templates;
  }

  /** Sets {@link #templates()}. */
  public Faults templates(Set<String> templates) {
    this.templates = Set.copyOf(templates);
    return this;
  }

  /**
   * Share (0 to 1) of successful writes that take effect and are then answered only after {@link
   * #hangMillis()}, so that a client with a shorter timeout never learns that its write happened
   * (the answer is lost). Applies to the write methods named in {@link #lostAnswerTemplates()}, or
   * to every write other than the login methods when that is empty. Default 0.
   */
  public double lostAnswerShare() {
    return lostAnswerShare;
  }

  /** Sets {@link #lostAnswerShare()}. */
  public Faults lostAnswerShare(double share) {
    this.lostAnswerShare = requireShare(share, "lostAnswerShare");
    return this;
  }

  /**
   * Method templates whose answers may be lost, such as {@code "POST tickets/{id}/feed"}; empty
   * (the default) means every write other than the login methods.
   */
  public Set<String> lostAnswerTemplates() {
    return lostAnswerTemplates;
  }

  /** Sets {@link #lostAnswerTemplates()}. */
  public Faults lostAnswerTemplates(Set<String> templates) {
    this.lostAnswerTemplates = Set.copyOf(templates);
    return this;
  }

  /** Whether a successful write of this template loses its answer this time (by chance). */
  public boolean losesAnswer(String template, boolean loginMethod) {
    Set<String> only = lostAnswerTemplates;
    boolean applies = only.isEmpty() ? !loginMethod : only.contains(template);
    return applies && chance(lostAnswerShare);
  }

  /**
   * Starts an outage that lasts {@code duration} from {@code now}: every call of the methods in
   * {@link #outageTemplates()} (all API methods, the login methods included, when empty) is
   * answered {@link #outageStatus()} without taking effect. Null or zero ends an outage.
   */
  public Faults outage(Duration duration, Instant now) {
    if (duration == null || duration.isZero()) {
      outageUntil = null;
    } else if (duration.isNegative()) {
      throw new IllegalArgumentException("outage must not be negative, got " + duration);
    } else {
      outageUntil = now.plus(duration);
    }
    return this;
  }

  /** Starts an outage that lasts until {@link #endOutage()} (or {@link #reset()}). */
  public Faults outageUntilEnded() {
    outageUntil = Instant.MAX;
    return this;
  }

  /** Ends the outage, if any. */
  public Faults endOutage() {
    outageUntil = null;
    return this;
  }

  /**
   * When the current outage ends: null when there is none, {@link Instant#MAX} when it lasts until
   * it is ended.
   */
  public Instant outageUntil() {
    return outageUntil;
  }

  /** Whether a call of this template at {@code now} falls into the outage. */
  public boolean inOutage(String template, Instant now) {
    Instant until = outageUntil;
    if (until == null || !now.isBefore(until)) {
      return false;
    }
    Set<String> only = outageTemplates;
    return only.isEmpty() || only.contains(template);
  }

  /** HTTP status of the answers during an outage: a 5xx. Default 503. */
  public int outageStatus() {
    return outageStatus;
  }

  /** Sets {@link #outageStatus()}. */
  public Faults outageStatus(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("outageStatus must be a 5xx status, got " + status);
    }
    this.outageStatus = status;
    return this;
  }

  /**
   * Whether the answers during an outage come only after {@link #hangMillis()} (a server that
   * accepts connections but does not answer) instead of at once. Default false.
   */
  public boolean outageHang() {
    return outageHang;
  }

  /** Sets {@link #outageHang()}. */
  public Faults outageHang(boolean hang) {
    this.outageHang = hang;
    return this;
  }

  /** Method templates an outage is limited to; empty (the default) means every API method. */
  public Set<String> outageTemplates() {
    return outageTemplates;
  }

  /** Sets {@link #outageTemplates()}. */
  public Faults outageTemplates(Set<String> templates) {
    this.outageTemplates = Set.copyOf(templates);
    return this;
  }

  /**
   * Method templates answered 403 {@code {"Message": …}} (after authentication, before taking
   * effect), as TDX answers an account that lacks a permission, such as {@code "POST
   * tickets/{id}/assets/{assetId}"}. Default empty: none.
   */
  public Set<String> forbiddenTemplates() {
    return forbiddenTemplates;
  }

  /** Sets {@link #forbiddenTemplates()}. */
  public Faults forbiddenTemplates(Set<String> templates) {
    this.forbiddenTemplates = Set.copyOf(templates);
    return this;
  }

  /** Whether calls of this template are answered 403. */
  public boolean forbids(String template) {
    return forbiddenTemplates.contains(template);
  }

  /** Whether faults apply to a method template. */
  public boolean appliesTo(String template, boolean loginMethod) {
    Set<String> only = templates;
    return only.isEmpty() ? !loginMethod : only.contains(template);
  }

  /** Restores every setting to its default. */
  public Faults reset() {
    latencyMillis = 0;
    serverErrorShare = 0;
    serverErrorAfterWriteShare = 0;
    hangShare = 0;
    hangMillis = 30_000;
    emptyBodyShare = 0;
    rateLimitBurst.set(0);
    tokenLifetimeSeconds = 86_400;
    quotedToken = false;
    permissionDenied = false;
    duplicateAssetError = false;
    htmlRewrite = false;
    searchTextIncludesName = false;
    assetAddBody = AssetAddBody.EMPTY;
    templates = Set.of();
    lostAnswerShare = 0;
    lostAnswerTemplates = Set.of();
    outageUntil = null;
    outageStatus = 503;
    outageHang = false;
    outageTemplates = Set.of();
    forbiddenTemplates = Set.of();
    return this;
  }

  private static long requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  private static double requireShare(double value, String name) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
    }
    return value;
  }

  private static boolean chance(double share) {
    return share > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < share;
  }
}
