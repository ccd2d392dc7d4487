package org.tqd.app;

/** The exit statuses of every {@code tqd} command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A failure at run time: TDX, Temporal or the database failed, or an action failed. */
  public static final int RUNTIME_FAILURE = 1;

  /** Bad usage or configuration: unknown flag, missing setting, invalid pipeline.yaml. */
  public static final int USAGE = 2;

  /** The footer every command's {@code --help} shows. */
  public static final String HELP_FOOTER =
      "%nExit status: 0 success, 1 failure at run time, 2 bad usage or configuration.";

  private ExitCodes() {}
}
