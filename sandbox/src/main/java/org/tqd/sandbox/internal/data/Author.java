package org.tqd.sandbox.internal.data;

import java.util.UUID;

/**
 * The author of a feed entry or reply, as TDX denormalises it onto the entry.
 *
 * @param uid the author's Guid (all zeros for the system)
 * @param referenceId the author's reference ID (0 for the system)
 * @param firstName first name
 * @param lastName last name
 * @param fullName display name ("System" for system entries)
 */
public record Author(
    UUID uid, int referenceId, String firstName, String lastName, String fullName) {

  /** The author TDX shows on entries it writes itself. */
  public static final Author SYSTEM = new Author(new UUID(0, 0), 0, null, null, "System");

  /** The author record of a person. */
  public static Author of(Person p) {
    return new Author(p.uid(), p.referenceId(), p.firstName(), p.lastName(), p.fullName());
  }

  /** Whether TDX wrote this entry itself. */
  public boolean isSystem() {
    return this.equals(SYSTEM);
  }
}
