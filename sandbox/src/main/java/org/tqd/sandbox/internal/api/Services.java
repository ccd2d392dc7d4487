package org.tqd.sandbox.internal.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.tqd.sandbox.Faults;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.json.Shapes;

/**
 * What endpoint handlers share: the data, its JSON shapes, the clock and the live fault settings.
 */
public record Services(DataStore store, Shapes shapes, Clock clock, Faults faults) {

  public Catalog catalog() {
    return store.catalog();
  }

  /** The current time at millisecond precision (TDX dates carry at most 7 fraction digits). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
