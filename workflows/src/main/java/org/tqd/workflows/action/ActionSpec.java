package org.tqd.workflows.action;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One action of a pipeline, as the workflow receives it: its type, version, identity and effective
 * parameters. A spec is part of the workflow input, so editing the configuration never changes what
 * a running workflow does.
 *
 * @param type the action type, such as {@code add_asset}
 * @param version the action version, such as {@code v2}; part of the action ID
 * @param actionId {@code {type}:{hash12}:{version}}, compatible with the Python daemon
 * @param actionHash the full SHA-256 (64 hex characters) of the canonical configuration
 * @param params every parameter with its effective value (defaults filled in, lists sorted where
 *     the daemon sorted them), in the action type's declaration order; an optional parameter that
 *     has no default and was not given is absent. JSON-compatible values only (String, Boolean,
 *     Integer, List of those); keys in snake_case. Read them through the type's typed record, such
 *     as {@code AddAssetConfig.from(params)}; build specs with {@link ActionSpecs}
 * @param stopOnFailure when true, a failure of this action skips the actions after it in this run;
 *     default false (each action runs regardless of the ones before it)
 * @param when an optional condition on the ticket; null means always
 */
public record ActionSpec(
    String type,
    String version,
    String actionId,
    String actionHash,
    Map<String, Object> params,
    boolean stopOnFailure,
    ActionCondition when) {

  public ActionSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(actionHash, "actionHash");
    params =
        params == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
