package org.tqd.sandbox.internal.http;

import org.tqd.sandbox.internal.data.Person;

/**
 * The authenticated caller.
 *
 * @param uniqueName the token's {@code unique_name}
 * @param person the user record the token belongs to
 * @param notBefore the token's {@code nbf} (epoch seconds)
 * @param expires the token's {@code exp} (epoch seconds)
 */
public record Principal(String uniqueName, Person person, long notBefore, long expires) {}
