package org.tqd.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload tqd hands to Temporal with AES-256-GCM, so that ticket text, names and
 * e-mails are stored in Temporal's history only as ciphertext (DESIGN §3.11).
 *
 * <p>An encrypted payload has the metadata {@code encoding: binary/encrypted} and {@code
 * encryption-key-id: <key ID>} (in clear, so a reader knows which key it needs), and as data a
 * fresh 12-byte nonce followed by the AES-GCM ciphertext and 16-byte tag of the whole original
 * payload (its metadata and data). The key ID is authenticated too: a payload whose key ID was
 * changed does not decrypt.
 *
 * <p>Decoding passes every payload without {@code binary/encrypted} through unchanged, so histories
 * written before the codec was enabled keep replaying, and decrypts the others with the key their
 * metadata names, whichever of the {@link CodecKeys} that is: keys rotate without rewriting
 * history. A payload whose key is not configured, or that was tampered with, fails with {@link
 * PayloadCodecException} naming the key, never with a partial result.
 *
 * <p>Thread-safe.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  /** The {@code encoding} metadata value of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** The metadata key that names the key a payload was encrypted with. */
  public static final String KEY_ID_METADATA = "encryption-key-id";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(CodecKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The keys this codec uses. */
  public CodecKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(encrypt(p));
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return out;
  }

  /** True when the payload was encrypted by this codec (whatever the key). */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(
        payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, null));
  }

  private Payload encrypt(Payload payload) {
    String keyId = keys.encryptionKeyId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.encryptionKey(), nonce, keyId);
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key " + keyId, e);
    }
    ByteBuffer data = ByteBuffer.allocate(NONCE_BYTES + sealed.length);
    data.put(nonce).put(sealed);
    return Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID_METADATA, ByteString.copyFromUtf8(keyId))
        .setData(ByteString.copyFrom(data.array()))
        .build();
  }

  private Payload decrypt(Payload payload) {
    ByteString id = payload.getMetadataOrDefault(KEY_ID_METADATA, null);
    if (id == null) {
      throw new PayloadCodecException(
          "an encrypted payload names no key (metadata " + KEY_ID_METADATA + " is missing)");
    }
    String keyId = id.toStringUtf8();
    SecretKey key = keys.key(keyId);
    if (key == null) {
      throw new PayloadCodecException(
          "a payload is encrypted with key "
              + keyId
              + ", which is not in "
              + keys.source()
              + " (keys: "
              + String.join(", ", keys.ids())
              + "); every tqd process needs every key that may have encrypted a payload still in"
              + " Temporal's history");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException(
          "an encrypted payload (key " + keyId + ") is too short to be one");
    }
    byte[] nonce = Arrays.copyOfRange(data, 0, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, keyId);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "an encrypted payload does not decrypt with key "
              + keyId
              + " (altered, or encrypted with another key of that ID)",
          e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "a payload decrypted with key " + keyId + " is not a Temporal payload", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
