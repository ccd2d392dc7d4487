/**
 * The action ledger: tqd's permanent record of every action executed on every ticket, in
 * PostgreSQL.
 *
 * <p>The table is the Python daemon's {@code meta.daemon_action_log}, adopted as it is and extended
 * with nullable columns (migrations in {@code db/migration/ledger}). {@link
 * org.tqd.activities.ledger.ActionLedger} claims, completes and reports actions; {@link
 * org.tqd.activities.ledger.AssetIndex} keeps a local copy of TDX computer assets, {@link
 * org.tqd.activities.ledger.TicketIndex} one of TDX's active tickets and their computers; {@link
 * org.tqd.activities.ledger.Database} connects from {@code DATABASE_URL}; {@link
 * org.tqd.activities.ledger.EmbeddedLedgerDatabase} runs a local PostgreSQL when none is
 * configured. Every database failure surfaces as {@link
 * org.tqd.activities.ledger.LedgerUnavailableException}: the ledger never fails open.
 */
package org.tqd.activities.ledger;
