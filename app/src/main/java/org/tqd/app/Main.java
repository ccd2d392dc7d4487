package org.tqd.app;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import org.tqd.app.commands.CancelCommand;
import org.tqd.app.commands.CheckCommand;
import org.tqd.app.commands.CodecCommand;
import org.tqd.app.commands.ConsoleCommand;
import org.tqd.app.commands.DemoCommand;
import org.tqd.app.commands.LedgerCommand;
import org.tqd.app.commands.ManCommand;
import org.tqd.app.commands.PauseCommand;
import org.tqd.app.commands.PipelineCommand;
import org.tqd.app.commands.ResumeCommand;
import org.tqd.app.commands.RetryCommand;
import org.tqd.app.commands.RunCommand;
import org.tqd.app.commands.StatusCommand;
import org.tqd.app.commands.UndoCommand;
import org.tqd.app.commands.WorkerCommand;
import org.tqd.sandbox.SandboxMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tqd} command line. */
@Command(
    name = "tqd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Automates TeamDynamix ticket queues on Temporal.",
    subcommands = {
      RunCommand.class,
      WorkerCommand.class,
      SandboxMain.class,
      DemoCommand.class,
      PipelineCommand.class,
      LedgerCommand.class,
      RetryCommand.class,
      CancelCommand.class,
      UndoCommand.class,
      StatusCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      CheckCommand.class,
      ConsoleCommand.class,
      CodecCommand.class,
      ManCommand.class,
      picocli.AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    },
    footer = ExitCodes.HELP_FOOTER)
public final class Main implements Runnable {

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit status (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(Main::exitCodeOf);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          report(e, commandLine.getErr());
          return exitCodeOf(e);
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("tqd: " + e.getMessage());
          if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, w);
          }
          w.println(
              "Run '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }

  static int exitCodeOf(Throwable e) {
    if (e instanceof UserError user) {
      return user.exitCode();
    }
    if (e instanceof CommandLine.ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.RUNTIME_FAILURE;
  }

  private static void report(Throwable e, PrintWriter err) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("tqd: " + message);
    boolean debug;
    try {
      debug = Logging.debug();
    } catch (RuntimeException ignored) {
      debug = false;
    }
    if (debug || !(e instanceof UserError)) {
      if (debug) {
        e.printStackTrace(err);
      } else {
        err.println("(run with --log-level DEBUG for details)");
      }
    }
    LoggerFactory.getLogger(Main.class).debug("command failed", e);
  }

  /**
   * The version: the jar manifest's {@code Implementation-Version}, else the Maven project version
   * the build wrote into {@code version.properties}.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tqd " + version()};
    }
  }

  /** The project version this build was made from. */
  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    if (v != null && !v.isBlank()) {
      return v;
    }
    try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String fromBuild = p.getProperty("version");
        if (fromBuild != null && !fromBuild.isBlank() && !fromBuild.startsWith("${")) {
          return fromBuild.strip();
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return "development build";
  }
}
