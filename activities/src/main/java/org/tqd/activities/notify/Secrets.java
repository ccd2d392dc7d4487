package org.tqd.activities.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where notification URLs, tokens and passwords come from: the environment variable {@code NAME},
 * or, when it is unset, the file named by {@code NAME_FILE} (a Docker or systemd secret; trailing
 * whitespace dropped). Values are never logged and never part of an error message: messages name
 * the variable only.
 */
public final class Secrets {

  private final Map<String, String> env;

  /** Secrets from this environment (the process environment in production). */
  public Secrets(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** Secrets from the process environment. */
  public static Secrets fromEnvironment() {
    return new Secrets(System.getenv());
  }

  /** The value of {@code name} (or the contents of the file {@code name_FILE}), or null. */
  public String find(String name) {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    String file = env.get(name + "_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      throw new NotificationException(
          "cannot read the file named by "
              + name
              + "_FILE ("
              + e.getClass().getSimpleName()
              + "); check that it exists and is readable by tqd",
          false);
    }
  }

  /**
   * The value of {@code name}.
   *
   * @throws NotificationException (not retryable) naming the variable when it is unset
   */
  public String require(String name, String what) {
    String value = find(name);
    if (value == null) {
      throw new NotificationException(
          what + ": set the environment variable " + name + " (or " + name + "_FILE)", false);
    }
    return value;
  }
}
