package org.tqd.workflows.pipeline;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.action.ActionCondition;
import org.tqd.workflows.action.ActionRegistry;
import org.tqd.workflows.action.ActionSpec;
import org.tqd.workflows.action.ActionSpecs;
import org.tqd.workflows.action.ActionType;
import org.tqd.workflows.action.ParamDef;
import org.tqd.workflows.action.ParamProblem;
import org.tqd.workflows.action.ParamSchema;
import org.tqd.workflows.action.Pipeline;
import org.tqd.workflows.action.Suggestions;
import org.tqd.workflows.action.Values;
import org.tqd.workflows.rules.BusinessHours;

/**
 * Loads and validates {@code pipeline.yaml}. Everything is checked before anything runs, and every
 * error is reported (not only the first) with the file, line and field, in one {@link
 * PipelineConfigException}.
 *
 * <p>Format (a complete, commented example is {@code pipeline.example.yaml} on the classpath):
 *
 * <pre>{@code
 * report_id: 1344          # optional: the TDX report to watch; the command line may override
 * max_runs_before_park: 3  # optional, default 3: failed runs before an action is parked
 * actions:                 # required, at least one; run in this order
 *   - type: add_asset      # required: add_asset, find_active_tickets, summary_comment, comment,
 *                          #           change_status, assign
 *     version: v2          # optional, default: the type's (v2 for add_asset, v1 otherwise)
 *     params: { max_assets_to_add: 10 }    # optional: the type's parameters, snake_case
 *   - type: comment
 *     params: { comment_text: "Hello", is_private: true }
 *     when: { status_ids: [115, 117], title_matches: "(?i)laptop" }  # optional condition
 *     stop_on_failure: false                # optional, default false
 *   - type: summary_comment
 * }</pre>
 *
 * <p>A {@code when} condition may name {@code status_ids}, {@code type_ids}, {@code form_ids}
 * (lists of integers) and {@code title_matches} (a Java regular expression searched in the title);
 * every key given must hold. Conditions and {@code stop_on_failure} are not part of the action ID.
 *
 * <p>Errors reported: malformed YAML (with the parser's line), a missing or unreadable file, an
 * unknown key, an unknown action type (with a suggestion), an unknown, missing or mistyped
 * parameter, an invalid version, an invalid regular expression, an empty action list, and two
 * actions with the same action ID.
 */
public final class PipelineLoader {

  private static final String ACTIONS = "actions";

