package org.tqd.bench;

import java.util.Map;

/**
 * TDX's documented rate limits per 60 s, by method template as the sandbox names them ({@code
 * reference/tdx-api.md}; the sandbox's README has the same table). Methods not listed have 60.
 */
final class DocumentedLimits {

  private static final Map<String, Integer> LIMITS =
      Map.of(
          "POST tickets/search", 30,
          "POST tickets", 30,
          "GET reports/{id}", 30,
          "GET reports", 45,
          "POST reports/search", 45);

  private DocumentedLimits() {}

  /** Calls allowed per 60 s. */
  static int per60s(String template) {
    return LIMITS.getOrDefault(template, 60);
  }
}
