package org.tqd.workflows.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The action types tqd runs. Each is defined next to its typed configuration record ({@link
 * AddAssetConfig#TYPE} and so on).
 */
public final class ActionRegistry {

  private static final List<ActionType> TYPES =
      List.of(
          AddAssetConfig.TYPE,
          FindActiveTicketsConfig.TYPE,
          SummaryCommentConfig.TYPE,
          CommentConfig.TYPE,
          ChangeStatusConfig.TYPE,
          AssignConfig.TYPE,
          UpdateFieldsConfig.TYPE,
          NotifyConfig.TYPE,
          LogEventConfig.TYPE);

  /** Types the Python daemon knew that tqd deliberately does not run, with the reason. */
  private static final Map<String, String> NOT_RUN =
      Map.of(
          "add_lab",
          "the Python daemon's add_lab action is not supported by tqd: it needs a site-specific"
              + " lab database (silver.v_lab_* views); remove it from the pipeline");

  private static final Map<String, ActionType> BY_NAME = index();

  private ActionRegistry() {}

  private static Map<String, ActionType> index() {
    Map<String, ActionType> m = new LinkedHashMap<>();
    for (ActionType t : TYPES) {
      m.put(t.name(), t);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Every action type, standard pipeline first. */
  public static List<ActionType> all() {
    return TYPES;
  }

  /** The type names, sorted. */
  public static List<String> names() {
    return BY_NAME.keySet().stream().sorted().toList();
  }

  /** The action type of that name, if tqd runs it. */
  public static Optional<ActionType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The action type of that name.
   *
   * @throws InvalidActionException when tqd has no such type (the message is {@link
   *     #unknownTypeMessage})
   */
  public static ActionType get(String name) {
    ActionType t = BY_NAME.get(name);
    if (t == null) {
      throw new InvalidActionException(
          String.valueOf(name),
          List.of(new ParamProblem(null, -1, ParamProblem.Where.PARENT, unknownTypeMessage(name))));
    }
    return t;
  }

  /**
   * Why tqd does not run that type: either a type of the Python daemon tqd leaves out on purpose,
   * or an unknown name, with a suggestion and the list of known types.
   */
  public static String unknownTypeMessage(String name) {
    String reason = NOT_RUN.get(name);
    if (reason != null) {
      return reason;
    }
    return "unknown action type \""
        + name
        + "\""
        + Suggestions.didYouMean(String.valueOf(name), BY_NAME.keySet())
        + "; known types: "
        + String.join(", ", names());
  }
}
