package org.tqd.console.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The console's roles, each with the permissions of the one below it and more. Permission strings
 * are those of the operator API: {@code read}, {@code actions:plan}, {@code actions:run}, …
 */
public enum Role {
  /** Reads: queues, tickets, audit log; decodes payloads for the Temporal Web UI and CLI. */
  VIEWER(Set.of(Permissions.READ)),
  /** Also plans, runs, retries and cancels; encodes payloads (inputs sent from the Web UI). */
  OPERATOR(
      Set.of(
          Permissions.READ,
          Permissions.PLAN,
          Permissions.RUN,
          Permissions.RETRY,
          Permissions.CANCEL)),
  /** Also undoes, pauses, resumes, clears failed actions and manages tokens. */
  ADMIN(
      Set.of(
          Permissions.READ,
          Permissions.PLAN,
          Permissions.RUN,
          Permissions.RETRY,
          Permissions.CANCEL,
          Permissions.UNDO,
          Permissions.PAUSE,
          Permissions.RESUME,
          Permissions.CLEAR_FAILED,
          Permissions.TOKENS));

  private final Set<String> permissions;

  Role(Set<String> permissions) {
    this.permissions = permissions;
  }

  /** True when this role holds the permission. */
  public boolean allows(String permission) {
    return permissions.contains(permission);
  }

  /** The permission strings this role holds. */
  public Set<String> permissions() {
    return permissions;
  }

  /** {@code viewer}, {@code operator} or {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role of a wire name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the roles when the name is none of them
   */
  public static Role of(String name) {
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + name + "'; roles are viewer, operator and admin");
  }

  /** The permission strings of the operator API. */
  public static final class Permissions {
    public static final String READ = "read";
    public static final String PLAN = "actions:plan";
    public static final String RUN = "actions:run";
    public static final String RETRY = "actions:retry";
    public static final String CANCEL = "actions:cancel";
    public static final String UNDO = "actions:undo";
    public static final String PAUSE = "actions:pause";
    public static final String RESUME = "actions:resume";
    public static final String CLEAR_FAILED = "actions:clear_failed";
    public static final String TOKENS = "actions:tokens";

    private Permissions() {}
  }
}
