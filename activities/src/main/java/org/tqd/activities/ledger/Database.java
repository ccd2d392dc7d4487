package org.tqd.activities.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small connection pool to the ledger's PostgreSQL, and the {@link Jdbi} on top of it.
 *
 * <p>{@link #connect} fails fast: it opens one connection before returning, within the configured
 * connect timeout, and throws {@link LedgerUnavailableException} naming the (redacted) URL and the
 * driver's reason when it cannot. Closing it closes the pool.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DatabaseUrl url;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(DatabaseUrl url, HikariDataSource dataSource) {
    this.url = url;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.registerArrayType(Integer.class, "integer");
    jdbi.registerArrayType(String.class, "text");
  }

  /** Connects with {@link DatabaseOptions#defaults()}. */
  public static Database connect(DatabaseUrl url) {
    return connect(url, DatabaseOptions.defaults());
  }

  /**
   * Opens the pool and checks that the database answers.
   *
   * @throws LedgerUnavailableException if no connection can be opened within the connect timeout
   */
  public static Database connect(DatabaseUrl url, DatabaseOptions options) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    long connectMillis = options.connectTimeout().toMillis();
    int connectSeconds = (int) Math.max(1, options.connectTimeout().toSeconds());

    HikariConfig config = new HikariConfig();
    config.setPoolName("tqd-ledger");
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(options.maximumPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(connectMillis);
    config.setValidationTimeout(Math.max(250, connectMillis / 2));
    // Try once at start-up and fail at once: an unreachable ledger is a configuration problem to
    // report, not something to wait out.
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty(
        "socketTimeout", String.valueOf(options.socketTimeout().toSeconds()));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    if (!url.parameters().containsKey("ApplicationName")) {
      config.addDataSourceProperty("ApplicationName", options.applicationName());
    }
    url.secretParameters().forEach(config::addDataSourceProperty);

    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new LedgerUnavailableException(
          "Could not connect to the ledger database at "
              + url.redacted()
              + " ("
              + LedgerUnavailableException.rootMessage(e)
              + "). Check DATABASE_URL and that PostgreSQL is running and reachable.",
          e);
    }
    log.info("Connected to the ledger database at {}", url.redacted());
    return new Database(url, dataSource);
  }

  /**
   * Applies the ledger's pending migrations ({@link LedgerMigrations}).
   *
   * @return how many were applied
   */
  public int migrate() {
    int applied = LedgerMigrations.migrate(dataSource);
    if (applied > 0) {
      log.info("Applied {} ledger migration(s) to {}", applied, url.redacted());
    }
    return applied;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DatabaseUrl url() {
    return url;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public String toString() {
    return "Database[" + url.redacted() + "]";
  }
}
