package org.tqd.workflows.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds validated {@link ActionSpec}s: resolves the parameters against the action type (defaults
 * filled in, lists sorted), checks the version and condition, and computes the action hash and ID
 * the Python daemon would compute for the same configuration.
 */
public final class ActionSpecs {

  /** Versions are short tokens such as {@code v1}; they appear in action IDs and workflow IDs. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  /**
   * The keys of an action's {@code when} condition. Every key is optional; an action with a
   * condition runs only on tickets that satisfy every key given.
   */
  public static final ParamSchema CONDITION =
      new ParamSchema(
          "the when condition",
          List.of(
              ParamDef.integerList("status_ids", null)
                  .checkedBy(ParamDef.notEmpty())
                  .doc("the ticket's status must be one of these"),
              ParamDef.integerList("type_ids", null)
                  .checkedBy(ParamDef.notEmpty())
                  .doc("the ticket's type must be one of these"),
              ParamDef.integerList("form_ids", null)
                  .checkedBy(ParamDef.notEmpty())
                  .doc("the ticket's form must be one of these"),
              ParamDef.string("title_matches", null)
                  .checkedBy(ActionSpecs::regexProblem)
                  .doc("a Java regular expression that must be found in the title")),
          null);

  private ActionSpecs() {}

  /** An action of that type with its default version, no condition, continuing on failure. */
  public static ActionSpec create(String type, Map<String, ?> params) {
    return create(type, null, params, false, null);
  }

  /**
   * A validated action.
   *
   * @param type the action type name, such as {@code add_asset}
   * @param version the version, or null for the type's default
   * @param params the parameters as a user gives them (snake_case keys; null means none)
   * @param stopOnFailure whether a failure of this action skips the rest of the run
   * @param when a condition on the ticket, or null for always
   * @throws InvalidActionException listing every problem (unknown type, unknown or missing or
   *     mistyped parameter, bad version, invalid condition)
   */
  public static ActionSpec create(
      String type,
      String version,
      Map<String, ?> params,
      boolean stopOnFailure,
      ActionCondition when) {
    ActionType actionType = ActionRegistry.get(type);
    List<ParamProblem> problems = new ArrayList<>();
    String v = version == null ? actionType.defaultVersion() : version;
    String versionProblem = versionProblem(v);
    if (versionProblem != null) {
      problems.add(new ParamProblem("version", -1, ParamProblem.Where.VALUE, versionProblem));
    }
    ParamSchema.Resolution resolved = actionType.schema().resolve(params);
    problems.addAll(resolved.problems());
    if (when != null) {
      for (ParamProblem p : CONDITION.resolve(conditionMap(when)).problems()) {
        problems.add(new ParamProblem("when." + p.param(), p.index(), p.where(), p.message()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidActionException(type, problems);
    }
    return of(actionType, v, resolved.params(), stopOnFailure, when);
  }

  /**
   * The spec of already resolved, valid parameters: computes the hash and ID. Callers that have
   * validated everything themselves (the pipeline loader) use this; others use {@link #create}.
   */
  public static ActionSpec of(
      ActionType type,
      String version,
      Map<String, Object> effectiveParams,
      boolean stopOnFailure,
      ActionCondition when) {
    String hash = ActionIds.hash(type.hashedConfig(effectiveParams));
    return new ActionSpec(
        type.name(),
        version,
        ActionIds.id(type.name(), hash, version),
        hash,
        effectiveParams,
        stopOnFailure,
        when);
  }

  /**
   * What is wrong with a version string, or null when it is acceptable: 1 to 32 letters, digits,
   * dots, dashes or underscores, such as {@code v2}.
   */
  public static String versionProblem(String version) {
    if (version != null && VERSION.matcher(version).matches()) {
      return null;
    }
    return "expected a version such as \"v1\" (letters, digits, '.', '-', '_'; at most 32), got "
        + Values.show(version);
  }

  /** The condition of resolved, valid {@link #CONDITION} parameters; null when none is set. */
  @SuppressWarnings("unchecked")
  public static ActionCondition condition(Map<String, Object> resolved) {
    if (resolved.isEmpty()) {
      return null;
    }
    return new ActionCondition(
        (List<Integer>) resolved.get("status_ids"),
        (List<Integer>) resolved.get("type_ids"),
        (List<Integer>) resolved.get("form_ids"),
        (String) resolved.get("title_matches"));
  }

  /**
   * Recomputes a spec's ID from its type, version and parameters and checks it matches, so that a
   * spec built by hand or altered in transit cannot run under another action's ledger row.
   *
   * @throws InvalidActionException when the spec is invalid or its ID does not match
   */
  public static ActionSpec verify(ActionSpec spec) {
    ActionSpec fresh =
        create(spec.type(), spec.version(), spec.params(), spec.stopOnFailure(), spec.when());
    if (!fresh.actionId().equals(spec.actionId())
        || !fresh.actionHash().equals(spec.actionHash())) {
      throw new InvalidActionException(
          spec.type(),
          List.of(
              new ParamProblem(
                  null,
                  -1,
                  ParamProblem.Where.PARENT,
                  "action ID "
                      + spec.actionId()
                      + " does not match its parameters, which give "
                      + fresh.actionId())));
    }
    return fresh;
  }

  private static Map<String, Object> conditionMap(ActionCondition when) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status_ids", when.statusIds());
    m.put("type_ids", when.typeIds());
    m.put("form_ids", when.formIds());
    m.put("title_matches", when.titleMatches());
    return m;
  }

  private static String regexProblem(Object value) {
    try {
      Pattern.compile((String) value);
      return null;
    } catch (PatternSyntaxException e) {
      return "invalid regular expression: "
          + e.getDescription()
          + " near index "
          + e.getIndex()
          + " of "
          + Values.show(value);
    }
  }
}
