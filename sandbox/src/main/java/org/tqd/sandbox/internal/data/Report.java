package org.tqd.sandbox.internal.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A saved ticket report: the work queue. Its rows are the listed tickets, read live, so a row's
 * {@code StatusName} follows the ticket. Mutable; guarded by the {@link DataStore} lock.
 */
public final class Report {

  private final int id;
  private final String name;
  private final int maxResults;
  private final UUID createdUid;
  private final Instant createdDate;
  private final List<Integer> ticketIds = new ArrayList<>();

  public Report(int id, String name, int maxResults, UUID createdUid, Instant createdDate) {
    this.id = id;
    this.name = name;
    this.maxResults = maxResults;
    this.createdUid = createdUid;
    this.createdDate = createdDate;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The most rows the report returns. */
  public int maxResults() {
    return maxResults;
  }

  public UUID createdUid() {
    return createdUid;
  }

  public Instant createdDate() {
    return createdDate;
  }

  /** The tickets the report lists, in their default order. */
  public List<Integer> ticketIds() {
    return ticketIds;
  }
}
