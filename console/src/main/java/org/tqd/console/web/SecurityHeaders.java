package org.tqd.console.web;

import io.javalin.http.Context;

/**
 * The headers every console response carries: a content security policy that allows only the
 * console's own scripts, styles and connections (no inline script, no framing), no caching of
 * anything but the page's static assets, no MIME sniffing, and no referrer (a sign-in callback's
 * URL carries a one-time code).
 */
public final class SecurityHeaders {

  /** The console's content security policy. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** Sets the headers on a response (before its handler runs, so errors carry them too). */
  public static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    if (ctx.path().startsWith(OperatorPage.ASSETS)) {
      // public, versioned with the jar: revalidated on each load, never holding personal data
      ctx.header("Cache-Control", "no-cache");
    } else {
      ctx.header("Cache-Control", "no-store");
      ctx.header("Pragma", "no-cache");
    }
    if ("https".equalsIgnoreCase(ctx.scheme())) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
