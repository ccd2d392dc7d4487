package org.tqd.activities.ledger;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the ledger schema up to date with Flyway.
 *
 * <p>Migrations live in {@code classpath:db/migration/ledger}; Flyway's history is {@code
 * meta.tqd_schema_history}, apart from any history table the Python daemon's deployment keeps. A
 * database whose {@code meta} schema already holds objects (the daemon's table and views, or
 * anything else) is adopted: Flyway records a baseline at version 0 and then runs every migration,
 * each of which is written to leave existing objects and rows as they are. Running it again is a
 * no-op.
 */
public final class LedgerMigrations {

  /** Where the migrations are. */
  public static final String LOCATION = "classpath:db/migration/ledger";

  /** Flyway's history table, in schema {@code meta}. */
  public static final String HISTORY_TABLE = "tqd_schema_history";

  private LedgerMigrations() {}

  /**
   * Applies the pending migrations.
   *
   * @return how many migrations were applied (0 when the schema was up to date)
   * @throws LedgerUnavailableException if the database cannot be reached or a migration fails
   */
  public static int migrate(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure(LedgerMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .schemas("meta")
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            // Version 0, not 1: V1 must still run on an adopted schema, to add whatever of the
            // daemon's objects is missing (it creates only what does not exist yet).
            .baselineVersion("0")
            .baselineDescription("existing meta schema adopted")
            .validateMigrationNaming(true)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new LedgerUnavailableException(
          "The ledger schema could not be brought up to date ("
              + LedgerUnavailableException.rootMessage(e)
              + "); nothing was written to TDX",
          e);
    }
  }
}