  /** Top-level keys other than {@code actions}. */
  private static final ParamSchema TOP =
      new ParamSchema(
          "the pipeline file",
          List.of(
              ParamDef.integer("report_id", null).atLeast(1).doc("the TDX report to watch"),
              ParamDef.integer("max_runs_before_park", TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
                  .atLeast(1)
                  .doc("failed runs before an action is parked"),
              maxWrites()),
          null);

  private static final String PIPELINES = "pipelines";

  /** The keys of one entry of a {@code pipelines:} list, other than actions and business_hours. */
  private static final ParamSchema ENTRY =
      new ParamSchema(
          "a pipeline of the pipelines list",
          List.of(
              ParamDef.string("name", null)
                  .asRequired()
                  .checkedBy(PipelineLoader::nameProblem)
                  .doc("the pipeline's name: tqd pause --pipeline NAME, PipelineName"),
              ParamDef.integer("report_id", null)
                  .asRequired()
                  .atLeast(1)
                  .doc("the TDX report to watch"),
              ParamDef.string("interval", null).doc("time between polls: 300, 90s, 5m"),
              ParamDef.bool("enabled", true).doc("false: validated, never polled"),
              ParamDef.integer("max_runs_before_park", TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
                  .atLeast(1)
                  .doc("failed runs before an action is parked"),
              maxWrites()),
          null);

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private static ParamDef maxWrites() {
    return ParamDef.integer(
            "max_writes_per_ticket_per_day", Pipeline.DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY)
        .atLeast(1)
        .doc("TDX writes per ticket in 24 h after which its further actions park");
  }

  private static String nameProblem(Object value) {
    return value instanceof String s && NAME.matcher(s).matches()
        ? null
        : "expected a name of letters, digits, '.', '_' and '-' (starting with a letter or digit,"
            + " at most 64 characters), got "
            + Values.describe(value);
  }

  private static final String BUSINESS_HOURS = "business_hours";

  /** The keys of a business-hours calendar. */
  private static final ParamSchema CALENDAR =
      new ParamSchema(
          BUSINESS_HOURS,
          List.of(
              ParamDef.string("time_zone", null).asRequired().doc("an IANA time zone"),
              ParamDef.stringList("days", List.of("mon", "tue", "wed", "thu", "fri"))
                  .doc("working days"),
              ParamDef.string("opens", null).asRequired().doc("opening time, HH:mm"),
              ParamDef.string("closes", null).asRequired().doc("closing time, HH:mm"),
              ParamDef.stringList("holidays", List.of()).doc("closed dates, yyyy-MM-dd")),
          null);

  private static final List<String> ACTION_KEYS =
      List.of("type", "version", "params", "when", "stop_on_failure", "enabled");

  private PipelineLoader() {}

  /**
   * The pipeline in the file, or the {@linkplain StandardPipeline standard pipeline} when {@code
   * file} is null.
   */
  public static PipelineDefinition loadOrStandard(Path file) throws PipelineConfigException {
    return file == null ? StandardPipeline.definition() : load(file);
  }

  /**
   * The pipelines in the file, or the {@linkplain StandardPipeline standard pipeline} when {@code
   * file} is null.
   */
  public static PipelineFile loadFileOrStandard(Path file) throws PipelineConfigException {
    return file == null ? PipelineFile.single(StandardPipeline.definition()) : loadFile(file);
  }

  /**
   * Loads and validates a file of one pipeline (UTF-8).
   *
   * @throws PipelineConfigException when the file is missing, unreadable or invalid, or holds a
   *     {@code pipelines:} list; it lists every problem
   */
  public static PipelineDefinition load(Path file) throws PipelineConfigException {
    return one(loadFile(file));
  }

  /**
   * Loads and validates a pipeline file (UTF-8) of one pipeline or of a {@code pipelines:} list.
   *
   * @throws PipelineConfigException when the file is missing, unreadable or invalid; it lists every
   *     problem
   */
  public static PipelineFile loadFile(Path file) throws PipelineConfigException {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw single(source, "is a directory, not a pipeline file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(source, "file not found");
    } catch (AccessDeniedException e) {
      throw single(source, "cannot read the file: permission denied");
    } catch (CharacterCodingException e) {
      throw single(source, "cannot read the file: it is not valid UTF-8");
    } catch (IOException e) {
      throw single(source, "cannot read the file: " + e.getMessage());
    }
    return parseFile(text, source);
  }

  /**
   * Parses and validates pipeline YAML.
   *
   * @param yaml the file's text
   * @param source how errors name the file, such as {@code pipeline.yaml}
   * @throws PipelineConfigException listing every problem
   */
  public static PipelineDefinition parse(String yaml, String source)
      throws PipelineConfigException {
    return one(parseFile(yaml, source));
  }

  /**
   * Parses and validates pipeline YAML of one pipeline or of a {@code pipelines:} list.
   *
   * @param yaml the file's text
   * @param source how errors name the file, such as {@code pipeline.yaml}
   * @throws PipelineConfigException listing every problem
   */
  public static PipelineFile parseFile(String yaml, String source) throws PipelineConfigException {
    return new Reader(source).read(yaml);
  }

  private static PipelineDefinition one(PipelineFile file) throws PipelineConfigException {
    if (file.multi()) {
      throw single(
          file.source(),
          "holds a pipelines: list of "
              + file.pipelines().size()
              + " pipelines; this command takes a file of one pipeline (actions: at the top)");
    }
    return file.pipelines().get(0);
  }

  private static PipelineConfigException single(String source, String message) {
    return new PipelineConfigException(List.of(new PipelineProblem(source, 0, null, message)));
  }

  /** One pass over one file, collecting problems. */
  private static final class Reader implements ConditionReader.Sink {
    private final String source;
    private final LoadSettings settings;
    private final List<PipelineProblem> problems = new ArrayList<>();
    private BusinessHours calendar;

    Reader(String source) {
      this.source = source;
      this.settings = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).build();
    }

    PipelineFile read(String yaml) throws PipelineConfigException {
      Optional<Node> document;
      try {
        document = new Compose(settings).composeString(yaml);
      } catch (MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        problems.add(
            new PipelineProblem(
                source,
                mark.map(m -> m.getLine() + 1).orElse(0),
                null,
                "malformed YAML: " + context + e.getProblem()));
        throw new PipelineConfigException(problems);
      } catch (YamlEngineException e) {
        throw single(source, "malformed YAML: " + e.getMessage());
      }
      if (document.isEmpty()) {
        throw single(source, "the file is empty; it needs at least an actions list");
      }
      Node root = document.get();
      if (!(root instanceof MappingNode rootMap)) {
        problem(root, null, "expected a mapping with report_id, max_runs_before_park and actions");
        throw new PipelineConfigException(problems);
      }
      Map<String, NodeTuple> entries = entries(rootMap, "");
      boolean multi = entries.containsKey(PIPELINES);
      List<PipelineDefinition> definitions = new ArrayList<>();
      if (multi) {
        definitions.addAll(pipelines(entries, rootMap));
      } else {
        PipelineDefinition one = onePipeline(entries, rootMap);
        if (one != null) {
          definitions.add(one);
        }
      }
      if (!problems.isEmpty()) {
        problems.sort(java.util.Comparator.comparingInt(PipelineProblem::line));
        throw new PipelineConfigException(problems);
      }
      return new PipelineFile(source, multi, definitions);
    }

    /** A file of one pipeline: report_id, max_runs_before_park, … and actions at the top. */
    private PipelineDefinition onePipeline(Map<String, NodeTuple> entries, MappingNode rootMap) {
      NodeTuple actionsEntry = entries.remove(ACTIONS);
      calendar = calendar(entries.remove(BUSINESS_HOURS), BUSINESS_HOURS);
      NodeTuple enabled = entries.remove("enabled");
      if (enabled != null) {
        problem(
            enabled.getKeyNode(),
            "enabled",
            "a file of one pipeline cannot be disabled: put enabled: false on its actions, list"
                + " it under pipelines:, or stop it with tqd pause");
      }
      Map<String, Object> top = resolve(TOP, entries, rootMap, "", List.of(ACTIONS));
      Actions actions = actions(actionsEntry, rootMap, "");
      if (!problems.isEmpty()) {
        return null;
      }
      return new PipelineDefinition(
          (Integer) top.get("report_id"),
          (Integer) top.get("max_runs_before_park"),
          Pipeline.of(null, actions.enabled(), (Integer) top.get("max_writes_per_ticket_per_day")),
          source,
          null,
          true,
          actions.disabled());
    }

    /** A {@code pipelines:} file: a list of named pipelines, each with its report and actions. */
    private List<PipelineDefinition> pipelines(Map<String, NodeTuple> entries, MappingNode root) {
      NodeTuple list = entries.remove(PIPELINES);
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        problem(
            e.getValue().getKeyNode(),
            e.getKey(),
            "a file with pipelines: has nothing else at the top; "
                + (ENTRY.param(e.getKey()).isPresent()
                        || e.getKey().equals(ACTIONS)
                        || e.getKey().equals(BUSINESS_HOURS)
                    ? "move " + e.getKey() + " into each pipeline of the list"
                    : "unknown key" + Suggestions.didYouMean(e.getKey(), List.of(PIPELINES))));
      }
      Node value = list.getValueNode();
      if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
        problem(
            isNull(value) ? list.getKeyNode() : value,
            PIPELINES,
            "expected a list of pipelines, each with name, report_id and actions, got "
                + Values.describe(construct(value)));
        return List.of();
      }
      List<PipelineDefinition> out = new ArrayList<>();
      Map<String, Integer> firstByName = new LinkedHashMap<>();
      Map<String, Integer> firstById = new LinkedHashMap<>();
      for (int i = 0; i < sequence.getValue().size(); i++) {
        Node item = sequence.getValue().get(i);
        String path = PIPELINES + "[" + i + "]";
        if (!(item instanceof MappingNode map)) {
          problem(
              item,
              path,
              "expected a pipeline (a mapping with name, report_id and actions), got "
                  + Values.describe(construct(item)));
          continue;
        }
        int before = problems.size();
        Map<String, NodeTuple> e = entries(map, path);
        NodeTuple actionsEntry = e.remove(ACTIONS);
        calendar = calendar(e.remove(BUSINESS_HOURS), path + "." + BUSINESS_HOURS);
        NodeTuple intervalEntry = e.get("interval");
        Map<String, Object> settings = resolveEntry(e, map, path, intervalEntry);
        java.time.Duration interval = interval(intervalEntry, path);
        Actions actions = actions(actionsEntry, map, path + ".");
        String name = (String) settings.get("name");
        if (name != null) {
          Integer first = firstByName.putIfAbsent(name, i);
          if (first != null) {
            problem(
                e.get("name").getValueNode(),
                path + ".name",
                "duplicate of pipelines[" + first + "].name: every pipeline needs its own name");
          }
        }
        if (problems.size() > before) {
          continue;
        }
        Pipeline pipeline =
            Pipeline.of(
                name, actions.enabled(), (Integer) settings.get("max_writes_per_ticket_per_day"));
        Integer sameId = firstById.putIfAbsent(pipeline.pipelineId(), i);
        if (sameId != null) {
          problem(map, path, "has the pipeline ID of pipelines[" + sameId + "]");
        }
        out.add(
            new PipelineDefinition(
                (Integer) settings.get("report_id"),
                (Integer) settings.get("max_runs_before_park"),
                pipeline,
                source,
                interval,
                (Boolean) settings.get("enabled"),
                actions.disabled()));
      }
      return out;
    }

