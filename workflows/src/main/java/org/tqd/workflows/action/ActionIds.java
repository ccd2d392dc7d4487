package org.tqd.workflows.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Action hashes and IDs, computed exactly as the Python daemon computes them so that a site
 * migrating from it keeps its ledger: {@code action_hash = hex(sha256(utf8(canonical(config))))}
 * where {@code canonical} is Python's {@code str(sorted(config.items()))} ({@link PythonRepr}), and
 * {@code action_id = "{type}:{action_hash[:12]}:{version}"}.
 */
public final class ActionIds {

  /** Number of hash characters in an action ID. */
  public static final int SHORT_HASH_LENGTH = 12;

  private static final Pattern ID = Pattern.compile("([a-z][a-z0-9_]*):([0-9a-f]{12}):([^:\\s]+)");

  private ActionIds() {}

  /** The full SHA-256 (64 lower-case hex characters) of the canonical form of the configuration. */
  public static String hash(Map<String, ?> hashedConfig) {
    return sha256Hex(PythonRepr.canonical(hashedConfig));
  }

  /** {@code {type}:{hash[:12]}:{version}}. */
  public static String id(String type, String actionHash, String version) {
    return type + ":" + actionHash.substring(0, SHORT_HASH_LENGTH) + ":" + version;
  }

  /** The parts of an action ID, as found in the ledger or given on the command line. */
  public record Parts(String type, String shortHash, String version) {}

  /** Splits an action ID into its parts, or empty when the text is not an action ID. */
  public static Optional<Parts> parse(String actionId) {
    Matcher m = ID.matcher(actionId == null ? "" : actionId);
    return m.matches()
        ? Optional.of(new Parts(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of the text. */
  static String sha256Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
