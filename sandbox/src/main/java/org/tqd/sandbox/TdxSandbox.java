package org.tqd.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.tqd.sandbox.internal.api.ApiRoutes;
import org.tqd.sandbox.internal.api.Services;
import org.tqd.sandbox.internal.auth.Authenticator;
import org.tqd.sandbox.internal.auth.Jwt;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Report;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.gen.Generator;
import org.tqd.sandbox.internal.http.CallCounter;
import org.tqd.sandbox.internal.http.HttpServer;
import org.tqd.sandbox.internal.http.Pipeline;
import org.tqd.sandbox.internal.json.Shapes;
import org.tqd.sandbox.internal.limits.RateLimiter;

/**
 * A local simulator of the TeamDynamix Web API on loopback HTTP, for tests, the demo and
 * benchmarks. It serves {@code /TDWebApi/api/**} and {@code /SBTDWebApi/api/**} with TDX's login
 * methods, per-method rate limits, error shapes, reports, tickets, feed, ticket assets, asset
 * search and people, over deterministic generated data whose expected outcome ({@link #truth()}) is
 * known. Faults can be injected while it runs ({@link #faults()}); calls are counted per method
 * ({@link #calls()}); ticket state can be inspected ({@link #state(int)}). The same is available
 * over HTTP below {@code /_sandbox/} without authentication.
 *
 * <pre>{@code
 * try (TdxSandbox tdx = TdxSandbox.builder().tickets(50).seed(1).build().start()) {
 *   client = new TdxClient(tdx.baseUrl(), tdx.beid(), tdx.webServicesKey());
 *   ...
 *   assertThat(tdx.state(id).assetIds()).isEqualTo(tdx.truth(id).expectedAssetIds());
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class TdxSandbox implements AutoCloseable {

  private final Builder options;
  private final SiteIds ids;
  private final Credentials credentials;
  private final Faults faults;
  private final Clock clock;
  private final DataStore store;
  private final Generator generator;
  private final CallCounter calls = new CallCounter();
  private final RateLimiter limiter;
  private final Authenticator auth;
  private final Jwt jwt;
  private final Person apiUser;
  private final HttpServer server;
  private volatile int port = -1;

  private TdxSandbox(Builder b) {
    this.options = b;
    this.ids = b.ids;
    this.faults = b.faults;
    this.clock = b.clock;
    Random secrets = new Random(b.seed ^ 0x5DEECE66DL);
    this.credentials =
        new Credentials(
            uuid(secrets),
            uuid(secrets),
            "tqd.sandbox",
            "sandbox-" + Long.toHexString(secrets.nextLong() >>> 16));
    byte[] secret = sha256("tqd-sandbox-jwt:" + b.seed);
    this.store = new DataStore(new Catalog(ids));
    this.generator = new Generator(store, b.seed, b.epoch);
    this.limiter = new RateLimiter(b.rateLimits);
    this.jwt = new Jwt(secret);
    Person[] accounts =
        store.write(
            () -> {
              Person user = generator.staff("tqd.sandbox", "Queue", "Automation", "API user");
              Person svc =
                  generator.staff(
                      "tqd-web-services", "Web Services", "Account", "Administrative service");
              Report report =
                  new Report(
                      ids.reportId(),
                      "Help Desk - Unassigned Computer Tickets",
                      b.reportMaxResults,
                      user.uid(),
                      b.epoch.minusSeconds(86_400L * 400));
              store.addReport(report);
              generator.tickets(b.tickets, true).forEach(t -> report.ticketIds().add(t.ticketId()));
              generator.initialDataDone();
              return new Person[] {user, svc};
            });
    this.apiUser = accounts[0];
    this.auth =
        new Authenticator(
            credentials,
            accounts[0].userName(),
            accounts[1].userName(),
            secret,
            clock,
            faults,
            store);
    Services services = new Services(store, new Shapes(store), clock, faults);
    InspectionEndpoints inspection = new InspectionEndpoints(this);
    Pipeline pipeline =
        new Pipeline(
            ApiRoutes.build(services, auth),
            auth,
            limiter,
            faults,
            calls,
            clock,
            ids,
            inspection::handle);
    this.server = new HttpServer(pipeline);
  }

  /** A builder with the defaults: 20 tickets, seed 1, a free port on 127.0.0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving; returns this. */
  public synchronized TdxSandbox start() {
    if (port < 0) {
      port = server.start(options.host, options.port);
    }
    return this;
  }

  /** Stops serving. */
  @Override
  public synchronized void close() {
    server.close();
  }

  // ---- where and how to connect

  /** The port it listens on; only after {@link #start()}. */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("the sandbox is not started");
    }
    return port;
  }

  /** {@code http://host:port}. */
  public String rootUrl() {
    return "http://" + options.host + ":" + port();
  }

  /**
   * The TDX settings tqd reads to reach this sandbox with its web-services key: {@code
   * TDX_BASE_URL}, {@code TDX_BEID}, {@code TDX_WEB_SERVICES_KEY}, {@code TDX_TICKET_APP_ID},
   * {@code TDX_APP_ID}. A new, modifiable map.
   */
  public Map<String, String> tqdSettings() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("TDX_BASE_URL", baseUrl());
    env.put("TDX_BEID", beid().toString());
    env.put("TDX_WEB_SERVICES_KEY", webServicesKey().toString());
    env.put("TDX_TICKET_APP_ID", Integer.toString(ticketAppId()));
    env.put("TDX_APP_ID", Integer.toString(assetAppId()));
    return env;
  }

  /** The production-style API base, {@code http://host:port/TDWebApi/api}. */
  public String baseUrl() {
    return rootUrl() + "/TDWebApi/api";
  }

  /** The sandbox-style API base, {@code http://host:port/SBTDWebApi/api}. */
  public String sandboxBaseUrl() {
    return rootUrl() + "/SBTDWebApi/api";
  }

  public Credentials credentials() {
    return credentials;
  }

  /** The BEID for {@code api/auth/loginadmin}. */
  public UUID beid() {
    return credentials.beid();
  }

  /** The web services key for {@code api/auth/loginadmin}. */
  public UUID webServicesKey() {
    return credentials.webServicesKey();
  }

  /** The user name for {@code api/auth/login}. */
  public String username() {
    return credentials.username();
  }

  /** The password for {@code api/auth/login}. */
  public String password() {
    return credentials.password();
  }

  /**
   * A valid bearer token for the user account, issued without an API call (and so not counted or
   * rate-limited); its lifetime follows {@link Faults#tokenLifetimeSeconds()}.
   */
  public String issueToken() {
    long now = clock.instant().getEpochSecond();
    return jwt.issue(apiUser.userName(), now, now + faults.tokenLifetimeSeconds());
  }

  public SiteIds ids() {
    return ids;
  }

  public int ticketAppId() {
    return ids.ticketAppId();
  }

  public int assetAppId() {
    return ids.assetAppId();
  }

  public int reportId() {
    return ids.reportId();
  }

  /** The Guid of the user account (the author of its comments). */
  public UUID apiUserUid() {
    return apiUser.uid();
  }

  // ---- inspection and control

  /** Ground truth of every generated ticket, in generation order. */
  public List<TicketTruth> truth() {
    return store.read(() -> List.copyOf(store.truth().values()));
  }

  /** Ground truth of one ticket, or null when it was not generated. */
  public TicketTruth truth(int ticketId) {
    return store.read(() -> store.truth().get(ticketId));
  }

  /**
   * The assets a generated ticket was linked to when it was generated (before any client touched
   * it), ascending; empty for a ticket that was not generated or had none.
   */
  public List<Integer> initialAssetIds(int ticketId) {
    return store.read(() -> store.initialAssets(ticketId).stream().sorted().toList());
  }

  /**
   * The lab CIs (configuration items of the lab type, not backed by an asset) linked to a ticket,
   * in link order; empty when it has none.
   */
  public List<Integer> labCiIds(int ticketId) {
    return store.read(() -> List.copyOf(store.standaloneCisOf(ticketId)));
  }

  /**
   * Ground truth of the lab table of {@code find_active_tickets} for a ticket: the tickets in an
   * active status linked to the ticket's first lab CI, other than the ticket itself, newest first;
   * empty when the ticket has no lab.
   */
  public List<Integer> activeLabTickets(int ticketId) {
    return store.read(
        () -> {
          List<Integer> labs = store.standaloneCisOf(ticketId);
          if (labs.isEmpty()) {
            return List.of();
          }
          return store.ticketsOfStandaloneCi(labs.get(0)).stream()
              .filter(id -> id != ticketId)
              .filter(id -> ids.activeTicketStatusIds().contains(store.ticket(id).statusId()))
              .sorted(java.util.Comparator.reverseOrder())
              .toList();
        });
  }

  /** The clock of tokens, rate-limit windows, modification dates and outages. */
  Clock clock() {
    return clock;
  }

  /** A snapshot of one ticket, or null when there is no such ticket. */
  public TicketState state(int ticketId) {
    return store.read(
        () -> {
          Ticket t = store.ticket(ticketId);
          return t == null ? null : snapshot(t);
        });
  }

  /** Snapshots of every ticket. */
  public List<TicketState> states() {
    return store.read(
        () -> {
          List<TicketState> out = new ArrayList<>();
          for (Ticket t : store.tickets()) {
            out.add(snapshot(t));
          }
          return out;
        });
  }

  private TicketState snapshot(Ticket t) {
    List<TicketState.FeedEntry> feed = new ArrayList<>();
    for (FeedEntry e : t.feed()) {
      feed.add(
          new TicketState.FeedEntry(
              e.id(),
              e.body(),
              e.author().fullName(),
              e.author().uid(),
              e.isPrivate(),
              e.updateType(),
              e.createdDate(),
              e.replies().size()));
    }
    Catalog.TicketStatus st = store.catalog().status(t.statusId());
    return new TicketState(
        t.id(),
        t.title(),
        t.statusId(),
        st == null ? null : st.name(),
        t.responsibleGroupId(),
        t.responsibleUid(),
        t.assetIds(),
        feed,
        t.modifiedDate(),
        t.priorityId(),
        t.impactId(),
        t.urgencyId(),
        t.attributes());
  }

  /**
   * The ticket's requestor writes in its feed, as a person answering by e-mail would: a reply to
   * the feed entry {@code entryId}, or, when it is 0 (or the ticket has no such entry), a new
   * public comment. Bumps the entry's {@code LastUpdatedDate} and the ticket's {@code
   * ModifiedDate}.
   *
   * @return the ID of the new reply or entry
   * @throws IllegalArgumentException when there is no such ticket or it has no requestor
   */
  public int requestorWrites(int ticketId, int entryId, String text) {
    return store.write(
        () -> {
          Ticket t = store.ticket(ticketId);
          if (t == null || t.requestorUid() == null) {
            throw new IllegalArgumentException(
                "no ticket " + ticketId + " with a requestor in the sandbox");
          }
          org.tqd.sandbox.internal.data.Person p = store.person(t.requestorUid());
          if (p == null) {
            throw new IllegalArgumentException(
                "the requestor of ticket " + ticketId + " is not a known person");
          }
          org.tqd.sandbox.internal.data.Author author = org.tqd.sandbox.internal.data.Author.of(p);
          Instant now = clock.instant();
          t.touch(p.uid(), now);
          for (FeedEntry e : t.feed()) {
            if (entryId != 0 && e.id() == entryId) {
              int id = store.newReplyId();
              e.addReply(new org.tqd.sandbox.internal.data.Reply(id, author, now, text, false));
              return id;
            }
          }
          int id = store.newFeedId();
          t.feed()
              .add(
                  new FeedEntry(
                      id,
                      ticketId,
                      author,
                      now,
                      text,
                      FeedEntry.COMMENT,
                      false,
                      false,
                      false,
                      null));
          return id;
        });
  }

  /** API calls per method template (e.g. {@code GET tickets/{id}}) since start or reset. */
  public Map<String, Long> calls() {
    return calls.snapshot();
  }

  /** Total API calls since start or reset. */
  public long totalCalls() {
    return calls.snapshot().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Forgets the call counts. */
  public void resetCalls() {
    calls.reset();
  }

  /** The live fault settings. */
  public Faults faults() {
    return faults;
  }

  /** The rate-limit settings in force. */
  public RateLimits rateLimits() {
    return limiter.settings();
  }

  /** Replaces the rate-limit settings and forgets every open window. */
  public void rateLimits(RateLimits settings) {
    limiter.settings(Objects.requireNonNull(settings, "settings"));
    limiter.reset();
  }

  /** Generates {@code count} more tickets, appends them to the report and returns their IDs. */
  public List<Integer> addTickets(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    return store.write(
        () -> {
          List<Integer> added = new ArrayList<>();
          java.util.Set<Integer> existing = new java.util.HashSet<>();
          store.tickets().forEach(t -> existing.add(t.id()));
          generator.tickets(count, true).forEach(t -> added.add(t.ticketId()));
          // Tickets that appear now are modified now, as TDX dates them: a client that syncs by
          // ModifiedDate (ModifiedDateFrom) finds them. Their history stays as generated.
          Instant now = clock.instant();
          for (Ticket t : List.copyOf(store.tickets())) {
            if (!existing.contains(t.id())) {
              t.touch(t.modifiedUid(), now);
            }
          }
          store.report(ids.reportId()).ticketIds().addAll(added);
          return added;
        });
  }

  /** The tickets the queue report lists. */
  public List<Integer> reportTickets() {
    return store.read(() -> List.copyOf(store.report(ids.reportId()).ticketIds()));
  }

  /** Sets the tickets the queue report lists; unknown IDs are rejected. */
  public void reportTickets(List<Integer> ticketIds) {
    store.write(
        () -> {
          for (int id : ticketIds) {
            if (store.ticket(id) == null) {
              throw new IllegalArgumentException("no ticket " + id + " in the sandbox");
            }
          }
          List<Integer> list = store.report(ids.reportId()).ticketIds();
          list.clear();
          list.addAll(ticketIds);
          return null;
        });
  }

  private static UUID uuid(Random r) {
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Options of a sandbox. Every setter returns the builder. */
  public static final class Builder {
    private int tickets = 20;
    private long seed = 1;
    private String host = "127.0.0.1";
    private int port;
    private SiteIds ids = SiteIds.defaults();
    private RateLimits rateLimits = RateLimits.documented();
    private Clock clock = Clock.systemUTC();
    private Instant epoch = Instant.parse("2026-03-02T00:00:00Z");
    private int reportMaxResults = 10_000;
    private final Faults faults = new Faults();

    private Builder() {}

    /** How many tickets to generate into the queue report. Default 20. */
    public Builder tickets(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("tickets must not be negative, got " + count);
      }
      this.tickets = count;
      return this;
    }

    /** Seed of the generator, the credentials and the token key. Default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Address to listen on. Default 127.0.0.1. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The site's IDs. Default {@link SiteIds#defaults()}. */
    public Builder ids(SiteIds ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /** Rate limiting. Default {@link RateLimits#documented()}. */
    public Builder rateLimits(RateLimits limits) {
      this.rateLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Clock for tokens, rate-limit windows and modification dates. Default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The instant generated data is dated relative to (tickets are created in the 30 days before
     * it). Fixed by default (2026-03-02T00:00:00Z) so the same seed gives the same data.
     */
    public Builder epoch(Instant epoch) {
      this.epoch = Objects.requireNonNull(epoch, "epoch");
      return this;
    }

    /** The report's MaxResults (the most rows it returns). Default 10000. */
    public Builder reportMaxResults(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("reportMaxResults must be positive, got " + max);
      }
      this.reportMaxResults = max;
      return this;
    }

    /** Adjusts the initial faults. */
    public Builder faults(Consumer<Faults> settings) {
      settings.accept(faults);
      return this;
    }

    /** Generates the data and prepares the server; call {@link TdxSandbox#start()} to serve. */
    public TdxSandbox build() {
      return new TdxSandbox(this);
    }
  }
}
