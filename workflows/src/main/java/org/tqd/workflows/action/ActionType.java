package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of one kind of action: its type name (as in {@code pipeline.yaml} and in action
 * IDs), its default version, and its parameters ({@link ParamSchema}). Instances are constants of
 * the typed configuration records ({@code AddAssetConfig.TYPE}, ...) and are listed by {@link
 * ActionRegistry}.
 */
public final class ActionType {

  private final String name;
  private final String defaultVersion;
  private final String description;
  private final ParamSchema schema;
  private final List<String> templates;

  /**
   * An action type.
   *
   * @param name the type name, snake_case, such as {@code add_asset}
   * @param defaultVersion the version used when a pipeline names none
   * @param description one line for operators
   * @param params the parameters, in the order they are shown and stored
   * @param rule a check across parameters (see {@link ParamSchema}); null for none
   */
  public ActionType(
      String name,
      String defaultVersion,
      String description,
      List<ParamDef> params,
      java.util.function.Function<Map<String, Object>, List<ParamProblem>> rule) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultVersion = Objects.requireNonNull(defaultVersion, "defaultVersion");
    this.description = description == null ? "" : description;
    this.schema = new ParamSchema(name, params, rule);
    this.templates = List.of();
  }

  private ActionType(ActionType base, List<String> templates) {
    this.name = base.name;
    this.defaultVersion = base.defaultVersion;
    this.description = base.description;
    this.schema = base.schema;
    this.templates = List.copyOf(templates);
  }

  /**
   * This type with the named text parameters read as Mustache templates (validated at load by
   * {@code Templates.problems}, rendered by the action).
   */
  public ActionType withTemplates(String... params) {
    return new ActionType(this, List.of(params));
  }

  /** The parameters that are Mustache templates. */
  public List<String> templates() {
    return templates;
  }

  /** The type name, such as {@code add_asset}. */
  public String name() {
    return name;
  }

  /** The version used when a pipeline names none, such as {@code v2}. */
  public String defaultVersion() {
    return defaultVersion;
  }

  /** One line saying what the action does. */
  public String description() {
    return description;
  }

  /** The parameters. */
  public ParamSchema schema() {
    return schema;
  }

  /**
   * The effective parameters of these given ones (defaults filled in, lists sorted).
   *
   * @throws InvalidActionException listing every problem when they are invalid
   */
  public Map<String, Object> resolve(Map<String, ?> given) {
    ParamSchema.Resolution r = schema.resolve(given);
    if (!r.valid()) {
      throw new InvalidActionException(name, r.problems());
    }
    return r.params();
  }

  /** The part of the effective parameters that enters the action hash (see {@link ParamDef}). */
  public Map<String, Object> hashedConfig(Map<String, Object> effective) {
    return schema.hashed(effective);
  }

  @Override
  public String toString() {
    return name;
  }
}
