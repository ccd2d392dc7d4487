package org.tqd.worker.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one data converter of every tqd process that talks to Temporal (worker, starter, every {@code
 * tqd} command, the console's codec endpoint): Temporal's default converter, then {@link
 * AesGcmPayloadCodec} over every payload, failure messages and stack traces included.
 *
 * <p>Settings:
 *
 * <ul>
 *   <li>{@value #KEYS_FILE}: the keys file (format in {@link CodecKeys}). Default: {@code
 *       $HOME/.tqd/codec-keys}, created with one random key on first use, which serves processes of
 *       one user on one host; processes on several hosts or containers must share one file and set
 *       this variable.
 *   <li>{@value #KEY_ID}: the ID of the key that encrypts. Default: the file's only key (a file
 *       with several keys needs it).
 * </ul>
 */
public final class PayloadEncryption {

  private static final Logger log = LoggerFactory.getLogger(PayloadEncryption.class);

  /** The setting that names the keys file. */
  public static final String KEYS_FILE = "TQD_CODEC_KEYS_FILE";

  /** The setting that names the key that encrypts. */
  public static final String KEY_ID = "TQD_CODEC_KEY_ID";

  private PayloadEncryption() {}

  /** {@code $HOME/.tqd/codec-keys} ({@code user.home} when {@code HOME} is unset). */
  public static Path defaultKeysFile(Map<String, String> env) {
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".tqd", "codec-keys");
  }

  /**
   * The keys the settings name: {@value #KEYS_FILE} (which must exist), or the default file,
   * created when missing.
   *
   * @throws IllegalArgumentException naming the setting when the file is missing, unreadable or
   *     malformed, or when {@value #KEY_ID} names no key of it
   */
  public static CodecKeys keys(Map<String, String> env) {
    String configured = blankToNull(env.get(KEYS_FILE));
    String keyId = blankToNull(env.get(KEY_ID));
    if (configured != null) {
      Path file = Path.of(configured);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            KEYS_FILE
                + " names "
                + file
                + ", which is not a file; create it with 'tqd codec new-key --file "
                + file
                + "' and give every tqd process the same file");
      }
      return load(file, keyId);
    }
    Path file = defaultKeysFile(env);
    if (CodecKeys.createIfMissing(file)) {
      log.warn(
          "codec: created {} with a new payload encryption key; every tqd process that shares"
              + " this Temporal namespace needs this file: set {} where processes run on other"
              + " hosts or in containers",
          file,
          KEYS_FILE);
    }
    return load(file, keyId);
  }

  private static CodecKeys load(Path file, String keyId) {
    try {
      return CodecKeys.load(file, keyId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (" + KEYS_FILE + ", see docs/operations.md)", e);
    }
  }

  /**
   * Temporal's default data converter with {@link AesGcmPayloadCodec} over every payload, failure
   * attributes (message, stack trace) included.
   */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)), true);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
