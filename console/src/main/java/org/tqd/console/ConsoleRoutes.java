package org.tqd.console;

import io.javalin.config.RoutesConfig;

/**
 * One group of the console's endpoints (the codec endpoint today; the operator API under {@code
 * /api/v1/} next), registered on the console's server.
 */
public interface ConsoleRoutes {

  /** Adds this group's handlers. */
  void register(RoutesConfig routes);
}
