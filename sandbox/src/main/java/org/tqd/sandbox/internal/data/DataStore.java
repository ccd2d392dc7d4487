package org.tqd.sandbox.internal.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.tqd.sandbox.TicketTruth;

/**
 * All simulated data: people, assets, tickets with their feeds and asset links, and the report.
 *
 * <p>Concurrency contract: every method other than {@link #read} and {@link #write} must be called
 * inside one of them. Reads run in parallel; writes are exclusive. The entities are mutable and
 * must not escape the block that read them (build the response inside).
 */
public final class DataStore {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Catalog catalog;
  private final Map<UUID, Person> people = new LinkedHashMap<>();
  private final Map<String, Person> peopleByUserName = new HashMap<>();
  private final Map<Integer, Asset> assets = new LinkedHashMap<>();
  private final Map<Integer, Asset> assetsByCi = new HashMap<>();
  private final Map<UUID, List<Asset>> assetsByOwner = new HashMap<>();
  private final Map<Integer, Ticket> tickets = new LinkedHashMap<>();
  private final Map<Integer, FeedEntry> feedEntries = new HashMap<>();
  private final Map<Integer, Report> reports = new LinkedHashMap<>();
  private final Map<Integer, TicketTruth> truth = new LinkedHashMap<>();
  private final Map<Integer, List<Integer>> initialAssets = new LinkedHashMap<>();
  private final Map<Integer, StandaloneCi> standaloneCis = new LinkedHashMap<>();
  private final Map<Integer, List<Integer>> cisByTicket = new HashMap<>();
  private final Map<Integer, List<Integer>> ticketsByCi = new HashMap<>();
  private int nextStandaloneCiId = 700_001;
  private int nextTicketId = 1_000_001;
  private int nextAssetId = 500_001;
  private int nextCiId = 900_001;
  private int nextFeedId = 30_000_001;
  private int nextReplyId = 60_000_001;
  private int nextReferenceId = 100_001;

  public DataStore(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Runs {@code action} holding the read lock. */
  public <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code action} holding the write lock. */
  public <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  // ---- people

  public int newReferenceId() {
    return nextReferenceId++;
  }

  public void addPerson(Person p) {
    people.put(p.uid(), p);
    peopleByUserName.put(p.userName().toLowerCase(Locale.ROOT), p);
  }

  public Person person(UUID uid) {
    return uid == null ? null : people.get(uid);
  }

  public Person personByUserName(String userName) {
    return userName == null ? null : peopleByUserName.get(userName.toLowerCase(Locale.ROOT));
  }

  public Collection<Person> people() {
    return people.values();
  }

  // ---- assets

  public int newAssetId() {
    return nextAssetId++;
  }

  public int newCiId() {
    return nextCiId++;
  }

  public void addAsset(Asset a) {
    assets.put(a.id(), a);
    assetsByCi.put(a.ciId(), a);
    if (a.owningCustomerUid() != null) {
      assetsByOwner.computeIfAbsent(a.owningCustomerUid(), k -> new ArrayList<>()).add(a);
    }
  }

  public Asset asset(int id) {
    return assets.get(id);
  }

  public Asset assetByCi(int ciId) {
    return assetsByCi.get(ciId);
  }

  public Collection<Asset> assets() {
    return assets.values();
  }

  /** Assets owned by a person, in creation order. */
  public List<Asset> assetsOwnedBy(UUID uid) {
    return assetsByOwner.getOrDefault(uid, List.of());
  }

  // ---- configuration items not backed by an asset (labs)

  public int newStandaloneCiId() {
    return nextStandaloneCiId++;
  }

  public void addStandaloneCi(StandaloneCi ci) {
    standaloneCis.put(ci.id(), ci);
  }

  /** The standalone CI, or null. */
  public StandaloneCi standaloneCi(int id) {
    return standaloneCis.get(id);
  }

  /** Links a standalone CI to a ticket (once). */
  public void linkCi(int ticketId, int ciId) {
    List<Integer> cis = cisByTicket.computeIfAbsent(ticketId, k -> new ArrayList<>());
    if (!cis.contains(ciId)) {
      cis.add(ciId);
      ticketsByCi.computeIfAbsent(ciId, k -> new ArrayList<>()).add(ticketId);
    }
  }

  /** The standalone CIs linked to a ticket, in link order. */
  public List<Integer> standaloneCisOf(int ticketId) {
    return cisByTicket.getOrDefault(ticketId, List.of());
  }

  /** The tickets linked to a standalone CI, in link order. */
  public List<Integer> ticketsOfStandaloneCi(int ciId) {
    return ticketsByCi.getOrDefault(ciId, List.of());
  }

  // ---- tickets and feed

  public int newTicketId() {
    return nextTicketId++;
  }

  public void addTicket(Ticket t) {
    tickets.put(t.id(), t);
  }

  public Ticket ticket(int id) {
    return tickets.get(id);
  }

  public Collection<Ticket> tickets() {
    return tickets.values();
  }

  public int newFeedId() {
    return nextFeedId++;
  }

  public int newReplyId() {
    return nextReplyId++;
  }

  /** Appends an entry to its ticket's feed. */
  public void addFeedEntry(FeedEntry entry) {
    tickets.get(entry.ticketId()).feed().add(entry);
    feedEntries.put(entry.id(), entry);
  }

  public FeedEntry feedEntry(int id) {
    return feedEntries.get(id);
  }

  // ---- reports

  public void addReport(Report r) {
    reports.put(r.id(), r);
  }

  public Report report(int id) {
    return reports.get(id);
  }

  public Collection<Report> reports() {
    return reports.values();
  }

  // ---- ground truth

  public void addTruth(TicketTruth t) {
    truth.put(t.ticketId(), t);
  }

  /** Ground truth by ticket ID, in generation order. */
  public Map<Integer, TicketTruth> truth() {
    return truth;
  }

  /** Records the assets a generated ticket was linked to when it was generated. */
  public void addInitialAssets(int ticketId, List<Integer> assetIds) {
    initialAssets.put(ticketId, List.copyOf(assetIds));
  }

  /** The assets a generated ticket was linked to when it was generated; empty if unknown. */
  public List<Integer> initialAssets(int ticketId) {
    return initialAssets.getOrDefault(ticketId, List.of());
  }
}
