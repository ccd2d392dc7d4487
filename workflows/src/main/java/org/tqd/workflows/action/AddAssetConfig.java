package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code add_asset} action: finds the computers a ticket talks about (title and
 * description, then the conversation, then the requestor's only computer) and attaches them. The
 * first six keys and their defaults are the Python daemon's {@code AddAssetAction}, always hashed;
 * {@code active_status_ids} is tqd's (the daemon hard-coded 38) and hashed only when it differs
 * from {@code [38]}.
 *
 * @param addSummaryComment {@code add_summary_comment}, default true: contribute a line to the
 *     summary comment
 * @param maxAssetsToAdd {@code max_assets_to_add}, default 10: at most this many assets per phase
 * @param skipIfRequestorAssetExists {@code skip_if_requestor_asset_exists}, default true: skip the
 *     requestor fallback when the ticket already has assets
 * @param activeStatusOnly {@code active_status_only}, default true: search only assets whose status
 *     is in {@code active_status_ids}
 * @param computerFormId {@code computer_form_id}, default 2448: search only assets of this form; 0
 *     for any form
 * @param hasDatabase {@code has_database}, default true: kept only so that a configuration gives
 *     the Python daemon's action ID (it hashed whether it had a database URL); no effect on what
 *     tqd does
 * @param activeStatusIds {@code active_status_ids}, default {@code [38]}: asset statuses that count
 *     as active; sorted
 */
public record AddAssetConfig(
    boolean addSummaryComment,
    int maxAssetsToAdd,
    boolean skipIfRequestorAssetExists,
    boolean activeStatusOnly,
    int computerFormId,
    boolean hasDatabase,
    List<Integer> activeStatusIds) {

  /**
   * The {@code add_asset} action type (default version {@code v2}, as in the daemon's pipeline).
   */
  public static final ActionType TYPE =
      new ActionType(
          "add_asset",
          "v2",
          "finds the computers the ticket talks about and attaches them as assets",
          List.of(
              ParamDef.bool("add_summary_comment", true)
                  .daemon()
                  .doc("contribute a line to the summary comment"),
              ParamDef.integer("max_assets_to_add", 10)
                  .daemon()
                  .atLeast(1)
                  .doc("attach at most this many assets per phase"),
              ParamDef.bool("skip_if_requestor_asset_exists", true)
                  .daemon()
                  .doc("skip the requestor fallback when the ticket already has assets"),
              ParamDef.bool("active_status_only", true)
                  .daemon()
                  .doc("search only assets whose status is in active_status_ids"),
              ParamDef.integer("computer_form_id", 2448)
                  .daemon()
                  .atLeast(0)
                  .doc("search only assets of this form; 0 for any form"),
              ParamDef.bool("has_database", true)
                  .daemon()
                  .doc("for action-ID compatibility with the Python daemon only; no effect"),
              ParamDef.integerList("active_status_ids", List.of(38))
                  .sortedList()
                  .atLeast(1)
                  .checkedBy(ParamDef.notEmpty())
                  .doc("asset statuses that count as active")),
          null);

  public AddAssetConfig {
    activeStatusIds = List.copyOf(activeStatusIds);
  }

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static AddAssetConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new AddAssetConfig(
        (Boolean) p.get("add_summary_comment"),
        (Integer) p.get("max_assets_to_add"),
        (Boolean) p.get("skip_if_requestor_asset_exists"),
        (Boolean) p.get("active_status_only"),
        (Integer) p.get("computer_form_id"),
        (Boolean) p.get("has_database"),
        Params.integers(p, "active_status_ids"));
  }
}
