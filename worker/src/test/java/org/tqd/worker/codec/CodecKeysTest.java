package org.tqd.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecKeysTest {

  @TempDir Path dir;

  @Test
  void readsKeysSkippingCommentsAndBlankLines() {
    CodecKeys keys =
        CodecKeys.parse(
            "# comment\n\n a = "
                + AesGcmPayloadCodecTest.key(1)
                + "\nb="
                + AesGcmPayloadCodecTest.key(2),
            "b",
            "f");
    assertThat(keys.ids()).containsExactly("a", "b");
    assertThat(keys.encryptionKeyId()).isEqualTo("b");
  }

  @Test
  void theOnlyKeyEncryptsWithoutAKeyId() {
    assertThat(CodecKeys.parse("a=" + AesGcmPayloadCodecTest.key(1), null, "f").encryptionKeyId())
        .isEqualTo("a");
  }

  @Test
  void refusesWhatItCannotUseWithoutQuotingKeyMaterial() {
    String k = AesGcmPayloadCodecTest.key(1);
    assertThatThrownBy(() -> CodecKeys.parse("a=" + k + "\nb=" + k, null, "f"))
        .hasMessageContaining("set TQD_CODEC_KEY_ID");
    assertThatThrownBy(() -> CodecKeys.parse("a=" + k, "c", "f"))
        .hasMessageContaining("TQD_CODEC_KEY_ID is c, which is not in f");
    assertThatThrownBy(() -> CodecKeys.parse("a=c2hvcnQ=", null, "f"))
        .hasMessageContaining("f line 1: key a has 5 bytes");
    assertThatThrownBy(() -> CodecKeys.parse("a=!!secret!!", null, "f"))
        .hasMessageContaining("not valid Base64")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> CodecKeys.parse("a b=" + k, null, "f")).hasMessageContaining("key ID");
    assertThatThrownBy(() -> CodecKeys.parse("a=" + k + "\na=" + k, "a", "f"))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> CodecKeys.parse("# nothing\n", null, "f"))
        .hasMessageContaining("holds no key");
  }

  @Test
  void newKeysAreAppendedAndTheFileIsTheOwnersOnly() throws Exception {
    Path file = dir.resolve("sub/codec-keys");
    String first = CodecKeys.addKey(file, "first");
    String second = CodecKeys.addKey(file, null);

    CodecKeys keys = CodecKeys.load(file, second);
    assertThat(keys.ids()).containsExactly(first, second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThatThrownBy(() -> CodecKeys.addKey(file, "first")).hasMessageContaining("already");
  }

  @Test
  void theDefaultFileIsCreatedOnceUnderHome() {
    Map<String, String> env = Map.of("HOME", dir.toString());
    CodecKeys created = PayloadEncryption.keys(env);
    CodecKeys again = PayloadEncryption.keys(env);

    assertThat(PayloadEncryption.defaultKeysFile(env)).isEqualTo(dir.resolve(".tqd/codec-keys"));
    assertThat(again.ids()).isEqualTo(created.ids()).hasSize(1);
  }

  @Test
  void aConfiguredFileMustExist() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () -> PayloadEncryption.keys(Map.of("TQD_CODEC_KEYS_FILE", missing.toString())))
        .hasMessageContaining("TQD_CODEC_KEYS_FILE names " + missing)
        .hasMessageContaining("tqd codec new-key");
  }
}
