package org.tqd.workflows.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The ordered actions run on every ticket of a report. {@code pipelineId} is the first 12 hex
 * characters of the SHA-256 of the action IDs joined by newlines, so the same actions in the same
 * order always give the same ID, and any change to an action's configuration gives a new one.
 */
public record Pipeline(String pipelineId, List<ActionSpec> actions) {

  public Pipeline {
    actions = List.copyOf(actions);
  }

  /** A pipeline of these actions, with its ID computed from their action IDs. */
  public static Pipeline of(List<ActionSpec> actions) {
    return new Pipeline(idOf(actions.stream().map(ActionSpec::actionId).toList()), actions);
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