    private Map<String, Object> resolveEntry(
        Map<String, NodeTuple> e, MappingNode map, String path, NodeTuple intervalEntry) {
      Map<String, NodeTuple> rest = new LinkedHashMap<>(e);
      if (intervalEntry != null) {
        // an integer of seconds or a duration text: checked by interval(), not the schema
        rest.remove("interval");
      }
      Map<String, Object> resolved = new LinkedHashMap<>();
      Map<String, Object> given = new LinkedHashMap<>();
      ParamSchema.Resolution r;
      for (Map.Entry<String, NodeTuple> t : rest.entrySet()) {
        given.put(t.getKey(), construct(t.getValue().getValueNode()));
      }
      r = ENTRY.resolve(given);
      for (ParamProblem p : r.problems()) {
        if (p.where() == ParamProblem.Where.KEY) {
          problem(
              rest.get(p.param()).getKeyNode(),
              path + "." + p.param(),
              "unknown key of a pipeline"
                  + Suggestions.didYouMean(p.param(), entryKeys())
                  + "; a pipeline has "
                  + String.join(", ", entryKeys()));
          continue;
        }
        NodeTuple tuple = p.param() == null ? null : rest.get(p.param());
        Node at =
            p.where() == ParamProblem.Where.VALUE && tuple != null ? tuple.getValueNode() : map;
        problem(at, p.path() == null ? path : path + "." + p.path(), p.message());
      }
      resolved.putAll(r.params());
      return resolved;
    }

