package org.tqd.console.auth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which console role a person signed in with OIDC gets, from the groups their identity provider
 * names ({@code TQD_OIDC_ROLE_MAP}).
 *
 * <p>Syntax: comma-separated {@code group=role} entries, role {@code viewer}, {@code operator} or
 * {@code admin}, e.g. {@code it-helpdesk=operator,it-admins=admin}. A person in several mapped
 * groups gets the highest of their roles. The entry {@code *=role} sets the role of everyone else
 * who signs in (default {@code viewer}); {@code *=none} refuses them instead. Group names are
 * compared exactly (case-sensitive), as identity providers issue them.
 *
 * @param roles the mapped groups and their roles, in the order written
 * @param others the role of a person in no mapped group; null refuses them
 */
public record RoleMap(Map<String, Role> roles, Role others) {

  /** The map of an unset {@code TQD_OIDC_ROLE_MAP}: everyone who signs in is a viewer. */
  public static final RoleMap EVERYONE_VIEWER = new RoleMap(Map.of(), Role.VIEWER);

  public RoleMap {
    roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
  }

  /**
   * Parses {@code TQD_OIDC_ROLE_MAP}.
   *
   * @throws IllegalArgumentException naming the entry that is wrong and the syntax
   */
  public static RoleMap parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYONE_VIEWER;
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    Role others = Role.VIEWER;
    boolean othersSet = false;
    for (String raw : text.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw syntax("'" + entry + "' is not group=role");
      }
      String group = entry.substring(0, eq).strip();
      String roleName = entry.substring(eq + 1).strip();
      if (group.equals("*")) {
        if (othersSet) {
          throw syntax("'*' is given twice");
        }
        othersSet = true;
        others = roleName.equalsIgnoreCase("none") ? null : role(roleName, entry);
        continue;
      }
      if (roles.containsKey(group)) {
        throw syntax("group '" + group + "' is given twice");
      }
      roles.put(group, role(roleName, entry));
    }
    return new RoleMap(roles, others);
  }

  /** The role of a person in these groups; empty when the map refuses them. */
  public Optional<Role> roleOf(Collection<String> groups) {
    Role best = null;
    for (String g : groups) {
      Role r = roles.get(g);
      if (r != null && (best == null || r.ordinal() > best.ordinal())) {
        best = r;
      }
    }
    return Optional.ofNullable(best != null ? best : others);
  }

  private static Role role(String name, String entry) {
    try {
      return Role.of(name);
    } catch (IllegalArgumentException e) {
      throw syntax("'" + entry + "': " + e.getMessage() + " (or 'none' after '*=')");
    }
  }

  private static IllegalArgumentException syntax(String what) {
    return new IllegalArgumentException(
        "TQD_OIDC_ROLE_MAP: "
            + what
            + "; write comma-separated group=role entries (roles viewer, operator, admin), e.g."
            + " 'it-helpdesk=operator,it-admins=admin', and optionally '*=viewer' or '*=none' for"
            + " everyone else");
  }
}
