/**
 * The local index of TDX's active tickets and their computers ({@link
 * org.tqd.activities.tickets.SyncedTicketIndex}), synced once per poll, which {@code
 * find_active_tickets} reads instead of searching TDX for every ticket.
 */
package org.tqd.activities.tickets;
