package org.tqd.worker.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of the payload codec: every key in the keys file decrypts, one of them (the
 * encryption key) encrypts. Immutable.
 *
 * <p>The keys file ({@code TQD_CODEC_KEYS_FILE}) is text, one key a line, {@code <key-id>=<key>}:
 * the key ID is 1 to 64 characters of {@code A-Z a-z 0-9 . _ -} and is written, in clear, into the
 * metadata of every payload the key encrypts; the key is 32 random bytes in standard Base64 (44
 * characters). Blank lines and lines starting with {@code #} are ignored. For example:
 *
 * <pre>
 * # tqd payload codec keys (keep this file readable by the tqd user only)
 * 2026-01-a=q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=
 * 2026-07-b=3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
 * </pre>
 */
public final class CodecKeys {

  /** What a key ID may hold: it travels in clear in payload metadata and log lines. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String encryptionKeyId;
  private final String source;

  private CodecKeys(Map<String, SecretKey> keys, String encryptionKeyId, String source) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.encryptionKeyId = encryptionKeyId;
    this.source = source;
  }

  /**
   * Keys from the text of a keys file.
   *
   * @param text the file's content
   * @param encryptionKeyId the key that encrypts ({@code TQD_CODEC_KEY_ID}); null when the file
   *     holds exactly one key, which then encrypts
   * @param source where the text came from, for error messages (a path, never key material)
   * @throws IllegalArgumentException naming the source and line when the text is malformed, holds
   *     no key or a key twice, or when {@code encryptionKeyId} is not one of its keys or is needed
   */
  public static CodecKeys parse(String text, String encryptionKeyId, String source) {
    Map<String, SecretKey> keys = parseKeys(text, source);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no key");
    }
    String active = encryptionKeyId == null || encryptionKeyId.isBlank() ? null : encryptionKeyId;
    if (active == null) {
      if (keys.size() > 1) {
        throw new IllegalArgumentException(
            source
                + " holds "
                + keys.size()
                + " keys ("
                + String.join(", ", keys.keySet())
                + "): set TQD_CODEC_KEY_ID to the one that encrypts");
      }
      active = keys.keySet().iterator().next();
    } else if (!keys.containsKey(active)) {
      throw new IllegalArgumentException(
          "TQD_CODEC_KEY_ID is "
              + active
              + ", which is not in "
              + source
              + " (keys: "
              + String.join(", ", keys.keySet())
              + ")");
    }
    return new CodecKeys(keys, active, source);
  }

  private static Map<String, SecretKey> parseKeys(String text, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected <key-id>=<base64 key>");
      }
      String id = line.substring(0, eq).strip();
      String encoded = line.substring(eq + 1).strip();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            where + ": a key ID is 1 to 64 characters of A-Z a-z 0-9 . _ -");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        // never quote the value: it is key material
        throw new IllegalArgumentException(where + ": key " + id + " is not valid Base64");
      }
      if (raw.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            where
                + ": key "
                + id
                + " has "
                + raw.length
                + " bytes; AES-256 needs 32 (e.g. openssl rand -base64 32)");
      }
      if (keys.put(id, new SecretKeySpec(raw, "AES")) != null) {
        throw new IllegalArgumentException(where + ": key ID " + id + " appears twice");
      }
    }
    return keys;
  }

  /**
   * Keys from a keys file.
   *
   * @throws IllegalArgumentException when the file cannot be read or is malformed (see {@link
   *     #parse})
   */
  public static CodecKeys load(Path file, String encryptionKeyId) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the codec keys file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, encryptionKeyId, file.toString());
  }

  /**
   * Appends a new random key to the keys file, creating the file (readable by its owner only) and
   * its directories when missing, and returns the new key's ID. The new key does not encrypt until
   * {@code TQD_CODEC_KEY_ID} names it.
   *
   * @param id the new key's ID, or null for one made of today's date and a random suffix
   */
  public static String addKey(Path file, String id) {
    String keyId = id == null ? newKeyId() : id;
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "a key ID is 1 to 64 characters of A-Z a-z 0-9 . _ -, got '" + keyId + "'");
    }
    try {
      if (Files.exists(file)) {
        Map<String, SecretKey> existing = parseKeys(Files.readString(file), file.toString());
        if (existing.containsKey(keyId)) {
          throw new IllegalArgumentException(file + " already holds key " + keyId);
        }
      } else {
        createPrivateFile(file);
      }
      String line = keyId + "=" + newKeyMaterial() + System.lineSeparator();
      String current = Files.readString(file);
      String prefix =
          current.isEmpty()
              ? "# tqd payload codec keys: <key-id>=<base64 of 32 random bytes>, one a line."
                  + System.lineSeparator()
                  + "# Keep every key that may have encrypted a payload still in Temporal's"
                  + " history."
                  + System.lineSeparator()
              : current.endsWith("\n") ? "" : System.lineSeparator();
      Files.writeString(file, prefix + line, StandardOpenOption.APPEND);
      return keyId;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the codec keys file " + file, e);
    }
  }

  /**
   * Creates the keys file with one new key, unless it exists; safe when several processes race to
   * create it (exactly one key is written, and everyone reads it back).
   *
   * @return true when this call created the file
   */
  public static boolean createIfMissing(Path file) {
    if (Files.exists(file)) {
      return false;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".codec-keys", ".tmp");
      try {
        restrict(tmp);
        Files.writeString(
            tmp,
            "# tqd payload codec keys: <key-id>=<base64 of 32 random bytes>, one a line."
                + System.lineSeparator()
                + newKeyId()
                + "="
                + newKeyMaterial()
                + System.lineSeparator());
        try {
          // a link fails when the name exists, unlike a move, so exactly one racer wins
          Files.createLink(file, tmp);
          return true;
        } catch (FileAlreadyExistsException lost) {
          return false;
        } catch (UnsupportedOperationException | IOException noLinks) {
          try {
            Files.move(tmp, file);
            return true;
          } catch (FileAlreadyExistsException lost) {
            return false;
          }
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the codec keys file " + file + " (" + e.getMessage() + ")", e);
    }
  }

  private static void createPrivateFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.createFile(file);
    restrict(file);
  }

  private static void restrict(Path file) throws IOException {
    try {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.setPosixFilePermissions(file, ownerOnly);
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits its directory's ACL
    }
  }

  private static String newKeyId() {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    StringBuilder hex = new StringBuilder();
    for (byte b : suffix) {
      hex.append(String.format("%02x", b));
    }
    return LocalDate.now(ZoneOffset.UTC) + "-" + hex;
  }

  private static String newKeyMaterial() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The key that encrypts. */
  public String encryptionKeyId() {
    return encryptionKeyId;
  }

  SecretKey encryptionKey() {
    return keys.get(encryptionKeyId);
  }

  /** The key with this ID, or null. */
  SecretKey key(String id) {
    return keys.get(id);
  }

  /** Every key ID, in file order. */
  public List<String> ids() {
    return new ArrayList<>(keys.keySet());
  }

  /** Where the keys came from (a path). */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    // never the key material
    return "CodecKeys[" + source + ", keys " + ids() + ", encrypting with " + encryptionKeyId + "]";
  }
}
