package org.tqd.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.tqd.activities.ledger.LedgerUnavailableException;

/**
 * The console's bearer tokens in {@code meta.tqd_console_token} (migration V7). A token is {@code
 * tqd_} and 43 characters of Base64url (32 random bytes); the table keeps its SHA-256 only, so a
 * copy of the database grants nothing. Tokens of that strength need no slow hash: there is nothing
 * to guess.
 */
public final class TokenStore {

  /** Every console token starts with this, so a leaked one is recognisable (secret scanners). */
  public static final String PREFIX = "tqd_";

  private static final String TABLE = "meta.tqd_console_token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public TokenStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * A token as listed: never the token itself.
   *
   * @param id the token's row ID
   * @param name who or what holds it
   * @param role its role
   * @param createdAt when it was created
   * @param createdBy the OS user who created it, or null
   * @param lastUsedAt when it last authenticated a request (to the minute), or null
   * @param revokedAt when it was revoked, or null while it is live
   */
  public record TokenInfo(
      long id,
      String name,
      Role role,
      Instant createdAt,
      String createdBy,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /**
   * A new token.
   *
   * @param info its row
   * @param token the token, to be shown once and never again
   */
  public record NewToken(TokenInfo info, String token) {}

  /**
   * Creates a token.
   *
   * @throws IllegalArgumentException when the name is blank or a live token has it
   */
  public NewToken create(String name, Role role, String createdBy) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw new IllegalArgumentException("a token name is 1 to 200 characters");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      TokenInfo info =
          jdbi.withHandle(
              h -> {
                if (h.createQuery(
                            "SELECT count(*) FROM "
                                + TABLE
                                + " WHERE name = :name AND revoked_at IS NULL")
                        .bind("name", n)
                        .mapTo(Long.class)
                        .one()
                    > 0) {
                  throw new IllegalArgumentException(
                      "a live token is named "
                          + n
                          + "; revoke it first ('tqd console token revoke "
                          + n
                          + "') or choose another name");
                }
                return h.createQuery(
                        "INSERT INTO "
                            + TABLE
                            + " (name, role, token_sha256, created_by) VALUES (:name, :role,"
                            + " :hash, :createdBy) RETURNING *")
                    .bind("name", n)
                    .bind("role", role.wireName())
                    .bind("hash", sha256(token))
                    .bind("createdBy", createdBy)
                    .map((rs, ctx) -> info(rs))
                    .one();
              });
      return new NewToken(info, token);
    } catch (JdbiException e) {
      throw unavailable("creating console token " + n, e);
    }
  }

  /** Every token, live and revoked, oldest first. */
  public List<TokenInfo> list() {
    try {
      return jdbi.withHandle(
          h ->
              h.createQuery("SELECT * FROM " + TABLE + " ORDER BY token_id")
                  .map((rs, ctx) -> info(rs))
                  .list());
    } catch (JdbiException e) {
      throw unavailable("listing console tokens", e);
    }
  }

  /**
   * Revokes the live token with this name, or with this ID when {@code nameOrId} is a number that
   * no live token is named.
   *
   * @return the revoked token, or empty when no live token matched
   */
  public Optional<TokenInfo> revoke(String nameOrId) {
    String key = nameOrId == null ? "" : nameOrId.strip();
    Long id = key.matches("\\d{1,18}") ? Long.valueOf(key) : null;
    try {
      return jdbi.withHandle(
          h -> {
            Optional<TokenInfo> byName =
                h.createQuery(
                        "UPDATE "
                            + TABLE
                            + " SET revoked_at = now() WHERE name = :name AND revoked_at IS NULL"
                            + " RETURNING *")
                    .bind("name", key)
                    .map((rs, ctx) -> info(rs))
                    .findOne();
            if (byName.isPresent() || id == null) {
              return byName;
            }
            return h.createQuery(
                    "UPDATE "
                        + TABLE
                        + " SET revoked_at = now() WHERE token_id = :id AND revoked_at IS NULL"
                        + " RETURNING *")
                .bind("id", id)
                .map((rs, ctx) -> info(rs))
                .findOne();
          });
    } catch (JdbiException e) {
      throw unavailable("revoking console token " + key, e);
    }
  }

  /**
   * The live token this bearer string is, or empty. Marks it used (at most once a minute per token,
   * so that reading does not write on every request).
   */
  public Optional<TokenInfo> authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hash = sha256(token);
    try {
      return jdbi.withHandle(
          h -> {
            Optional<TokenInfo> found =
                h.createQuery(
                        "SELECT * FROM "
                            + TABLE
                            + " WHERE token_sha256 = :hash AND revoked_at IS NULL")
                    .bind("hash", hash)
                    .map((rs, ctx) -> info(rs))
                    .findOne();
            found.ifPresent(
                t ->
                    h.createUpdate(
                            "UPDATE "
                                + TABLE
                                + " SET last_used_at = now() WHERE token_id = :id AND"
                                + " (last_used_at IS NULL OR last_used_at < now() - interval '1"
                                + " minute')")
                        .bind("id", t.id())
                        .execute());
            return found;
          });
    } catch (JdbiException e) {
      throw unavailable("checking a console token", e);
    }
  }

  static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TokenInfo(
        rs.getLong("token_id"),
        rs.getString("name"),
        Role.of(rs.getString("role")),
        instant(rs.getObject("created_at", OffsetDateTime.class)),
        rs.getString("created_by"),
        instant(rs.getObject("last_used_at", OffsetDateTime.class)),
        instant(rs.getObject("revoked_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static LedgerUnavailableException unavailable(String what, JdbiException e) {
    return new LedgerUnavailableException(
        what + " failed: the database cannot be reached (" + e.getMessage() + ")", e);
  }
}
