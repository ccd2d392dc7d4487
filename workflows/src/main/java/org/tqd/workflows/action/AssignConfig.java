package org.tqd.workflows.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parameters of the {@code assign} action: sets the ticket's responsible group and/or person. The
 * Python daemon had no such action, so every parameter is hashed only when it differs from its
 * default (unset, unset, false).
 *
 * @param responsibleGroupId {@code responsible_group_id}, default unset (null): the group to make
 *     responsible
 * @param responsibleUid {@code responsible_uid}, default unset (null): the UID (a GUID) of the
 *     person to make responsible
 * @param notifyNewResponsible {@code notify_new_responsible}, default false: let TDX notify the new
 *     responsible group or person
 */
public record AssignConfig(
    Integer responsibleGroupId, String responsibleUid, boolean notifyNewResponsible) {

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The {@code assign} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
          "assign",
          "v1",
          "sets the responsible group and/or person",
          List.of(
              ParamDef.integer("responsible_group_id", null)
                  .atLeast(1)
                  .doc("the group to make responsible"),
              ParamDef.string("responsible_uid", null)
                  .checkedBy(
                      v ->
                          GUID.matcher((String) v).matches()
                              ? null
                              : "expected a TDX person UID (a GUID such as"
                                  + " \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"), got "
                                  + Values.show(v))
                  .doc("the UID of the person to make responsible"),
              ParamDef.bool("notify_new_responsible", false)
                  .doc("let TDX notify the new responsible group or person")),
          AssignConfig::rule);

  private static List<ParamProblem> rule(Map<String, Object> p) {
    List<ParamProblem> problems = new ArrayList<>();
    if (p.get("responsible_group_id") == null && p.get("responsible_uid") == null) {
      problems.add(
          new ParamProblem(
              null,
              -1,
              ParamProblem.Where.PARENT,
              "set responsible_group_id or responsible_uid (or both)"));
    }
    return problems;
  }

  /**
   * The typed view of an action's parameters (given or effective; defaults are filled in).
   *
   * @throws InvalidActionException when they are invalid
   */
  public static AssignConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new AssignConfig(
        (Integer) p.get("responsible_group_id"),
        (String) p.get("responsible_uid"),
        (Boolean) p.get("notify_new_responsible"));
  }
}
