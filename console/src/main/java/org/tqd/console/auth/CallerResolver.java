package org.tqd.console.auth;

import io.javalin.http.Context;

/**
 * How a request proves who made it. The operator API asks this for a {@link Caller} holding a
 * permission; {@link #bearer} reads {@code Authorization: Bearer …} (console tokens, OIDC tokens).
 * Other ways (a signed-in browser session) implement this too and are tried in order with {@link
 * #firstOf}.
 */
@FunctionalInterface
public interface CallerResolver {

  /**
   * The caller, if the request may hold the permission.
   *
   * @throws AuthException 401, 403 or 429
   */
  Caller resolve(Context ctx, String permission);

  /** Bearer tokens, checked by the authenticator (failures rate-limited and logged). */
  static CallerResolver bearer(Authenticator auth) {
    return (ctx, permission) -> auth.authorize(ctx.header("Authorization"), ctx.ip(), permission);
  }

  /**
   * The first resolver that applies: {@code when} decides, from the request, whether {@code
   * resolver} is asked (e.g. "has a session cookie"); otherwise {@code fallback} is.
   */
  static CallerResolver firstOf(
      java.util.function.Predicate<Context> when,
      CallerResolver resolver,
      CallerResolver fallback) {
    return (ctx, permission) ->
        when.test(ctx) ? resolver.resolve(ctx, permission) : fallback.resolve(ctx, permission);
  }
}
