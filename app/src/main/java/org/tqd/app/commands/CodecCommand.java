package org.tqd.app.commands;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tqd.app.ExitCodes;
import org.tqd.app.Settings;
import org.tqd.app.UserError;
import org.tqd.worker.codec.CodecKeys;
import org.tqd.worker.codec.PayloadEncryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tqd codec new-key}: the payload codec's keys. */
@Command(
    name = "codec",
    mixinStandardHelpOptions = true,
    description = "Manage the keys that encrypt tqd's payloads in Temporal (docs/operations.md).",
    subcommands = {CodecCommand.NewKey.class},
    footer = ExitCodes.HELP_FOOTER)
public final class CodecCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say 'new-key'");
  }

  /** Appends a new random key to the keys file and prints its ID last. */
  @Command(
      name = "new-key",
      mixinStandardHelpOptions = true,
      description = {
        "Append a new random AES-256 key to the keys file (created, owner-only, when missing) and"
            + " print its ID as the last line.",
        "The key decrypts as soon as every process has the file; it encrypts once"
            + " TQD_CODEC_KEY_ID names it. Rotation: docs/operations.md."
      },
      footer = ExitCodes.HELP_FOOTER)
  static final class NewKey implements Callable<Integer> {
    @Option(
        names = "--file",
        paramLabel = "PATH",
        description = "The keys file (default: TQD_CODEC_KEYS_FILE, else $HOME/.tqd/codec-keys).")
    Path file;

    @Option(
        names = "--id",
        paramLabel = "ID",
        description = "The new key's ID (default: today's date and a random suffix).")
    String id;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, String> env = Settings.load().asMap();
      Path target = file;
      if (target == null) {
        String configured = env.get(PayloadEncryption.KEYS_FILE);
        target =
            configured == null || configured.isBlank()
                ? PayloadEncryption.defaultKeysFile(env)
                : Path.of(configured.trim());
      }
      String keyId;
      try {
        keyId = CodecKeys.addKey(target, id);
      } catch (IllegalArgumentException e) {
        throw UserError.config(e.getMessage());
      } catch (java.io.UncheckedIOException e) {
        throw UserError.runtime(e.getMessage() + ": " + e.getCause().getMessage(), e);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "Added a key to %s. Give every tqd process the file; then set"
                  + " TQD_CODEC_KEY_ID=%s to encrypt with it.%n%s%n",
              target, keyId, keyId);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
