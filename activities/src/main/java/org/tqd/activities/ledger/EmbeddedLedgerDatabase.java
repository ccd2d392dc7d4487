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
 * embedded PostgreSQL 15 with a persistent data directory, so the ledger survives restarts.
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

  private static final String LOCK_FILE = "epg-lock";

  /** How long a stop waits for the server process to exit. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  // Directories this JVM runs a server on. Checked before the file lock, because closing a file
  // channel releases every lock the process holds on that file, including zonky's.
  private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final boolean created;
  private final Duration startupTime;

  private EmbeddedLedgerDatabase(
      EmbeddedPostgres postgres, Path dataDirectory, boolean created, Duration startupTime) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.created = created;
    this.startupTime = startupTime;
  }

  /** {@code ~/.tqd/postgres}: where the data lives unless configured otherwise. */
  public static Path defaultDataDirectory() {
    return Path.of(System.getProperty("user.home"), ".tqd", "postgres");
  }

  /** Starts in {@link #defaultDataDirectory()} on a free loopback port. */
  public static EmbeddedLedgerDatabase start() {
    return start(defaultDataDirectory(), 0);
  }

  /**
   * Starts PostgreSQL on the data directory, creating the cluster there if there is none.
   *
   * @param port the loopback port to listen on; 0 picks a free one
   * @throws IllegalStateException if the directory is used by another process or the server does
   *     not start; the message says what to do
   */
  public static EmbeddedLedgerDatabase start(Path dataDirectory, int port) {
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
      return startIn(dir, port, t0);
    } catch (RuntimeException e) {
      RUNNING.remove(dir);
      throw e;
    }
  }

  private static EmbeddedLedgerDatabase startIn(Path dir, int port, long t0) {
    boolean created = !Files.exists(dir.resolve("postgresql.conf"));
    // A directory without a cluster cannot be in use, and initdb wants it empty: no lock file yet.
    if (!created) {
      ensureNotInUse(dir);
      stopOrphanedServer(dir);
    }
    EmbeddedPostgres postgres;
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(port)
              // The ledger is the record of what was written to TDX: commits must be durable.
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("max_connections", "100")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
    } catch (IOException | RuntimeException e) {
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
        created ? "created" : "started",
        dir,
        postgres.getPort(),
        took.toMillis());
    return new EmbeddedLedgerDatabase(postgres, dir, created, took);
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
    try {
      process.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "A PostgreSQL (pid "
              + pid
              + ") left running in "
              + dir
              + " did not stop within 30 s; stop it, then start tqd again",
          e);
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
          try {
            p.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
          } catch (Exception e) {
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
