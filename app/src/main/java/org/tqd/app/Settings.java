package org.tqd.app;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment tqd reads its settings from: the process environment, plus a {@code .env} file in
 * the working directory when present (it never overrides a variable already set, as the Python
 * daemon's {@code load_dotenv()} did not).
 */
public final class Settings {

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  private static volatile Settings override;

  /**
   * Makes {@link #load()} return these settings instead of the environment (for tests that run
   * commands in-process); null restores the environment.
   */
  public static void override(Settings settings) {
    override = settings;
  }

  /** The process environment merged with {@code ./.env} (or the {@link #override}). */
  public static Settings load() {
    Settings o = override;
    if (o != null) {
      return o;
    }
    Map<String, String> merged = new HashMap<>();
    Path dotenv = Path.of(".env");
    if (Files.isRegularFile(dotenv)) {
      try {
        for (DotenvEntry e :
            Dotenv.configure()
                .directory(".")
                .filename(".env")
                .ignoreIfMalformed()
                .load()
                .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
          merged.put(e.getKey(), e.getValue());
        }
      } catch (RuntimeException e) {
        throw UserError.config("cannot read .env: " + e.getMessage());
      }
    }
    merged.putAll(System.getenv());
    return new Settings(merged);
  }

  /** Settings from exactly this map (tests). */
  public static Settings of(Map<String, String> values) {
    return new Settings(new HashMap<>(values));
  }

  /** All values, for components that read their own variables. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The value, or null when unset or blank. */
  public String get(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** An integer setting; a malformed value is a configuration error naming the variable. */
  public Integer getInt(String name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw UserError.config(name + " must be an integer, got '" + v + "'");
    }
  }

  /**
   * An integer setting that must lie in {@code [min, max]}; a malformed or out-of-range value is a
   * configuration error naming the variable and what it means.
   */
  public Integer getInt(String name, int min, int max, String meaning) {
    Integer v = getInt(name);
    if (v != null && (v < min || v > max)) {
      throw UserError.config(name + " must be " + meaning + ", got " + v);
    }
    return v;
  }

  /** A boolean setting ({@code true/false/1/0/yes/no}); malformed values are errors. */
  public boolean getBoolean(String name) {
    String v = get(name);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw UserError.config(name + " must be true or false, got '" + v + "'");
    };
  }
}