    private static List<String> entryKeys() {
      List<String> keys = new ArrayList<>();
      ENTRY.params().forEach(d -> keys.add(d.name()));
      keys.add(BUSINESS_HOURS);
      keys.add(ACTIONS);
      return keys;
    }

    /** A pipeline's {@code interval:}: whole seconds, or a duration such as {@code 5m}. */
    private java.time.Duration interval(NodeTuple entry, String path) {
      if (entry == null || isNull(entry.getValueNode())) {
        return null;
      }
      Object value = construct(entry.getValueNode());
      java.time.Duration d = null;
      if (value instanceof Integer seconds) {
        d = java.time.Duration.ofSeconds(seconds);
      } else if (value instanceof String text) {
        try {
          d = org.tqd.workflows.rules.Durations.parse(text);
        } catch (IllegalArgumentException e) {
          problem(entry.getValueNode(), path + ".interval", e.getMessage());
          return null;
        }
      }
      if (d == null || d.toSeconds() < 1) {
        problem(
            entry.getValueNode(),
            path + ".interval",
            "expected a positive number of seconds (300) or a duration (90s, 5m, 1h), got "
                + Values.describe(value));
        return null;
      }
      return d;
    }

    /** The enabled and the disabled actions of one pipeline. */
    private record Actions(List<ActionSpec> enabled, List<ActionSpec> disabled) {}

