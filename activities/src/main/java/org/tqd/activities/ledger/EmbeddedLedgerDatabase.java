package org.tqd.activities.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL run by tqd itself, for when no {@code DATABASE_URL} is set (DESIGN §3.7): zonky's
 * embedded PostgreSQL {@value #MAJOR_VERSION} (the major version docker-compose.yml runs) with a
 * persistent data directory, so the ledger survives restarts.
 *
 * <p>A data directory belongs to one PostgreSQL major version. One written by another major version
 * (tqd's earlier embedded PostgreSQL 15) is never started, which would fail at every start and
 * leave a service restarting: {@link #start} refuses it with {@link IncompatibleDataException},
 * saying how to carry the ledger over. The default directory carries the major version in its name
 * ({@code ~/.tqd/postgres-16}), and the earlier default ({@code ~/.tqd/postgres}) is looked at so
 * that an existing ledger is never replaced by an empty one without the operator knowing.
 *
 * <p>The first start in a directory creates the cluster ({@code initdb}); later starts reuse it. A
 * server left running by a process that was killed (its JVM gone, so its lock on the directory
 * released) is stopped first. Two processes cannot use one directory at once: the second fails with
 * a message saying so. The server listens on loopback only, trusts local connections (user {@code
 * postgres}, no password) and keeps its data in database {@code tqd}. {@link #close()} stops it; so
 * does JVM shutdown.
 */
public final class EmbeddedLedgerDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedLedgerDatabase.class);

  /** The database tqd keeps its tables in. */
  public static final String DATABASE = "tqd";

  /** The PostgreSQL major version of the bundled binaries (pom.xml's binaries BOM). */
  public static final int MAJOR_VERSION = 16;

  private static final String LOCK_FILE = "epg-lock";

  /** How long a server on a cluster copied from the template gets to answer. */
  private static final Duration COPY_STARTUP_WAIT = Duration.ofSeconds(20);

  /** How long a stop waits for the server process to exit. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  // Directories this JVM runs a server on. Checked before the file lock, because closing a file
  // channel releases every lock the process holds on that file, including zonky's.
  private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final boolean created;
  private final boolean fromTemplate;
  private final Duration startupTime;

  private EmbeddedLedgerDatabase(
      EmbeddedPostgres postgres,
      Path dataDirectory,
      boolean created,
      boolean fromTemplate,
      Duration startupTime) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.created = created;
    this.fromTemplate = fromTemplate;
    this.startupTime = startupTime;
  }

  /**
   * {@code $HOME/.tqd/postgres-16}: where the data lives unless configured otherwise. {@code HOME}
   * is the process environment's, as for every other program; Java's {@code user.home} (read from
   * the user database, and {@code ?} for a container user without an entry) only when {@code HOME}
   * is unset.
   */
  public static Path defaultDataDirectory(String home) {
    return tqdDirectory(home).resolve("postgres-" + MAJOR_VERSION);
  }

  /** {@link #defaultDataDirectory(String)} with this process's {@code HOME}. */
  public static Path defaultDataDirectory() {
    return defaultDataDirectory(System.getenv("HOME"));
  }

  /** The default data directory of tqd versions before 16, which ran PostgreSQL 15 there. */
  public static Path legacyDataDirectory(String home) {
    return tqdDirectory(home).resolve("postgres");
  }

  private static Path tqdDirectory(String home) {
    String h = home == null || home.isBlank() ? System.getProperty("user.home") : home.trim();
    return Path.of(h, ".tqd");
  }

  /**
   * The major version that wrote the cluster in {@code dir} (its {@code PG_VERSION} file), or null
   * when the directory holds no cluster.
   */
  public static Integer clusterMajorVersion(Path dir) {
    Path file = dir.resolve("PG_VERSION");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String v = Files.readString(file).trim();
      int dot = v.indexOf('.');
      return Integer.valueOf(dot < 0 ? v : v.substring(0, dot));
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * Refuses, before anything starts, a data directory written by another PostgreSQL major version,
   * and a fresh default directory while the earlier default still holds a ledger.
   *
   * @param dir the directory about to be used
   * @param legacy the earlier default directory to look at, or null when {@code dir} was configured
   * @throws IncompatibleDataException saying how to carry the ledger over or start afresh
   */
  public static void checkDataDirectory(Path dir, Path legacy) {
    Integer major = clusterMajorVersion(dir);
    if (major != null && major != MAJOR_VERSION) {
      throw new IncompatibleDataException(
          "The embedded PostgreSQL data directory "
              + dir
              + " was written by PostgreSQL "
              + major
              + "; this tqd runs PostgreSQL "
              + MAJOR_VERSION
              + ", which cannot open it. "
              + howToMove(dir, major));
    }
    if (major == null && legacy != null) {
      Integer old = clusterMajorVersion(legacy);
      if (old != null && old != MAJOR_VERSION) {
        throw new IncompatibleDataException(
            "An embedded PostgreSQL "
                + old
                + " ledger is in "
                + legacy
                + " (the default of earlier tqd versions); this tqd runs PostgreSQL "
                + MAJOR_VERSION
                + " in "
                + dir
                + " and will not start an empty ledger beside it, because the ledger is what keeps"
                + " actions from running twice. "
                + howToMove(legacy, old)
                + " To start an empty ledger anyway, move "
                + legacy
                + " aside (e.g. to "
                + legacy.resolveSibling(legacy.getFileName() + "-" + old)
                + ").");
      }
    }
  }

  private static String howToMove(Path dir, int major) {
    return "To keep the ledger, dump it with the earlier tqd version running its embedded"
        + " database (pg_dump -h localhost -p 54329 -U postgres -Fc tqd > ledger.dump), then"
        + " restore it into this one (pg_restore -h localhost -p 54329 -U postgres -d tqd"
        + " ledger.dump); or set TQD_EMBEDDED_PG_DIR to a new directory, or DATABASE_URL to a"
        + " PostgreSQL server. "
        + dir
        + " itself is left as it is (PostgreSQL "
        + major
        + ").";
  }

  /** The data directory was written by another PostgreSQL major version. */
  public static final class IncompatibleDataException extends IllegalStateException {
    IncompatibleDataException(String message) {
      super(message);
    }
  }

  /**
   * Starts PostgreSQL on the data directory, creating the cluster there if there is none.
   *
   * @param port the loopback port to listen on; 0 picks a free one
   * @throws IllegalStateException if the directory is used by another process or the server does
   *     not start; the message says what to do
   */
  public static EmbeddedLedgerDatabase start(Path dataDirectory, int port) {
    return start(
        dataDirectory,
        port,
        ClusterTemplate.forUser(tqdDirectory(System.getenv("HOME")), MAJOR_VERSION));
  }

  /** {@link #start(Path, int)}, a new cluster copied from {@code template} when it has one. */
  static EmbeddedLedgerDatabase start(Path dataDirectory, int port, ClusterTemplate template) {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not create the embedded PostgreSQL data directory "
              + dir
              + " ("
              + e.getMessage()
              + "); choose another one or set DATABASE_URL",
          e);
    }
    if (!RUNNING.add(dir)) {
      throw inUse(dir);
    }
    try {
      return startIn(dir, port, t0, template);
    } catch (RuntimeException e) {
      RUNNING.remove(dir);
      throw e;
    }
  }

  private static EmbeddedLedgerDatabase startIn(
      Path dir, int port, long t0, ClusterTemplate template) {
    checkDataDirectory(dir, null);
    boolean created = !Files.exists(dir.resolve("postgresql.conf"));
    // A directory without a cluster cannot be in use, and initdb wants it empty: no lock file yet.
    if (!created) {
      ensureNotInUse(dir);
      stopOrphanedServer(dir);
    }
    // A new cluster is copied from the machine's template when there is one (only into an empty
    // directory, which a failed copy leaves empty again); initdb's cluster becomes the template.
    boolean copied = false;
    if (created && template.available() && isEmpty(dir)) {
      try {
        template.copyInto(dir);
        copied = true;
      } catch (IOException | RuntimeException e) {
        log.debug("Could not copy the cluster template {}: {}", template.directory(), e.toString());
      }
    }
    EmbeddedPostgres postgres;
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(port)
              // The ledger is the record of what was written to TDX: commits must be durable.
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("max_connections", "100")
              // A copied cluster that does not answer soon is made again by initdb (below).
              .setPGStartupWait(copied ? COPY_STARTUP_WAIT : Duration.ofSeconds(60));
      if (created && !copied) {
        // Called after initdb, before the server first starts: the cluster as initdb left it.
        builder.setDataDirectoryCustomizer(d -> template.saveFrom(d.toPath()));
      }
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      // A port another program holds fails every cluster alike: the template is not at fault.
      if (copied && (port == 0 || portFree(port))) {
        log.warn(
            "The embedded PostgreSQL did not start on a cluster copied from the template {} ({});"
                + " creating it with initdb instead",
            template.directory(),
            LedgerUnavailableException.rootMessage(e));
        template.discard();
        try {
          stopOrphanedServer(dir);
          Files.deleteIfExists(dir.resolve(LOCK_FILE));
          try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
              ClusterTemplate.deleteTree(child);
            }
          }
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
          throw new IllegalStateException(
              "Could not start the embedded PostgreSQL in "
                  + dir
                  + " ("
                  + LedgerUnavailableException.rootMessage(e)
                  + "); remove the directory, or set DATABASE_URL to use an external PostgreSQL",
              e);
        }
        return startIn(dir, port, t0, template);
      }
      throw new IllegalStateException(
          "Could not start the embedded PostgreSQL in "
              + dir
              + " ("
              + LedgerUnavailableException.rootMessage(e)
              + "); set DATABASE_URL to use an external PostgreSQL instead",
          e);
    }
    try {
      createDatabaseIfMissing(postgres);
    } catch (SQLException e) {
      closeQuietly(postgres);
      throw new IllegalStateException(
          "The embedded PostgreSQL in "
              + dir
              + " started but could not create database "
              + DATABASE,
          e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    log.info(
        "Embedded PostgreSQL {} in {} on port {} in {} ms",
        created ? (copied ? "created (from the cluster template)" : "created") : "started",
        dir,
        postgres.getPort(),
        took.toMillis());
    return new EmbeddedLedgerDatabase(postgres, dir, created, copied, took);
  }

  private static boolean portFree(int port) {
    try {
      new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isEmpty(Path dir) {
    try (var children = Files.list(dir)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  // zonky takes this lock only after it has decided whether to run initdb; checking first keeps a
  // second process from touching a directory in use, and from stopping the server of a live one.
  private static void ensureNotInUse(Path dir) {
    try (RandomAccessFile file = new RandomAccessFile(dir.resolve(LOCK_FILE).toFile(), "rw");
        FileLock lock = file.getChannel().tryLock()) {
      if (lock == null) {
        throw inUse(dir);
      }
    } catch (OverlappingFileLockException e) {
      throw inUse(dir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not lock the embedded PostgreSQL data directory " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private static InUseException inUse(Path dir) {
    return new InUseException(
        "The embedded PostgreSQL data directory "
            + dir
            + " is in use by another tqd process; stop that process, choose another directory,"
            + " or point DATABASE_URL at the running database");
  }

  /** The data directory belongs to a server another process runs (which callers may share). */
  public static final class InUseException extends IllegalStateException {
    InUseException(String message) {
      super(message);
    }
  }

  /**
   * Stops the server a killed process left behind: nobody holds the directory lock, yet {@code
   * postmaster.pid} names a live postgres process.
   */
  private static void stopOrphanedServer(Path dir) {
    // A stale or unreadable pid file is left to postgres itself.
    Optional<ProcessHandle> process = postmaster(dir);
    if (process.isEmpty()) {
      return;
    }
    long pid = process.get().pid();
    log.warn("Stopping the PostgreSQL (pid {}) left running in {} by an earlier process", pid, dir);
    // SIGINT: a "fast" shutdown, which disconnects clients and stops cleanly. Another tqd process
    // that shared the server (a starter beside the killed worker) may still be connected; SIGTERM's
    // "smart" shutdown would wait for it for ever. It reconnects to the new server on the same
    // port.
    if (!interrupt(pid)) {
      process.get().destroy();
    }
    if (!awaitExit(process.get(), STOP_WAIT)) {
      throw new IllegalStateException(
          "A PostgreSQL (pid "
              + pid
              + ") left running in "
              + dir
              + " did not stop within 30 s; stop it, then start tqd again");
    }
  }

  /** Sends SIGINT with {@code kill}; false when that is not possible here. */
  private static boolean interrupt(long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      boolean exists;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        ps.setString(1, DATABASE);
        try (ResultSet rs = ps.executeQuery()) {
          exists = rs.next();
        }
      }
      if (!exists) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  /** {@code jdbc:postgresql://localhost:{port}/tqd?user=postgres}: for other processes too. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  /** {@link #jdbcUrl()}, parsed. */
  public DatabaseUrl databaseUrl() {
    return DatabaseUrl.parse(jdbcUrl());
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Whether this start created the cluster (a cold start) rather than reusing one. */
  public boolean created() {
    return created;
  }

  /** Whether this start created the cluster by copying the machine's template (no initdb). */
  public boolean fromTemplate() {
    return fromTemplate;
  }

  /** How long {@link #start} took. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops the server; the data stays. */
  @Override
  public void close() {
    Optional<ProcessHandle> server = postmaster(dataDirectory);
    closeQuietly(postgres);
    // zonky gives pg_ctl 5 s; on a busy machine the shutdown checkpoint can take longer, and the
    // process must not exit leaving the server behind.
    server.ifPresent(
        p -> {
          if (!awaitExit(p, STOP_WAIT)) {
            log.warn(
                "The embedded PostgreSQL (pid {}) in {} was still running {} s after it was told"
                    + " to stop; the next tqd start stops it",
                p.pid(),
                dataDirectory,
                STOP_WAIT.toSeconds());
          }
        });
    RUNNING.remove(dataDirectory);
  }

  /**
   * Waits until the process has exited, polling every 20 ms; false if it still runs after {@code
   * max}. The postmaster is not this JVM's child, so {@link ProcessHandle#onExit()} would only poll
   * every 300 ms and more, and would wait on as long as the exited process stays a zombie (where no
   * init process reaps it, in some containers): an exited process that only waits to be reaped
   * counts as exited.
   */
  static boolean awaitExit(ProcessHandle process, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!exited(process)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Whether the process has exited, reaped or not. */
  static boolean exited(ProcessHandle process) {
    return !process.isAlive() || zombie(process.pid());
  }

  /**
   * Whether /proc shows the process as exited and waiting to be reaped (Linux; false elsewhere).
   */
  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (command) S ...": the state follows the last ')', as the command may hold one.
      int end = stat.lastIndexOf(')');
      if (end < 0 || end + 2 >= stat.length()) {
        return false;
      }
      char state = stat.charAt(end + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The live postgres process named by the directory's {@code postmaster.pid}, if any. */
  private static Optional<ProcessHandle> postmaster(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "EmbeddedLedgerDatabase[" + dataDirectory + ", port " + port() + "]";
  }
}
