package org.tqd.workflows.action;

import java.util.List;
import java.util.Map;

/** Typed reads of effective parameters, for the typed configuration records. */
final class Params {

  private Params() {}

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> params, String name) {
    return (List<String>) params.get(name);
  }

  @SuppressWarnings("unchecked")
  static List<Integer> integers(Map<String, Object> params, String name) {
    return (List<Integer>) params.get(name);
  }

  /** A check that accepts absolute http or https URLs with a host. */
  static ParamDef.Check httpUrl() {
    return v -> {
      String s = (String) v;
      try {
        java.net.URI uri = new java.net.URI(s);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return null;
        }
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      return "expected an http(s) URL such as \"https://example.teamdynamix.com/TDNext\", got "
          + Values.show(s);
    };
  }
}
