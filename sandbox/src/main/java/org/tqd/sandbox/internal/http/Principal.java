package org.tqd.sandbox.internal.http;

import org.tqd.sandbox.internal.data.Person;

/**
 * The authenticated caller.
 *
 * @param uniqueName the token's {@code unique_name}
 * @param person the user record the token belongs to
 */
public record Principal(String uniqueName, Person person) {}