    private Actions actions(NodeTuple entry, MappingNode root, String prefix) {
      String field = prefix + ACTIONS;
      if (entry == null) {
        problem(
            root,
            field,
            "missing: list the actions to run, e.g. actions: [{type: add_asset}]"
                + " (see pipeline.example.yaml)");
        return new Actions(List.of(), List.of());
      }
      Node value = entry.getValueNode();
      if (!(value instanceof SequenceNode sequence)) {
        problem(
            isNull(value) ? entry.getKeyNode() : value,
            field,
            "expected a list of actions, got " + Values.describe(construct(value)));
        return new Actions(List.of(), List.of());
      }
      if (sequence.getValue().isEmpty()) {
        problem(entry.getKeyNode(), field, "the list is empty: give at least one action");
        return new Actions(List.of(), List.of());
      }
      List<ActionSpec> specs = new ArrayList<>();
      List<ActionSpec> disabled = new ArrayList<>();
      Map<String, Integer> firstIndexById = new LinkedHashMap<>();
      List<Node> items = sequence.getValue();
      List<String> earlierTypes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String path = field + "[" + i + "]";
        Boolean on = enabled(items.get(i), path);
        ActionSpec spec = action(items.get(i), path);
        if (spec == null) {
          if (items.get(i) instanceof MappingNode m && !Boolean.FALSE.equals(on)) {
            typeName(m).ifPresent(earlierTypes::add);
          }
          continue;
        }
        templates(items.get(i), spec, path, earlierTypes);
        if (Boolean.FALSE.equals(on)) {
          disabled.add(spec);
          continue;
        }
        earlierTypes.add(spec.type());
        Integer first = firstIndexById.putIfAbsent(spec.actionId(), i);
        if (first != null) {
          problem(
              items.get(i),
              path,
              "duplicate of "
                  + field
                  + "["
                  + first
                  + "] (both are "
                  + spec.actionId()
                  + "): the ledger records an action ID once per ticket, so this one would never"
                  + " run; change a parameter or the version, or remove one");
        }
        specs.add(spec);
      }
      if (specs.isEmpty() && !disabled.isEmpty()) {
        problem(
            entry.getKeyNode(),
            field,
            "every action is disabled (enabled: false): enable one"
                + (prefix.isEmpty() ? "" : ", or disable the pipeline with enabled: false"));
      }
      return new Actions(specs, disabled);
    }

    /** An action's {@code enabled:} (true when absent); null when it is not a boolean. */
    private Boolean enabled(Node node, String path) {
      if (!(node instanceof MappingNode map)) {
        return true;
      }
      for (NodeTuple t : map.getValue()) {
        if ("enabled".equals(construct(t.getKeyNode()))) {
          Object value = construct(t.getValueNode());
          if (value instanceof Boolean b) {
            return b;
          }
          problem(
              t.getValueNode(),
              path + ".enabled",
              "expected a boolean (true or false), got " + Values.describe(value));
          return null;
        }
      }
      return true;
    }

    /** Checks the action's template parameters against the variables that can exist. */
    private void templates(Node node, ActionSpec spec, String path, List<String> earlierTypes) {
      ActionType type = ActionRegistry.find(spec.type()).orElseThrow();
      for (String param : type.templates()) {
        if (!(spec.params().get(param) instanceof String text)) {
          continue;
        }
        for (String message : org.tqd.workflows.rules.Templates.problems(text, earlierTypes)) {
          problem(paramNode(node, param), path + ".params." + param, message);
        }
      }
    }

    private Node paramNode(Node action, String param) {
      if (action instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          if ("params".equals(construct(t.getKeyNode()))
              && t.getValueNode() instanceof MappingNode params) {
            for (NodeTuple p : params.getValue()) {
              if (param.equals(construct(p.getKeyNode()))) {
                return p.getValueNode();
              }
            }
          }
        }
      }
      return action;
    }

    private Optional<String> typeName(MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if ("type".equals(construct(t.getKeyNode()))
            && construct(t.getValueNode()) instanceof String s) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }

    private ActionSpec action(Node node, String path) {
      if (!(node instanceof MappingNode map)) {
        Object value = construct(node);
        String hint =
            value instanceof String s && ActionRegistry.find(s).isPresent()
                ? " (write \"- type: " + s + "\")"
                : "";
        problem(
            node,
            path,
            "expected an action (a mapping with a type), got " + Values.describe(value) + hint);
        return null;
      }
      int before = problems.size();
      Map<String, NodeTuple> entries = entries(map, path);
      ActionType type = type(entries.get("type"), map, path);
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        if (!ACTION_KEYS.contains(e.getKey())) {
          problem(
              e.getValue().getKeyNode(),
              path + "." + e.getKey(),
              unknownActionKey(e.getKey(), type));
        }
      }
      String version = version(entries.get("version"), type, path);
      Map<String, Object> params = params(entries.get("params"), type, path, map);
      ActionCondition when = when(entries.get("when"), path);
      Boolean stop = stopOnFailure(entries.get("stop_on_failure"), path);
      if (problems.size() > before || type == null) {
        return null;
      }
      return ActionSpecs.of(type, version, params, stop, when);
    }

    private String unknownActionKey(String key, ActionType type) {
      if (type != null && type.schema().param(key).isPresent()) {
        return "parameters go under params (params: {" + key + ": ...})";
      }
      return "unknown key of an action"
          + Suggestions.didYouMean(key, ACTION_KEYS)
          + "; an action has "
          + String.join(", ", ACTION_KEYS);
    }

    private ActionType type(NodeTuple entry, MappingNode action, String path) {
      if (entry == null) {
        problem(
            action,
            path + ".type",
            "missing; known types: " + String.join(", ", ActionRegistry.names()));
        return null;
      }
      Object value = construct(entry.getValueNode());
      if (!(value instanceof String name)) {
        problem(
            entry.getValueNode(),
            path + ".type",
            "expected an action type name, got "
                + Values.describe(value)
                + "; known types: "
                + String.join(", ", ActionRegistry.names()));
        return null;
      }
      Optional<ActionType> type = ActionRegistry.find(name);
      if (type.isEmpty()) {
        problem(entry.getValueNode(), path + ".type", ActionRegistry.unknownTypeMessage(name));
        return null;
      }
      return type.get();
    }

    private String version(NodeTuple entry, ActionType type, String path) {
      Object value = entry == null ? null : construct(entry.getValueNode());
      if (value == null) {
        return type == null ? null : type.defaultVersion();
      }
      String v = value instanceof String s ? s : null;
      String problem = ActionSpecs.versionProblem(v);
      if (problem != null) {
        problem(
            entry.getValueNode(),
            path + ".version",
            v == null
                ? problem.replaceFirst(", got .*$", ", got " + Values.describe(value))
                : problem);
      }
      return v;
    }

    private Map<String, Object> params(
        NodeTuple entry, ActionType type, String path, MappingNode action) {
      String field = path + ".params";
      Map<String, NodeTuple> given = Map.of();
      // A missing required parameter is reported on the params line, or on the action's first
      // line when the action has no params.
      Node parent = action;
      if (entry != null) {
        parent = isNull(entry.getValueNode()) ? entry.getKeyNode() : entry.getValueNode();
      }
      if (entry != null && !isNull(entry.getValueNode())) {
        if (!(entry.getValueNode() instanceof MappingNode map)) {
          problem(
              entry.getValueNode(),
              field,
              "expected a mapping of parameters, got "
                  + Values.describe(construct(entry.getValueNode())));
          return Map.of();
        }
        given = entries(map, field);
      }
      if (type == null) {
        return Map.of();
      }
      return resolve(type.schema(), given, parent, field, List.of());
    }

    private ActionCondition when(NodeTuple entry, String path) {
      String field = path + ".when";
      if (entry == null || isNull(entry.getValueNode())) {
        return null;
      }
      if (!(entry.getValueNode() instanceof MappingNode map)) {
        problem(
            entry.getValueNode(),
            field,
            "expected a condition: a mapping with all, any, not, field, attribute, column, age,"
                + " status_ids, type_ids, form_ids or title_matches, got "
                + Values.describe(construct(entry.getValueNode())));
        return null;
      }
      Map<String, NodeTuple> all = entries(map, field);
      Map<String, NodeTuple> shorthands = new LinkedHashMap<>();
      Map<String, NodeTuple> tree = new LinkedHashMap<>();
      for (Map.Entry<String, NodeTuple> e : all.entrySet()) {
        (ConditionReader.SHORTHAND_KEYS.contains(e.getKey()) ? shorthands : tree)
            .put(e.getKey(), e.getValue());
      }
      Map<String, Object> resolved =
          resolve(ActionSpecs.CONDITION, shorthands, map, field, List.of());
      org.tqd.workflows.rules.Condition treeCondition =
          tree.isEmpty()
              ? null
              : new ConditionReader(this, calendar).tree(tree, map, field, java.util.Set.of());
      ActionCondition shorthand = ActionSpecs.condition(resolved);
      if (treeCondition == null) {
        return shorthand;
      }
      return shorthand == null
          ? ActionCondition.of(treeCondition)
          : new ActionCondition(
              shorthand.statusIds(),
              shorthand.typeIds(),
              shorthand.formIds(),
              shorthand.titleMatches(),
              treeCondition);
    }

    /** The pipeline's business-hours calendar, or null when it has none. */
    private BusinessHours calendar(NodeTuple entry, String field) {
      if (entry == null || isNull(entry.getValueNode())) {
        return null;
      }
      Map<String, Object> resolved;
      Node value = entry.getValueNode();
      if (!(value instanceof MappingNode map)) {
        problem(
            value,
            field,
            "expected a calendar: {time_zone: America/Detroit, days: [mon, tue, wed, thu, fri],"
                + " opens: \"08:00\", closes: \"17:00\", holidays: [2026-12-25]}");
        return null;
      }
      Map<String, NodeTuple> e = entries(map, BUSINESS_HOURS);
      resolved = resolve(CALENDAR, e, map, field, List.of());
      if (resolved.size() < 4
          || problems.stream().anyMatch(p -> p.field() != null && p.field().startsWith(field))) {
        return null;
      }
      @SuppressWarnings("unchecked")
      BusinessHours cal =
          new BusinessHours(
              (String) resolved.get("time_zone"),
              (List<String>) resolved.get("days"),
              (String) resolved.get("opens"),
              (String) resolved.get("closes"),
              (List<String>) resolved.get("holidays"));
      for (String problem : cal.problems()) {
        String key = problem.substring(0, problem.indexOf(':'));
        NodeTuple t = e.get(key);
        problem(
            t == null ? map : t.getValueNode(),
            field + "." + key,
            problem.substring(key.length() + 2));
      }
      return cal.problems().isEmpty() ? cal : null;
    }

    private Boolean stopOnFailure(NodeTuple entry, String path) {
      Object value = entry == null ? null : construct(entry.getValueNode());
      if (value == null) {
        return false;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      problem(
          entry.getValueNode(),
          path + ".stop_on_failure",
          "expected a boolean (true or false), got " + Values.describe(value));
      return false;
    }

    /**
     * Resolves the entries of a mapping against a schema, turning each parameter problem into a
     * file problem on the right line. Keys in {@code handledElsewhere} are not reported as unknown.
     */
    private Map<String, Object> resolve(
        ParamSchema schema,
        Map<String, NodeTuple> entries,
        Node parent,
        String path,
        List<String> handledElsewhere) {
      Map<String, Object> given = new LinkedHashMap<>();
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        given.put(e.getKey(), construct(e.getValue().getValueNode()));
      }
      ParamSchema.Resolution resolution = schema.resolve(given);
      for (ParamProblem p : resolution.problems()) {
        if (p.where() == ParamProblem.Where.KEY && handledElsewhere.contains(p.param())) {
          continue;
        }
        NodeTuple tuple = p.param() == null ? null : entries.get(p.param());
        Node at =
            switch (p.where()) {
              case KEY -> tuple.getKeyNode();
              case VALUE -> element(tuple.getValueNode(), p.index());
              case PARENT -> parent;
            };
        String prefix = path.isEmpty() ? "" : path + ".";
        String field = p.path() == null ? path : prefix + p.path();
        String message = p.message();
        if (p.where() == ParamProblem.Where.KEY && path.isEmpty()) {
          message = topLevelUnknown(p.param());
        }
        problem(at, field, message);
      }
      return resolution.params();
    }

    private String topLevelUnknown(String key) {
      List<String> known =
          List.of(
              "report_id",
              "max_runs_before_park",
              "max_writes_per_ticket_per_day",
              BUSINESS_HOURS,
              ACTIONS,
              PIPELINES);
      return "unknown key"
          + Suggestions.didYouMean(key, known)
          + "; the file has "
          + String.join(", ", known);
    }

    private static Node element(Node value, int index) {
      if (index >= 0 && value instanceof SequenceNode seq && index < seq.getValue().size()) {
        return seq.getValue().get(index);
      }
      return value;
    }

    /** The mapping's entries by key, reporting non-string and duplicate keys. */
    @Override
    public Map<String, NodeTuple> entries(MappingNode map, String path) {
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      String prefix = path.isEmpty() ? "" : path + ".";
      for (NodeTuple t : map.getValue()) {
        Node keyNode = t.getKeyNode();
        Object key = keyNode instanceof ScalarNode ? construct(keyNode) : null;
        if (!(key instanceof String name)) {
          problem(keyNode, path, "expected a name as key, got " + Values.describe(key));
          continue;
        }
        if (out.containsKey(name)) {
          problem(keyNode, prefix + name, "duplicate key (it already appears above)");
          continue;
        }
        out.put(name, t);
      }
      return out;
    }

    @Override
    public Object construct(Node node) {
      if (node == null) {
        return null;
      }
      try {
        return new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
      } catch (YamlEngineException e) {
        // An unknown tag or similar: show it as an unusable value; the caller reports the type.
        return new UnusableValue(e.getMessage());
      }
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode s
          && s.getTag().equals(org.snakeyaml.engine.v2.nodes.Tag.NULL);
    }

    @Override
    public void problem(Node node, String field, String message) {
      int line = node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
      problems.add(new PipelineProblem(source, line, field, message));
    }
  }

  /** A YAML value that could not be constructed (such as one with an unknown tag). */
  private record UnusableValue(String reason) {
    @Override
    public String toString() {
      return "an unusable value (" + reason.lines().findFirst().orElse(reason) + ")";
    }
  }
}
