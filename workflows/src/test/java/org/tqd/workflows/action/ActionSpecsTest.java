package org.tqd.workflows.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Action IDs of the registry's types. Expected IDs come from CPython 3.11: {@code t +':'+
 * hashlib.sha256(str(sorted(cfg.items())).encode()).hexdigest()[:12] + ':' + v}, with {@code cfg}
 * shown in the comment.
 */
class ActionSpecsTest {

  @Test
  void defaultsGiveTheDaemonProductionIds() {
    assertThat(ActionSpecs.create("add_asset", Map.of()).actionId())
        .isEqualTo("add_asset:a6ee89781f2f:v2");
    assertThat(ActionSpecs.create("find_active_tickets", Map.of()).actionId())
        .isEqualTo("find_active_tickets:e9b209460690:v1");
    ActionSpec summary = ActionSpecs.create("summary_comment", null);
    assertThat(summary.actionId()).isEqualTo("summary_comment:3a46b2bb91de:v1");
    assertThat(summary.actionHash())
        .isEqualTo("3a46b2bb91de9c70c2d9262461cfbb6648dfd051ce1ab7857de41255713e7780");
  }

  @Test
  void givesTheDocumentedCommentAndChangeStatusIds() {
    assertThat(ActionSpecs.create("comment", Map.of("comment_text", "Hello World")).actionId())
        .isEqualTo("comment:054200481667:v1");
    assertThat(
            ActionSpecs.create(
                    "comment",
                    Map.of(
                        "comment_text", "Hello World",
                        "is_private", false,
                        "is_rich_html", false,
                        "is_communication", false,
                        "notify", List.of("null"),
                        "new_status_id", 0,
                        "cascade_status", false))
                .actionId())
        .isEqualTo("comment:054200481667:v1");
    assertThat(ActionSpecs.create("change_status", Map.of("new_status_id", 117)).actionId())
        .isEqualTo("change_status:0914bc851755:v1");
  }

  @Test
  void fillsDefaultsInDeclarationOrder() {
    ActionSpec spec = ActionSpecs.create("add_asset", Map.of("max_assets_to_add", 3));
    assertThat(spec.version()).isEqualTo("v2");
    assertThat(spec.params())
        .containsExactly(
            Map.entry("add_summary_comment", true),
            Map.entry("max_assets_to_add", 3),
            Map.entry("skip_if_requestor_asset_exists", true),
            Map.entry("active_status_only", true),
            Map.entry("computer_form_id", 2448),
            Map.entry("has_database", true),
            Map.entry("active_status_ids", List.of(38)));
    assertThat(ActionSpecs.create("find_active_tickets", Map.of()).params())
        .doesNotContainKeys("web_base_url", "ticket_app_id")
        .containsEntry("active_status_ids", List.of(115, 117, 121, 619, 620, 622));
  }

  @Test
  void computesPythonIdsForNonDefaultConfigurations() {
    // cfg = {'comment_text': 'It\'s "done"\nThanks — é 😀\u200b', 'is_private': True,
    //        'is_rich_html': False, 'is_communication': False,
    //        'notify': sorted(['b@x.edu', 'a@x.edu']), 'new_status_id': 0, 'cascade_status': False}
    assertThat(
            ActionSpecs.create(
                    "comment",
                    Map.of(
                        "comment_text",
                        "It's \"done\"\nThanks — é 😀\u200b",
                        "is_private",
                        true,
                        "notify",
                        List.of("b@x.edu", "a@x.edu")))
                .actionId())
        .isEqualTo("comment:dbe86d579d67:v1");
    // cfg = {...'Hello World' defaults..., 'notify': []}: the daemon kept an empty list as is
    assertThat(
            ActionSpecs.create(
                    "comment", Map.of("comment_text", "Hello World", "notify", List.of()))
                .actionId())
        .isEqualTo("comment:df42a5ab30c6:v1");
    // cfg = {'new_status_id': 117, 'cascade': False, 'comment_text': 'Resolved by tqd'}
    assertThat(
            ActionSpecs.create(
                    "change_status",
                    Map.of("new_status_id", 117, "comment_text", "Resolved by tqd"))
                .actionId())
        .isEqualTo("change_status:14ea76acef26:v1");
    // cfg = {...add_asset defaults..., 'active_status_ids': [38, 39]}
    assertThat(
            ActionSpecs.create("add_asset", Map.of("active_status_ids", List.of(39, 38)))
                .actionId())
        .isEqualTo("add_asset:62f31ee3500d:v2");
    // cfg = {...add_asset defaults..., 'max_assets_to_add': 5, 'has_database': False}
    assertThat(
            ActionSpecs.create("add_asset", Map.of("max_assets_to_add", 5, "has_database", false))
                .actionId())
        .isEqualTo("add_asset:cceb1ba044ea:v2");
    // cfg = {...find_active_tickets defaults..., 'web_base_url': 'https://tdx.example.edu/TDNext'}
    assertThat(
            ActionSpecs.create(
                    "find_active_tickets", Map.of("web_base_url", "https://tdx.example.edu/TDNext"))
                .actionId())
        .isEqualTo("find_active_tickets:3bf7cf12f4c8:v1");
    // cfg = {'responsible_group_id': 42}
    assertThat(ActionSpecs.create("assign", Map.of("responsible_group_id", 42)).actionId())
        .isEqualTo("assign:1e946ee6a145:v1");
    // cfg = {'responsible_uid': '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    //        'notify_new_responsible': True}
    assertThat(
            ActionSpecs.create(
                    "assign",
                    Map.of(
                        "responsible_uid",
                        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                        "notify_new_responsible",
                        true))
                .actionId())
        .isEqualTo("assign:5c3ff38eebf7:v1");
    // cfg = {'comment_prefix': "Tom's summary", 'is_private': True, 'is_rich_html': True,
    //        'skip_if_empty': True, 'separator': '<br>\n'}
    assertThat(
            ActionSpecs.create(
                    "summary_comment",
                    Map.of("comment_prefix", "Tom's summary", "separator", "<br>\n"))
                .actionId())
        .isEqualTo("summary_comment:9d9e92ba5cb0:v1");
  }

