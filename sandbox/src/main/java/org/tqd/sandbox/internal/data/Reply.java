package org.tqd.sandbox.internal.data;

import java.time.Instant;

/**
 * A reply to a feed entry.
 *
 * @param id reply ID
 * @param author who wrote it
 * @param createdDate when
 * @param body HTML or text
 * @param richHtml whether the body is HTML
 */
public record Reply(int id, Author author, Instant createdDate, String body, boolean richHtml) {}
