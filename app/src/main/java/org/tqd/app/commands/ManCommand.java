package org.tqd.app.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.tqd.app.ExitCodes;
import org.tqd.app.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tqd man}: the manual page tqd(1), generated from picocli's model of the command line
 * (every command's synopsis, description and options, as {@code --help} shows them), in man(7)
 * format.
 */
@Command(
    name = "man",
    mixinStandardHelpOptions = true,
    description = {
      "Print the manual page tqd(1), generated from the command line's own help, in man(7)"
          + " format; or write it to a file.",
      "Install: tqd man --output /usr/local/share/man/man1/tqd.1 (then: man tqd)."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class ManCommand implements Callable<Integer> {

  @Option(names = "--output", paramLabel = "FILE", description = "Write the page to this file.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String page = page(root);
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(page);
      out.flush();
      return ExitCodes.OK;
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = Files.createTempFile(parent, ".tqd-man", ".tmp");
      Files.writeString(tmp, page, StandardCharsets.UTF_8);
      Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw UserError.config("cannot write the manual page to " + output + ": " + e.getMessage());
    }
    spec.commandLine().getOut().printf("Wrote %s.%n", output);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The page of the whole command line. */
  static String page(CommandLine root) {
    StringBuilder b = new StringBuilder();
    String version = String.join(" ", root.getCommandSpec().version());
    b.append(".TH TQD 1 \"")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\" \"")
        .append(escape(version))
        .append("\" \"tqd manual\"\n");
    b.append(".SH NAME\ntqd \\- ")
        .append(escape(String.join(" ", root.getCommandSpec().usageMessage().description())))
        .append('\n');
    b.append(".SH SYNOPSIS\n.nf\n").append(escape(help(root).synopsis(0))).append(".fi\n");
    b.append(".SH COMMANDS\n");
    for (CommandLine sub : root.getSubcommands().values()) {
      if (sub.getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      section(b, sub);
    }
    b.append(
        ".SH EXIT STATUS\n0 success; 1 a runtime failure; 2 a usage or configuration error.\n");
    b.append(".SH SEE ALSO\nREADME.md and docs/ of the tqd sources.\n");
    return b.toString();
  }

  private static void section(StringBuilder b, CommandLine cmd) {
    CommandSpec s = cmd.getCommandSpec();
    b.append(".SS ").append(escape(s.qualifiedName())).append('\n');
    CommandLine.Help h = help(cmd);
    b.append(".nf\n").append(escape(h.synopsis(0))).append(".fi\n");
    b.append(escape(h.description().strip())).append("\n.PP\n");
    String options = h.optionList().strip();
    if (!options.isEmpty()) {
      b.append(".nf\n").append(escape(options)).append("\n.fi\n");
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (sub != cmd && !sub.getCommandSpec().usageMessage().hidden()) {
        section(b, sub);
      }
    }
  }

  private static CommandLine.Help help(CommandLine cmd) {
    return new CommandLine.Help(
        cmd.getCommandSpec(), CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
  }

  /** Text safe in roff: backslashes doubled, a leading dot or quote escaped. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.replace("\\", "\\\\").split("\n", -1)) {
      if (line.startsWith(".") || line.startsWith("'")) {
        out.append("\\&");
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }
}
