package org.tqd.workflows.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry matches the Python daemon's action definitions (lsats-daemon.md §1). */
class ActionRegistryTest {

  @Test
  void knowsTheDaemonsSixTypesAndTheRuleActionsWithTheirDefaultVersions() {
    assertThat(ActionRegistry.names())
        .containsExactly(
            "add_asset",
            "assign",
            "change_status",
            "comment",
            "find_active_tickets",
            "log_event",
            "notify",
            "summary_comment",
            "update_fields");
    assertThat(ActionRegistry.all())
        .extracting(ActionType::name, ActionType::defaultVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("add_asset", "v2"),
            org.assertj.core.groups.Tuple.tuple("find_active_tickets", "v1"),
            org.assertj.core.groups.Tuple.tuple("summary_comment", "v1"),
            org.assertj.core.groups.Tuple.tuple("comment", "v1"),
            org.assertj.core.groups.Tuple.tuple("change_status", "v1"),
            org.assertj.core.groups.Tuple.tuple("assign", "v1"),
            org.assertj.core.groups.Tuple.tuple("update_fields", "v1"),
            org.assertj.core.groups.Tuple.tuple("notify", "v1"),
            org.assertj.core.groups.Tuple.tuple("log_event", "v1"));
    assertThat(ActionRegistry.find("add_lab")).isEmpty();
  }

  @Test
  void hashesExactlyTheDaemonKeysAtDefaults() {
    assertThat(hashedKeysAtDefaults("comment", Map.of("comment_text", "x")))
        .containsExactly(
            "comment_text",
            "is_private",
            "is_rich_html",
            "is_communication",
            "notify",
            "new_status_id",
            "cascade_status");
    assertThat(hashedKeysAtDefaults("change_status", Map.of("new_status_id", 117)))
        .containsExactly("new_status_id", "cascade");
    assertThat(hashedKeysAtDefaults("add_asset", Map.of()))
        .containsExactly(
            "add_summary_comment",
            "max_assets_to_add",
            "skip_if_requestor_asset_exists",
            "active_status_only",
            "computer_form_id",
            "has_database");
    assertThat(hashedKeysAtDefaults("find_active_tickets", Map.of()))
        .containsExactly(
            "exclude_current_ticket",
            "max_tickets_per_category",
            "active_status_ids",
            "lab_type_id",
            "show_partial_on_error");
    assertThat(hashedKeysAtDefaults("summary_comment", Map.of()))
        .containsExactly(
            "comment_prefix", "is_private", "is_rich_html", "skip_if_empty", "separator");
    assertThat(hashedKeysAtDefaults("assign", Map.of("responsible_uid", GUID)))
        .containsExactly("responsible_uid");
  }

  @Test
  void hasTheDaemonDefaults() {
    assertThat(ActionRegistry.get("comment").resolve(Map.of("comment_text", "x")))
        .containsExactly(
            Map.entry("comment_text", "x"),
            Map.entry("is_private", false),
            Map.entry("is_rich_html", false),
            Map.entry("is_communication", false),
            Map.entry("notify", List.of("null")),
            Map.entry("new_status_id", 0),
            Map.entry("cascade_status", false));
    assertThat(ActionRegistry.get("change_status").resolve(Map.of("new_status_id", 117)))
        .containsExactly(Map.entry("new_status_id", 117), Map.entry("cascade", false));
    assertThat(ActionRegistry.get("find_active_tickets").resolve(Map.of()))
        .containsExactly(
            Map.entry("exclude_current_ticket", true),
            Map.entry("max_tickets_per_category", 10),
            Map.entry("active_status_ids", List.of(115, 117, 121, 619, 620, 622)),
            Map.entry("lab_type_id", 10132),
            Map.entry("show_partial_on_error", true));
    assertThat(ActionRegistry.get("summary_comment").resolve(Map.of()))
        .containsExactly(
            Map.entry("comment_prefix", "🤖 Automated Actions Summary"),
            Map.entry("is_private", true),
            Map.entry("is_rich_html", true),
            Map.entry("skip_if_empty", true),
            Map.entry("separator", "\n"));
    assertThat(ActionRegistry.get("assign").resolve(Map.of("responsible_group_id", 5)))
        .containsExactly(
            Map.entry("responsible_group_id", 5), Map.entry("notify_new_responsible", false));
  }

  @Test
  void resolvingEffectiveParametersAgainChangesNothing() {
    for (ActionType type : ActionRegistry.all()) {
      Map<String, Object> given =
          switch (type.name()) {
            case "comment" -> Map.of("comment_text", "x", "notify", List.of("b", "a"));
            case "change_status" -> Map.of("new_status_id", 117);
            case "assign" -> Map.of("responsible_uid", GUID);
            case "find_active_tickets" -> Map.of("active_status_ids", List.of(622, 115));
            case "update_fields" -> Map.of("fields", Map.of("PriorityID", 20));
            case "notify" -> Map.of("channel", "webhook", "url_env", "HOOK_URL", "body", "{}");
            case "log_event" -> Map.of("message", "ticket {{ticket.ID}}");
            default -> Map.of();
          };
      Map<String, Object> once = type.resolve(given);
      assertThat(type.resolve(once)).as(type.name()).isEqualTo(once);
    }
  }

  @Test
  void cutsLongValuesInMessages() {
    String longText = "x".repeat(59) + "😀" + "tail";
    assertThat(Values.describe(longText)).isEqualTo("\"" + "x".repeat(59) + "…\"");
    assertThat(Values.show(longText)).isEqualTo("\"" + longText + "\"");
    assertThat(Values.show("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }

  private static final String GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

  private static List<String> hashedKeysAtDefaults(String type, Map<String, Object> required) {
    ActionType t = ActionRegistry.get(type);
    return List.copyOf(t.hashedConfig(t.resolve(required)).keySet());
  }
}
