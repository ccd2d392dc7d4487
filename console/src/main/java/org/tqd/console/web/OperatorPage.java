package org.tqd.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.tqd.console.ApiErrors;
import org.tqd.console.ConsoleRoutes;

/**
 * The operator page at {@code /}: plain HTML, CSS and JavaScript shipped in the jar (no build step,
 * no external request at run time). The page reads the session at {@code /auth/session} and
 * everything else from the operator API under {@code /api/v1/}; it is served to anyone, since it
 * holds no data of its own.
 */
public final class OperatorPage implements ConsoleRoutes {

  /** Where the page's scripts and styles are served. */
  public static final String ASSETS = "/assets/";

  private static final String ROOT = "org/tqd/console/page/";

  private record Asset(byte[] body, String contentType) {}

  private final Asset index;
  private final Map<String, Asset> assets;

  public OperatorPage() {
    index = load("index.html", "text/html; charset=utf-8");
    assets =
        Map.of(
            "app.js", load("app.js", "text/javascript; charset=utf-8"),
            "app.css", load("app.css", "text/css; charset=utf-8"));
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/", ctx -> send(ctx, index));
    routes.get(
        ASSETS + "{file}",
        ctx -> {
          Asset a = assets.get(ctx.pathParam("file"));
          if (a == null) {
            ApiErrors.write(ctx, 404, "NOT_FOUND", "no such asset: " + ctx.path());
          } else {
            send(ctx, a);
          }
        });
  }

  private static void send(Context ctx, Asset a) {
    ctx.contentType(a.contentType());
    ctx.result(a.body());
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = OperatorPage.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("the console jar lacks " + ROOT + name);
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
