package org.tqd.workflows.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every expected value here was printed by CPython 3.11; the Python expression is in the comment
 * next to it.
 */
class PythonReprTest {

  @Test
  void rendersTheDaemonCommentVector() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("comment_text", "Hello World");
    config.put("is_private", false);
    config.put("is_rich_html", false);
    config.put("is_communication", false);
    config.put("notify", List.of("null"));
    config.put("new_status_id", 0);
    config.put("cascade_status", false);

    String canonical = PythonRepr.canonical(config);
    String hash = ActionIds.hash(config);

    assertThat(canonical)
        .isEqualTo(
            "[('cascade_status', False), ('comment_text', 'Hello World'),"
                + " ('is_communication', False), ('is_private', False), ('is_rich_html', False),"
                + " ('new_status_id', 0), ('notify', ['null'])]");
    assertThat(hash).isEqualTo("054200481667d605556d7e962cc1dd3c8e35c7573ccf7fc0d3785f9689a20373");
    assertThat(ActionIds.id("comment", hash, "v1")).isEqualTo("comment:054200481667:v1");
  }

  @Test
  void rendersTheDaemonChangeStatusVector() {
    // str(sorted({'new_status_id': 117, 'cascade': False}.items()))
    Map<String, Object> config = Map.of("new_status_id", 117, "cascade", false);
    assertThat(PythonRepr.canonical(config))
        .isEqualTo("[('cascade', False), ('new_status_id', 117)]");
    assertThat(ActionIds.id("change_status", ActionIds.hash(config), "v1"))
        .isEqualTo("change_status:0914bc851755:v1");
  }

  @Test
  void rendersTheProductionPipelineVectors() {
    Map<String, Object> addAsset = new LinkedHashMap<>();
    addAsset.put("add_summary_comment", true);
    addAsset.put("max_assets_to_add", 10);
    addAsset.put("skip_if_requestor_asset_exists", true);
    addAsset.put("active_status_only", true);
    addAsset.put("computer_form_id", 2448);
    addAsset.put("has_database", true);
    assertThat(ActionIds.id("add_asset", ActionIds.hash(addAsset), "v2"))
        .isEqualTo("add_asset:a6ee89781f2f:v2");

    Map<String, Object> find = new LinkedHashMap<>();
    find.put("exclude_current_ticket", true);
    find.put("max_tickets_per_category", 10);
    find.put("active_status_ids", List.of(115, 117, 121, 619, 620, 622));
    find.put("lab_type_id", 10132);
    find.put("show_partial_on_error", true);
    assertThat(ActionIds.id("find_active_tickets", ActionIds.hash(find), "v1"))
        .isEqualTo("find_active_tickets:e9b209460690:v1");

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("comment_prefix", "🤖 Automated Actions Summary");
    summary.put("is_private", true);
    summary.put("is_rich_html", true);
    summary.put("skip_if_empty", true);
    summary.put("separator", "\n");
    // str(sorted({... 'separator': '\n' ...}.items())) contains ('separator', '\\n')
    assertThat(PythonRepr.canonical(summary))
        .isEqualTo(
            "[('comment_prefix', '🤖 Automated Actions Summary'), ('is_private', True),"
                + " ('is_rich_html', True), ('separator', '\\n'), ('skip_if_empty', True)]");
    assertThat(ActionIds.hash(summary))
        .isEqualTo("3a46b2bb91de9c70c2d9262461cfbb6648dfd051ce1ab7857de41255713e7780");
    assertThat(ActionIds.id("summary_comment", ActionIds.hash(summary), "v1"))
        .isEqualTo("summary_comment:3a46b2bb91de:v1");
  }

  @Test
  void quotesStringsAsPythonDoes() {
    // repr("it's") -> "it's"
    assertThat(PythonRepr.repr("it's")).isEqualTo("\"it's\"");
    // repr('say "hi"') -> 'say "hi"'
    assertThat(PythonRepr.repr("say \"hi\"")).isEqualTo("'say \"hi\"'");
    // repr('it\'s "x"') -> 'it\'s "x"'
    assertThat(PythonRepr.repr("it's \"x\"")).isEqualTo("'it\\'s \"x\"'");
    // repr("\\'") -> "\\'"
    assertThat(PythonRepr.repr("\\'")).isEqualTo("\"\\\\'\"");
    // repr('') -> ''
    assertThat(PythonRepr.repr("")).isEqualTo("''");
  }

  @Test
  void escapesWhitespaceBackslashesAndControlCharacters() {
    // repr('a\nb\tc\\d\re') -> 'a\nb\tc\\d\re'
    assertThat(PythonRepr.repr("a\nb\tc\\d\re")).isEqualTo("'a\\nb\\tc\\\\d\\re'");
    // repr('\x00\x1b\x7f') -> '\x00\x1b\x7f'
    assertThat(PythonRepr.repr("\u0000\u001b\u007f")).isEqualTo("'\\x00\\x1b\\x7f'");
  }

  @Test
  void keepsPrintableNonAsciiRawAndEscapesTheRest() {
    // repr('café') -> 'café'
    assertThat(PythonRepr.repr("café")).isEqualTo("'café'");
    // repr('🤖 ok 😀') -> '🤖 ok 😀'
    assertThat(PythonRepr.repr("🤖 ok 😀")).isEqualTo("'🤖 ok 😀'");
    // repr('a\u200bb') -> 'a\u200bb'   (zero-width space, category Cf)
    assertThat(PythonRepr.repr("a\u200bb")).isEqualTo("'a\\u200bb'");
    // repr('a\u00a0b\u00adc') -> 'a\xa0b\xadc'   (no-break space Zs, soft hyphen Cf)
    assertThat(PythonRepr.repr("a\u00a0b\u00adc")).isEqualTo("'a\\xa0b\\xadc'");
    // repr('\u2028\u2029\u3000') -> '\u2028\u2029\u3000'   (Zl, Zp, Zs)
    assertThat(PythonRepr.repr("\u2028\u2029\u3000")).isEqualTo("'\\u2028\\u2029\\u3000'");
    // repr('\ue000') -> '\ue000'   (private use)
    assertThat(PythonRepr.repr("\ue000")).isEqualTo("'\\ue000'");
    // repr('\U000e0001') -> '\U000e0001'   (language tag, Cf, outside the BMP)
    assertThat(PythonRepr.repr(new String(Character.toChars(0xe0001)))).isEqualTo("'\\U000e0001'");
    // repr('\u0378') -> '\u0378'   (unassigned)
    assertThat(PythonRepr.repr("\u0378")).isEqualTo("'\\u0378'");
    // repr('\ud800') -> '\ud800'   (a lone surrogate, Cs)
    assertThat(PythonRepr.repr("\ud800")).isEqualTo("'\\ud800'");
  }

  @Test
  void rendersNoneBooleansIntegersAndNestedLists() {
    // str([[1, [2, '3']], -5, 2**63, True]) -> [[1, [2, '3']], -5, 9223372036854775808, True]
    List<Object> value = List.of(List.of(1, List.of(2L, "3")), -5, BigInteger.TWO.pow(63), true);
    assertThat(PythonRepr.repr(value)).isEqualTo("[[1, [2, '3']], -5, 9223372036854775808, True]");
    assertThat(PythonRepr.repr(null)).isEqualTo("None");
    assertThat(PythonRepr.repr(false)).isEqualTo("False");
    assertThat(PythonRepr.repr(List.of())).isEqualTo("[]");
    assertThat(PythonRepr.repr(Arrays.asList("a", null))).isEqualTo("['a', None]");
  }

  @Test
  void sortsKeysByCodePointLikePython() {
    // cfg = {'b': 1, 'a': None, 'B': [1, 2], '_': [], 'Ａ': True, '😀': False, 'é': ['x', "y'"]}
    // str(sorted(cfg.items()))
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("b", 1);
    config.put("a", null);
    config.put("B", List.of(1, 2));
    config.put("_", new ArrayList<>());
    config.put("Ａ", true); // U+FF21 sorts before U+1F600, although its UTF-16 unit is larger
    config.put("😀", false);
    config.put("é", List.of("x", "y'"));

    assertThat(PythonRepr.canonical(config))
        .isEqualTo(
            "[('B', [1, 2]), ('_', []), ('a', None), ('b', 1), ('é', ['x', \"y'\"]),"
                + " ('Ａ', True), ('😀', False)]");
    // hashlib.sha256(str(sorted(cfg.items())).encode()).hexdigest()
    assertThat(ActionIds.hash(config))
        .isEqualTo("a826641fc03a9f770b4a6b507c62b7621641d56fe3bb8e9ff4b6abe0620f3c3b");
  }

  @Test
  void rejectsFloatsAndRendersMapsAsDicts() {
    assertThatThrownBy(() -> PythonRepr.canonical(Map.of("ratio", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Double")
        .hasMessageContaining("ratio");
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("PriorityID", 3);
    fields.put("Title", "it's");
    fields.put("X", null);
    // str({'PriorityID': 3, 'Title': "it's", 'X': None})
    assertThat(PythonRepr.repr(List.of(fields)))
        .isEqualTo("[{'PriorityID': 3, 'Title': \"it's\", 'X': None}]");
  }

  @Test
  void parsesActionIds() {
    assertThat(ActionIds.parse("add_asset:a6ee89781f2f:v2"))
        .contains(new ActionIds.Parts("add_asset", "a6ee89781f2f", "v2"));
    assertThat(ActionIds.parse("add_asset:a6ee8978:v2")).isEmpty();
    assertThat(ActionIds.parse("add_asset")).isEmpty();
    assertThat(ActionIds.parse(null)).isEmpty();
  }
}
