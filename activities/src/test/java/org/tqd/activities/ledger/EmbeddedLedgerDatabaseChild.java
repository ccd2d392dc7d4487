package org.tqd.activities.ledger;

import java.nio.file.Path;

/**
 * Starts an embedded ledger database, records one action and waits to be killed; for
 * EmbeddedLedgerDatabaseTest.
 */
public final class EmbeddedLedgerDatabaseChild {

  private EmbeddedLedgerDatabaseChild() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedLedgerDatabase embedded = EmbeddedLedgerDatabase.start(Path.of(args[0]), 0);
    Database db = Database.connect(embedded.databaseUrl());
    db.migrate();
    new ActionLedger(db.jdbi())
        .complete(
            11, "comment:054200481667:v1", ActionStatus.COMPLETED, "written before kill", null);
    System.out.println("READY " + embedded.port());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
