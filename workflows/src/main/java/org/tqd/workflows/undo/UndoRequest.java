package org.tqd.workflows.undo;

/**
 * What to undo.
 *
 * @param ticketId the TDX ticket
 * @param actionId the one action to undo, or null for all of the ticket's actions
 * @param auditId the audit row of the undo (0 when none)
 * @param actor who asked, for the withdrawal notes
 * @param reason why, for the withdrawal notes
 */
public record UndoRequest(
    int ticketId, String actionId, long auditId, String actor, String reason) {}
