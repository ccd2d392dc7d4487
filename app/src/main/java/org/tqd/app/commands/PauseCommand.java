package org.tqd.app.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.activities.ledger.PauseSwitch;
import org.tqd.activities.ledger.PauseSwitch.PauseState;
import org.tqd.app.CliAudit;
import org.tqd.app.ExitCodes;
import org.tqd.app.Services;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.workflows.pipeline.PipelineConfigException;
import org.tqd.workflows.pipeline.PipelineFile;
import org.tqd.workflows.pipeline.PipelineLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd pause [--pipeline NAME] [--reason TEXT]}: the kill switch. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Stop automation now: starters start no new ticket workflows and workers make no new TDX"
          + " writes, for one pipeline or for all of them, within one poll. Writes already under"
          + " way finish; held actions run after 'tqd resume'.",
      "Kept in the ledger database (DATABASE_URL), so every starter and worker sharing it obeys."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class PauseCommand implements Callable<Integer> {

  @Option(
      names = "--pipeline",
      paramLabel = "NAME",
      description = "Pause only this pipeline (its 'name:' in a pipelines: file). Default: all.")
  String pipeline;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown by --list).")
  String reason;

  @Option(names = "--list", description = "Only list what is paused; change nothing.")
  boolean list;

  @Mixin LoggingOptions logging;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    logging.apply();
    String name = pipelineName(pipeline);
    if (list && (name != null || reason != null)) {
      throw UserError.config("--list takes neither --pipeline nor --reason; run it alone");
    }
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = Settings.load();
    try (Services services = new Services(settings)) {
      PauseSwitch pauses = services.pauseSwitch();
      if (!list) {
        CliAudit audit = CliAudit.begin(services, "pause", null, name, Map.of(), reason, false);
        try {
          pauses.pause(name, actor(), reason);
        } catch (RuntimeException e) {
          audit.failed(e.getMessage());
          throw e;
        }
        audit.completed(Map.of("paused", true, "scope", name == null ? "global" : "pipeline"));
        out.printf("Paused %s.%n", scope(name));
        warnIfUnknown(settings, name, spec.commandLine().getErr());
      }
      print(out, pauses.list());
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The user running the command, as recorded with a pause or resume. */
  static String actor() {
    String user = System.getProperty("user.name");
    return "cli:" + (user == null || user.isBlank() ? "unknown" : user);
  }

  /** Checks a {@code --pipeline NAME}: null stays null (every pipeline). */
  static String pipelineName(String name) {
    if (name == null) {
      return null;
    }
    if (name.isBlank() || name.equals(PauseSwitch.GLOBAL)) {
      throw UserError.config(
          "--pipeline needs a pipeline's name, got '"
              + name
              + "'; leave --pipeline out to pause or resume every pipeline");
    }
    return name;
  }

  /**
   * A pause of a name that the pipeline file of this machine ({@code TQD_PIPELINE}) does not have
   * holds nothing there: most likely a typo, so say so (the pause is kept: starters elsewhere may
   * read another file).
   */
  static void warnIfUnknown(Settings settings, String name, PrintWriter err) {
    String path = settings.get("TQD_PIPELINE");
    if (name == null || path == null) {
      return;
    }
    try {
      PipelineFile file = PipelineLoader.loadFile(java.nio.file.Path.of(path));
      if (file.named(name).isEmpty()) {
        err.printf(
            "tqd: warning: %s (TQD_PIPELINE) has no pipeline named '%s'%s; the pause holds only a"
                + " pipeline of that name%n",
            path,
            name,
            file.multi()
                ? "; its pipelines: "
                    + String.join(", ", file.pipelines().stream().map(p -> p.name()).toList())
                : " (it holds one unnamed pipeline, which only a pause without --pipeline holds)");
        err.flush();
      }
    } catch (PipelineConfigException e) {
      // tqd pipeline validate reports a bad file; the pause itself does not depend on it
    }
  }

  static String scope(String name) {
    return name == null ? "every pipeline" : "pipeline '" + name + "'";
  }

  static void print(PrintWriter out, List<PauseState> paused) {
    if (paused.isEmpty()) {
      out.println("Nothing is paused.");
      return;
    }
    for (PauseState p : paused) {
      out.printf(
          "paused: %s since %s by %s%s%n",
          p.global() ? "every pipeline" : "pipeline '" + p.scope() + "'",
          p.pausedAt(),
          p.pausedBy(),
          p.reason() == null ? "" : " (" + p.reason() + ")");
    }
  }
}
