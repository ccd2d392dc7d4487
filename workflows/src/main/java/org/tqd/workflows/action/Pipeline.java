package org.tqd.workflows.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ordered actions run on every ticket of a report. {@code pipelineId} is the first 12 hex
 * characters of the SHA-256 of the action IDs joined by newlines, so the same actions in the same
 * order always give the same ID, and any change to an action's configuration gives a new one. A
 * pipeline of a {@code pipelines:} file has a name, and its ID hashes the line {@code
 * pipeline:<name>} before the action IDs, so that two pipelines with the same actions still have
 * their own workflows.
 *
 * @param pipelineId see above
 * @param actions the enabled actions, in order
 * @param name the pipeline's name in a {@code pipelines:} file; null for a file of one pipeline
 * @param maxWritesPerTicketPerDay TDX writes per ticket in 24 hours after which the ticket's
 *     further actions are parked; not part of the ID. Default {@value
 *     #DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY} (also when 0, as in inputs recorded before this
 *     setting existed).
 */
public record Pipeline(
    String pipelineId, List<ActionSpec> actions, String name, int maxWritesPerTicketPerDay) {

  /** Default of {@link #maxWritesPerTicketPerDay}. */
  public static final int DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY = 20;

  public Pipeline {
    actions = List.copyOf(actions);
    if (maxWritesPerTicketPerDay <= 0) {
      maxWritesPerTicketPerDay = DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY;
    }
  }

  /** An unnamed pipeline with the default write budget. */
  public Pipeline(String pipelineId, List<ActionSpec> actions) {
    this(pipelineId, actions, null, DEFAULT_MAX_WRITES_PER_TICKET_PER_DAY);
  }

  /** An unnamed pipeline of these actions, with its ID computed from their action IDs. */
  public static Pipeline of(List<ActionSpec> actions) {
    return new Pipeline(idOf(actions.stream().map(ActionSpec::actionId).toList()), actions);
  }

  /**
   * A pipeline of these actions, named when {@code name} is not null (its ID then hashes the name
   * too).
   */
  public static Pipeline of(String name, List<ActionSpec> actions, int maxWritesPerTicketPerDay) {
    List<String> lines = new ArrayList<>();
    if (name != null) {
      lines.add("pipeline:" + name);
    }
    actions.forEach(a -> lines.add(a.actionId()));
    return new Pipeline(idOf(lines), actions, name, maxWritesPerTicketPerDay);
  }

  /** The pipeline ID of the given ordered action IDs. */
  public static String idOf(List<String> actionIds) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", actionIds).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The report columns the actions' conditions and templates read. */
  public java.util.Set<String> columnsRead() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (ActionSpec a : actions) {
      if (a.when() != null && a.when().tree() != null) {
        org.tqd.workflows.rules.Columns.collect(a.when().tree(), out);
      }
      org.tqd.workflows.rules.Columns.collectTemplates(a.params(), out);
    }
    return out;
  }

  /** The action IDs in order. */
  public List<String> actionIds() {
    return actions.stream().map(ActionSpec::actionId).toList();
  }
}
