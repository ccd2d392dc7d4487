package org.tqd.sandbox.internal.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API calls per method template (e.g. {@code GET tickets/{id}}), including refused ones. */
public final class CallCounter {

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one call. */
  public void count(String template) {
    counts.computeIfAbsent(template, k -> new LongAdder()).increment();
  }

  /** A sorted snapshot of the counts. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Forgets every count. */
  public void reset() {
    counts.clear();
  }
}