  @Test
  void sameConfigurationGivesTheSameIdWhateverTheOrder() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("max_tickets_per_category", 5);
    a.put("active_status_ids", List.of(622, 115, 117));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("active_status_ids", List.of(115, 117, 622));
    b.put("max_tickets_per_category", 5);
    assertThat(ActionSpecs.create("find_active_tickets", a).actionId())
        .isEqualTo(ActionSpecs.create("find_active_tickets", b).actionId());
  }

  @Test
  void emptyActiveStatusListMeansTheDefaultAsInTheDaemon() {
    ActionSpec spec =
        ActionSpecs.create("find_active_tickets", Map.of("active_status_ids", List.of()));
    assertThat(spec.actionId()).isEqualTo("find_active_tickets:e9b209460690:v1");
  }

  @Test
  void changingAnyHashedValueChangesTheId() {
    for (ActionType type : ActionRegistry.all()) {
      for (ParamDef def : type.schema().params()) {
        Map<String, Object> base = baseFor(type, def);
        String baseId = ActionSpecs.create(type.name(), base).actionId();
        Map<String, Object> changed = new HashMap<>(base);
        changed.put(def.name(), otherValue(def, effective(type, base).get(def.name())));
        assertThat(ActionSpecs.create(type.name(), changed).actionId())
            .as("%s.%s changed", type.name(), def.name())
            .isNotEqualTo(baseId);
      }
      Map<String, Object> base = minimalParams(type);
      String baseId = ActionSpecs.create(type.name(), base).actionId();
      assertThat(ActionSpecs.create(type.name(), "v9", base, false, null).actionId())
          .as("%s with another version", type.name())
          .isNotEqualTo(baseId)
          .endsWith(":v9");
    }
  }

  @Test
  void newParametersAtTheirDefaultLeaveTheIdUnchanged() {
    for (ActionType type : ActionRegistry.all()) {
      Map<String, Object> base = minimalParams(type);
      String baseId = ActionSpecs.create(type.name(), base).actionId();
      for (ParamDef def : type.schema().params()) {
        if (def.daemonKey() || def.defaultValue() == null) {
          continue;
        }
        Map<String, Object> explicit = new HashMap<>(base);
        explicit.put(def.name(), def.defaultValue());
        assertThat(ActionSpecs.create(type.name(), explicit).actionId())
            .as("%s.%s at its default", type.name(), def.name())
            .isEqualTo(baseId);
      }
    }
    assertThat(ActionSpecs.create("add_asset", Map.of("active_status_ids", List.of(38))).actionId())
        .isEqualTo("add_asset:a6ee89781f2f:v2");
  }

  @Test
  void conditionsAndStopOnFailureAreNotPartOfTheId() {
    ActionCondition when = new ActionCondition(List.of(115), null, null, "(?i)laptop");
    ActionSpec plain = ActionSpecs.create("comment", Map.of("comment_text", "Hello World"));
    ActionSpec conditional =
        ActionSpecs.create("comment", null, Map.of("comment_text", "Hello World"), true, when);
    assertThat(conditional.actionId()).isEqualTo(plain.actionId());
    assertThat(conditional.when()).isEqualTo(when);
    assertThat(conditional.stopOnFailure()).isTrue();
  }

  @Test
  void rejectsAddLabWithTheReason() {
    assertThatThrownBy(() -> ActionSpecs.create("add_lab", Map.of()))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("add_lab")
        .hasMessageContaining("not supported by tqd")
        .hasMessageContaining("lab database");
  }

  @Test
  void suggestsTheNearestTypeForAMisspelling() {
    assertThatThrownBy(() -> ActionSpecs.create("add_assets", Map.of()))
        .hasMessageContaining("unknown action type \"add_assets\"")
        .hasMessageContaining("did you mean \"add_asset\"?")
        .hasMessageContaining(
            "known types: add_asset, assign, change_status, comment, find_active_tickets,"
                + " log_event, notify, summary_comment, update_fields");
  }

  @Test
  void reportsEveryParameterProblemAtOnce() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("max_assets_to_ad", 3);
    params.put("computer_form_id", "2448");
    params.put("active_status_ids", List.of(38, "x"));
    params.put("has_database", "yes");
    InvalidActionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidActionException.class, () -> ActionSpecs.create("add_asset", params));
    assertThat(e.problems())
        .extracting(ParamProblem::toString)
        .containsExactly(
            "max_assets_to_ad: unknown parameter of add_asset; did you mean \"max_assets_to_add\"?",
            "computer_form_id: expected an integer, got \"2448\"",
            "has_database: expected a boolean (true or false), got \"yes\"",
            "active_status_ids[1]: expected an integer, got \"x\"");
    assertThat(e.getMessage()).startsWith("invalid add_asset action: max_assets_to_ad: unknown");
  }

  @Test
  void checksRequiredParametersRangesAndFormats() {
    assertThatThrownBy(() -> ActionSpecs.create("comment", Map.of()))
        .hasMessageContaining("comment_text: required parameter is missing (a string)");
    assertThatThrownBy(() -> ActionSpecs.create("comment", Map.of("comment_text", " ")))
        .hasMessageContaining("comment_text: must not be empty");
    assertThatThrownBy(() -> ActionSpecs.create("change_status", Map.of("new_status_id", 0)))
        .hasMessageContaining("new_status_id: must be at least 1, got 0");
    assertThatThrownBy(() -> ActionSpecs.create("add_asset", Map.of("max_assets_to_add", 1.5)))
        .hasMessageContaining("max_assets_to_add: expected an integer, got the number 1.5");
    assertThatThrownBy(
            () -> ActionSpecs.create("add_asset", Map.of("max_assets_to_add", 3_000_000_000L)))
        .hasMessageContaining("expected an integer between -2147483648 and 2147483647");
    assertThatThrownBy(
            () -> ActionSpecs.create("find_active_tickets", Map.of("active_status_ids", 115)))
        .hasMessageContaining(
            "expected a list of integers, got 115 (write a single value as [115])");
    assertThatThrownBy(
            () -> ActionSpecs.create("find_active_tickets", Map.of("web_base_url", "tdx/TDNext")))
        .hasMessageContaining("web_base_url: expected an http(s) URL");
    assertThatThrownBy(() -> ActionSpecs.create("assign", Map.of()))
        .hasMessageContaining("set responsible_group_id or responsible_uid (or both)");
    assertThatThrownBy(() -> ActionSpecs.create("assign", Map.of("responsible_uid", "bob")))
        .hasMessageContaining("responsible_uid: expected a TDX person UID");
    assertThatThrownBy(
            () -> ActionSpecs.create("comment", "v 1", Map.of("comment_text", "x"), false, null))
        .hasMessageContaining("version: expected a version such as \"v1\"");
    assertThatThrownBy(
            () ->
                ActionSpecs.create(
                    "comment",
                    null,
                    Map.of("comment_text", "x"),
                    false,
                    new ActionCondition(List.of(), null, null, "(unclosed")))
        .hasMessageContaining("when.status_ids: must not be empty")
        .hasMessageContaining("when.title_matches: invalid regular expression");
  }

  @Test
  void typedConfigsReadEffectiveParameters() {
    AddAssetConfig addAsset =
        AddAssetConfig.from(
            ActionSpecs.create("add_asset", Map.of("max_assets_to_add", 4)).params());
    assertThat(addAsset)
        .isEqualTo(new AddAssetConfig(true, 4, true, true, 2448, true, List.of(38)));
    assertThat(FindActiveTicketsConfig.from(Map.of("ticket_app_id", 46)))
        .isEqualTo(
            new FindActiveTicketsConfig(
                true, 10, List.of(115, 117, 121, 619, 620, 622), 10132, true, null, 46));
    assertThat(SummaryCommentConfig.from(Map.of()))
        .isEqualTo(
            new SummaryCommentConfig("🤖 Automated Actions Summary", true, true, true, "\n"));
    assertThat(CommentConfig.from(Map.of("comment_text", "Hi", "notify", List.of("b", "a"))))
        .isEqualTo(new CommentConfig("Hi", false, false, false, List.of("a", "b"), 0, false));
    assertThat(ChangeStatusConfig.from(Map.of("new_status_id", 117)))
        .isEqualTo(new ChangeStatusConfig(117, false, null, null));
    assertThat(AssignConfig.from(Map.of("responsible_group_id", 7)))
        .isEqualTo(new AssignConfig(7, null, false));
    assertThatThrownBy(() -> CommentConfig.from(Map.of()))
        .isInstanceOf(InvalidActionException.class);
  }

  @Test
  void specsSurviveTheTemporalDataConverter() {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    ActionSpec spec =
        ActionSpecs.create(
            "find_active_tickets",
            null,
            Map.of("max_tickets_per_category", 5, "web_base_url", "https://h/TDNext"),
            true,
            new ActionCondition(List.of(115, 117), null, null, "(?i)laptop"));

    ActionSpec back =
        converter.fromPayload(
            converter.toPayload(spec).orElseThrow(), ActionSpec.class, ActionSpec.class);

    assertThat(back).isEqualTo(spec);
    assertThat(ActionSpecs.verify(back).actionId()).isEqualTo(spec.actionId());
    assertThat(FindActiveTicketsConfig.from(back.params()).maxTicketsPerCategory()).isEqualTo(5);
  }

  @Test
  void verifyRejectsASpecWhoseIdDoesNotMatchItsParameters() {
    ActionSpec spec = ActionSpecs.create("add_asset", Map.of());
    Map<String, Object> altered = new LinkedHashMap<>(spec.params());
    altered.put("max_assets_to_add", 99);
    ActionSpec forged =
        new ActionSpec(
            spec.type(), spec.version(), spec.actionId(), spec.actionHash(), altered, false, null);
    assertThatThrownBy(() -> ActionSpecs.verify(forged))
        .hasMessageContaining("does not match its parameters");
  }

  private static Map<String, Object> minimalParams(ActionType type) {
    return switch (type.name()) {
      case "comment" -> Map.of("comment_text", "Hello World");
      case "change_status" -> Map.of("new_status_id", 117);
      case "assign" -> Map.of("responsible_group_id", 42);
      case "update_fields" -> Map.of("fields", Map.of("PriorityID", 3));
      case "log_event" -> Map.of("message", "hello");
      case "notify" -> Map.of("channel", "webhook", "url_env", "HOOK_URL", "text", "hi");
      default -> Map.of();
    };
  }

  /** A valid configuration in which the parameter can take another valid value. */
  private static Map<String, Object> baseFor(ActionType type, ParamDef def) {
    if (type.name().equals("notify")) {
      switch (def.name()) {
        case "to", "subject" -> {
          return Map.of("channel", "email", "to", List.of("a@example.edu"), "text", "hi");
        }
        case "chat_id" -> {
          return Map.of("channel", "telegram", "secret_env", "BOT", "chat_id", "42", "text", "hi");
        }
        default -> {}
      }
    }
    return minimalParams(type);
  }

  private static Map<String, Object> effective(ActionType type, Map<String, Object> params) {
    return type.resolve(params);
  }

  @SuppressWarnings("unchecked")
  private static Object otherValue(ParamDef def, Object current) {
    return switch (def.kind()) {
      case BOOLEAN -> !(Boolean) current;
      case INTEGER -> current == null ? 5 : (Integer) current + 1;
      case STRING ->
          def.name().equals("channel")
              ? "slack"
              : def.name().equals("level")
                  ? "WARN"
                  : def.name().equals("body")
                      ? "{\"a\": 1}"
                      : def.name().equals("responsible_uid")
                          ? "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
                          : def.name().equals("web_base_url")
                              ? "https://tdx.example.edu/TDNext"
                              : (current == null ? "" : current) + "x";
      case INTEGER_LIST -> {
        List<Object> l = new ArrayList<>(current == null ? List.of() : (List<?>) current);
        l.add(1);
        yield l;
      }
      case MAP -> {
        Map<String, Object> m =
            new HashMap<>(current == null ? Map.of() : (Map<String, ?>) current);
        m.put("Title", "changed");
        yield m;
      }
      case STRING_LIST -> {
        List<Object> l = new ArrayList<>(current == null ? List.of() : (List<?>) current);
        l.add("someone@example.edu");
        yield l;
      }
    };
  }
}
