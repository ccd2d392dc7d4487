package org.tqd.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataSanitizerTest {

  @Test
  void dropsSecretKeysAtAnyDepthAndKeepsTheRest() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("clientSecret", "s");
    nested.put("keyword", "printer");
    nested.put("missing", null);
    Map<String, Object> in =
        Map.of(
            "config", Map.of("max_assets", 10, "api_token", "t", "has_database", true),
            "TDX_WEB_SERVICES_KEY", "k",
            "password", "p",
            "Authorization", "Bearer x",
            "items", List.of(nested, "plain"),
            "monkey", "kept");

    Map<String, Object> out = MetadataSanitizer.sanitize(in);

    Map<String, Object> expectedNested = new HashMap<>();
    expectedNested.put("keyword", "printer");
    expectedNested.put("missing", null);
    assertThat(out)
        .isEqualTo(
            Map.of(
                "config", Map.of("max_assets", 10, "has_database", true),
                "items", List.of(expectedNested, "plain"),
                "monkey", "kept"));
    assertThat(MetadataSanitizer.sanitize(null)).isEmpty();
  }

  @Test
  void redactsUrlPasswordsInText() {
    assertThat(
            MetadataSanitizer.redactText(
                "connect postgresql://daemon:p%40ss@db:5432/x failed; also https://example.edu/a"))
        .isEqualTo("connect postgresql://daemon:***@db:5432/x failed; also https://example.edu/a");
    assertThat(MetadataSanitizer.redactText(null)).isNull();
  }

  @Test
  void redactsUrlPasswordsWithSlashesAndQuestionMarks() {
    assertThat(
            MetadataSanitizer.redactText(
                "cannot connect to postgresql://tqd:Qk9/xT+3?Lm==@db:5432/ledger: refused"))
        .isEqualTo("cannot connect to postgresql://tqd:***@db:5432/ledger: refused");
  }

  @Test
  void replacesWhatPostgresqlCannotStoreAndKeepsTheRest() {
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("title", "Laptop\u0000 broken \uD800 \uD83E\uDD16");
    metadata.put("names", List.of("a\u0000b"));

    assertThat(MetadataSanitizer.sanitize(metadata))
        .containsEntry("title", "Laptop\uFFFD broken \uFFFD \uD83E\uDD16")
        .containsEntry("names", List.of("a\uFFFDb"));
    assertThat(MetadataSanitizer.redactText("x\u0000")).isEqualTo("x\uFFFD");
  }
}
