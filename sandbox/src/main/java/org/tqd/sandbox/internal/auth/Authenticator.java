package org.tqd.sandbox.internal.auth;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.tqd.sandbox.Credentials;
import org.tqd.sandbox.Faults;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiRequest;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.http.Principal;

/**
 * The three login methods and bearer-token checks. Tokens are HS256 JWTs signed with a per-seed
 * secret; their lifetime and whether they come back JSON-quoted follow {@link Faults}.
 */
public final class Authenticator {

  /** The message TDX (ASP.NET) gives for a missing, expired or forged token. */
  public static final String DENIED = "Authorization has been denied for this request.";

  private final Credentials credentials;
  private final String userAccount;
  private final String serviceAccount;
  private final Jwt jwt;
  private final Clock clock;
  private final Faults faults;
  private final DataStore store;

  /** Tokens already verified, so each request costs a map lookup rather than an HMAC. */
  private final Map<String, Principal> verified = new ConcurrentHashMap<>();

  /**
   * @param credentials what the login methods accept
   * @param userAccount user name of the person behind the user account
   * @param serviceAccount user name of the person behind the service account
   * @param secret HMAC key that signs tokens
   */
  public Authenticator(
      Credentials credentials,
      String userAccount,
      String serviceAccount,
      byte[] secret,
      Clock clock,
      Faults faults,
      DataStore store) {
    this.credentials = credentials;
    this.userAccount = userAccount;
    this.serviceAccount = serviceAccount;
    this.jwt = new Jwt(secret);
    this.clock = clock;
    this.faults = faults;
    this.store = store;
  }

  /** {@code POST api/auth} and {@code api/auth/login}: user name and password, any casing. */
  public ApiResponse login(JsonBody body) {
    String user = body.string("UserName");
    String password = body.string("Password");
    if (user == null || user.isBlank() || password == null) {
      throw ApiException.badRequest(
          "Send {\"UserName\": \"...\", \"Password\": \"...\"}: both are required.");
    }
    if (!user.trim().equalsIgnoreCase(credentials.username())
        || !password.equals(credentials.password())) {
      return ApiResponse.error(401, "The user name or password is incorrect.");
    }
    return token(userAccount);
  }

  /** {@code POST api/auth/loginadmin}: BEID and WebServicesKey, both Guid strings. */
  public ApiResponse loginAdmin(JsonBody body) {
    if (!body.has("BEID") || !body.has("WebServicesKey")) {
      throw ApiException.badRequest(
          "Send {\"BEID\": \"<guid>\", \"WebServicesKey\": \"<guid>\"}: both are required.");
    }
    UUID beid = body.uid("BEID");
    UUID key = body.uid("WebServicesKey");
    if (!beid.equals(credentials.beid()) || !key.equals(credentials.webServicesKey())) {
      return ApiResponse.error(
          401, "The BEID or web services key is incorrect, or the account is inactive.");
    }
    return token(serviceAccount);
  }

  private ApiResponse token(String uniqueName) {
    long now = clock.instant().getEpochSecond();
    String token = jwt.issue(uniqueName, now, now + faults.tokenLifetimeSeconds());
    return ApiResponse.text(200, faults.quotedToken() ? "\"" + token + "\"" : token);
  }

  /**
   * The caller of an API method: 401 {@code {"Message": DENIED}} when the bearer token is missing,
   * forged or expired, or when permission-denied mode is on.
   */
  public Principal authenticate(ApiRequest request) {
    String header = request.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(401, DENIED);
    }
    String token = header.substring(7).trim();
    long now = clock.instant().getEpochSecond();
    Principal known = verified.get(token);
    if (known == null) {
      Jwt.Claims claims = jwt.verify(token, now);
      if (claims == null) {
        throw new ApiException(401, DENIED);
      }
      Person person = store.read(() -> store.personByUserName(claims.uniqueName()));
      if (person == null) {
        throw new ApiException(401, DENIED);
      }
      known = new Principal(claims.uniqueName(), person, claims.notBefore(), claims.expires());
      if (verified.size() > 10_000) {
        verified.clear();
      }
      verified.put(token, known);
    }
    if (now < known.notBefore() || now >= known.expires() || faults.permissionDenied()) {
      throw new ApiException(401, DENIED);
    }
    return known;
  }
}
