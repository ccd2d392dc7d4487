package org.tqd.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  static final String SECRET = "Printer in room 2201 belongs to Jane Roe <jroe@example.edu>";

  static String key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return Base64.getEncoder().encodeToString(k);
  }

  static CodecKeys keys(String text, String active) {
    return CodecKeys.parse(text, active, "test-keys");
  }

  static Payload json(String value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  @Test
  void encryptsAndDecryptsWithTheKeyIdInTheMetadata() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1=" + key(1), null));
    Payload plain = json(SECRET);

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.toByteString().toString(StandardCharsets.UTF_8)).doesNotContain("Jane Roe");
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void twoEncryptionsOfOnePayloadDiffer() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1=" + key(1), null));
    Payload plain = json(SECRET);
    assertThat(codec.encode(List.of(plain))).isNotEqualTo(codec.encode(List.of(plain)));
  }

  @Test
  void unencryptedPayloadsPassThroughDecoding() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1=" + key(1), null));
    Payload plain = json(SECRET);
    Payload raw = Payload.newBuilder().setData(ByteString.copyFromUtf8("no metadata")).build();
    assertThat(codec.decode(List.of(plain, raw))).containsExactly(plain, raw);
  }

  @Test
  void oldKeyDecryptsAfterRotationAndNewKeyEncrypts() {
    AesGcmPayloadCodec before = new AesGcmPayloadCodec(keys("old=" + key(1), null));
    Payload writtenBefore = before.encode(List.of(json(SECRET))).get(0);

    AesGcmPayloadCodec after =
        new AesGcmPayloadCodec(keys("old=" + key(1) + "\nnew=" + key(2) + "\n", "new"));
    Payload writtenAfter = after.encode(List.of(json(SECRET))).get(0);

    assertThat(writtenAfter.getMetadataMap().get("encryption-key-id").toStringUtf8())
        .isEqualTo("new");
    assertThat(after.decode(List.of(writtenBefore, writtenAfter)))
        .containsExactly(json(SECRET), json(SECRET));
  }

  @Test
  void aRemovedKeyIsNamedWhenAPayloadNeedsIt() {
    Payload sealed =
        new AesGcmPayloadCodec(keys("old=" + key(1), null)).encode(List.of(json(SECRET))).get(0);
    AesGcmPayloadCodec without = new AesGcmPayloadCodec(keys("new=" + key(2), null));
    assertThatThrownBy(() -> without.decode(List.of(sealed)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key old")
        .hasMessageContaining("keys: new");
  }

  @Test
  void anAlteredPayloadOrKeyIdDoesNotDecrypt() {
    CodecKeys both = keys("a=" + key(1) + "\nb=" + key(1), "a");
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(both);
    Payload sealed = codec.encode(List.of(json(SECRET))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload flipped = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    // same key material under another ID: the ID is authenticated, so this fails too
    Payload relabelled =
        sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("b")).build();

    assertThatThrownBy(() -> codec.decode(List.of(flipped)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not decrypt with key a");
    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void theDataConverterEncryptsValuesAndFailureMessages() {
    DataConverter converter = PayloadEncryption.dataConverter(keys("k1=" + key(1), null));

    Optional<Payload> value = converter.toPayload(SECRET);
    assertThat(value.orElseThrow().getData().toStringUtf8()).doesNotContain("Jane Roe");
    assertThat(converter.fromPayload(value.get(), String.class, String.class)).isEqualTo(SECRET);

    Failure failure =
        converter.exceptionToFailure(ApplicationFailure.newFailure(SECRET, "TdxRejected"));
    assertThat(failure.toByteString().toStringUtf8()).doesNotContain("Jane Roe");
    assertThat(failure.getMessage()).isEqualTo("Encoded failure");
    assertThat(converter.failureToException(failure).getMessage()).contains("Jane Roe");
  }
}
