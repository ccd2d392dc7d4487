package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code log_event} action: one structured JSON log line (pipeline, action,
 * ticket, status, message and template fields) for log-based alerting. Writes nothing to TDX.
 *
 * @param message {@code message}, required: the text (a template)
 * @param level {@code level}, default {@code INFO}: {@code TRACE}, {@code DEBUG}, {@code INFO},
 *     {@code WARN} or {@code ERROR}
 * @param fields {@code fields}: extra name: value pairs of the line (string values are templates)
 */
public record LogEventConfig(String message, String level, Map<String, Object> fields) {

  /** The levels a rule may choose. */
  public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  /** The {@code log_event} action type (default version {@code v1}). */
  public static final ActionType TYPE =
      new ActionType(
              "log_event",
              "v1",
              "writes one structured JSON log line for log-based alerting",
              List.of(
                  ParamDef.string("message", null)
                      .asRequired()
                      .checkedBy(ParamDef.notEmpty())
                      .doc("the message (a template)"),
                  ParamDef.string("level", "INFO")
                      .checkedBy(
                          v ->
                              LEVELS.contains(v)
                                  ? null
                                  : "expected one of "
                                      + String.join(", ", LEVELS)
                                      + ", got "
                                      + Values.show(v))
                      .doc("the log level: TRACE, DEBUG, INFO, WARN or ERROR"),
                  ParamDef.map("fields")
                      .doc("extra fields of the line (string values are templates)")),
              null)
          .withTemplates("message", "fields");

  /**
   * The typed view of an action's parameters.
   *
   * @throws InvalidActionException when they are invalid
   */
  @SuppressWarnings("unchecked")
  public static LogEventConfig from(Map<String, ?> params) {
    Map<String, Object> p = TYPE.resolve(params);
    return new LogEventConfig(
        (String) p.get("message"),
        (String) p.get("level"),
        (Map<String, Object>) p.getOrDefault("fields", Map.of()));
  }
}
