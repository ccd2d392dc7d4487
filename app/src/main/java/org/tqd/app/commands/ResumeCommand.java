package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd resume [--pipeline NAME]}: lifts a pause. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Lift a pause made with 'tqd pause': the next poll starts workflows and writes again.",
      "Without --pipeline it lifts the pause of every pipeline; a pipeline paused by name stays"
          + " paused until resumed by name."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class ResumeCommand implements Callable<Integer> {

  @Option(
      names = "--pipeline",
      paramLabel = "NAME",
      description = "Resume only this pipeline. Default: lift the pause of every pipeline.")
  String pipeline;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept with the record).")
  String reason;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    logging.apply();
    String name = PauseCommand.pipelineName(pipeline);
    PrintWriter out = spec.commandLine().getOut();
    try (Services services = new Services(Settings.load())) {
      PauseSwitch pauses = services.pauseSwitch();
      boolean was =
          pauses.list().stream()
              .anyMatch(p -> p.scope().equals(name == null ? PauseSwitch.GLOBAL : name));
      CliAudit audit = CliAudit.begin(services, "resume", null, name, Map.of(), reason, false);
      try {
        pauses.resume(name, PauseCommand.actor(), reason);
      } catch (RuntimeException e) {
        audit.failed(e.getMessage());
        throw e;
      }
      audit.completed(Map.of("paused", false, "was_paused", was));
      out.printf(
          was ? "Resumed %s.%n" : "%s was not paused; nothing changed.%n",
          was ? PauseCommand.scope(name) : capitalize(PauseCommand.scope(name)));
      PauseCommand.print(out, pauses.list());
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
