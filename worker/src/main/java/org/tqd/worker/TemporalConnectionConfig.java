package org.tqd.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How to reach the Temporal frontend, read the way the {@code temporal} CLI reads it. Immutable.
 *
 * <p>The settings are Temporal's own ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code
 * TEMPORAL_API_KEY}, {@code TEMPORAL_TLS}, {@code TEMPORAL_TLS_CLIENT_CERT_PATH}, {@code
 * TEMPORAL_TLS_CLIENT_KEY_PATH}, {@code TEMPORAL_TLS_SERVER_CA_CERT_PATH}, {@code
 * TEMPORAL_TLS_SERVER_NAME}, the {@code *_DATA} variants, {@code TEMPORAL_GRPC_META_*}), applied
 * over a profile of Temporal's TOML config file ({@code TEMPORAL_PROFILE}, default {@code default};
 * the file is {@code TEMPORAL_CONFIG_FILE}, else {@code $XDG_CONFIG_HOME/temporalio/temporal.toml}
 * or {@code $HOME/.config/temporalio/temporal.toml}, as the CLI finds it). Loading and the
 * conversion to connection options are Temporal's {@code temporal-envconfig} module; this class
 * adds the checks that module leaves out, so that nothing is misread silently:
 *
 * <ul>
 *   <li>{@code TEMPORAL_TLS} must be a boolean the CLI accepts ({@code true}, {@code false}, {@code
 *       1}, {@code 0}, {@code t}, {@code f}, in any case; tqd also keeps {@code yes/no/on/off}).
 *       The module reads anything but {@code true} as false, so {@code TEMPORAL_TLS=1} would turn
 *       TLS off.
 *   <li>A named config file or profile that does not exist, a config file key the module does not
 *       know (a misspelt {@code server_ca_cert_path} would be ignored), a client certificate
 *       without its key, TLS files with {@code TEMPORAL_TLS=false}, and an address that is not
 *       {@code host:port} are refused.
 *   <li>An empty variable counts as unset (compose passes unset optional settings as empty
 *       strings); the module would let an empty {@code TEMPORAL_ADDRESS} replace the profile's.
 * </ul>
 *
 * <p>tqd's earlier names {@code TEMPORAL_TLS_CERT}, {@code TEMPORAL_TLS_KEY} and {@code
 * TEMPORAL_TLS_CA} still work, each with a deprecation warning.
 */
public final class TemporalConnectionConfig {

  /** Default namespace. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** tqd's earlier names, each with the name Temporal gives it. */
  static final Map<String, String> DEPRECATED_NAMES =
      Map.of(
          "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_CLIENT_CERT_PATH",
          "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CLIENT_KEY_PATH",
          "TEMPORAL_TLS_CA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH");

  private static final List<String> TLS_SETTINGS =
      List.of(
          "TEMPORAL_TLS_CLIENT_CERT_PATH",
          "TEMPORAL_TLS_CLIENT_CERT_DATA",
          "TEMPORAL_TLS_CLIENT_KEY_PATH",
          "TEMPORAL_TLS_CLIENT_KEY_DATA",
          "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
          "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
          "TEMPORAL_TLS_SERVER_NAME");

  private static final Pattern HOST_PORT =
      Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/\\[\\]]+):([0-9]{1,5})$");

  private final ClientConfigProfile profile;
  private final String source;

  private TemporalConnectionConfig(ClientConfigProfile profile, String source) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.source = source;
  }

  /** A plain-text connection to the given address in the given namespace (no file is read). */
  public static TemporalConnectionConfig plain(String address, String namespace) {
    return new TemporalConnectionConfig(
        ClientConfigProfile.newBuilder()
            .setAddress(Objects.requireNonNull(address, "address"))
            .setNamespace(namespace)
            .build(),
        "embedded test server");
  }

  /**
   * {@link #fromEnvironment(Map, Consumer)} with the warnings dropped; for tests and callers that
   * report nothing.
   */
  public static TemporalConnectionConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, w -> {});
  }

  /**
   * Reads the Temporal settings from {@code env} (the process environment merged with {@code .env})
   * and the config file. Returns null when neither the environment nor the profile names an
   * address: the caller then runs an embedded test server.
   *
   * @param warnings told about each deprecated setting in use
   * @throws IllegalArgumentException naming the setting, for any value that the CLI would refuse or
   *     the module would misread (see the class comment), and for TLS or an API key asked for
   *     without an address (the embedded test server speaks plain text only)
   */
  public static TemporalConnectionConfig fromEnvironment(
      Map<String, String> env, Consumer<String> warnings) {
    Map<String, String> temporal = temporalVariables(env, warnings);
    Path file = configFile(env);
    String profileName = temporal.get("TEMPORAL_PROFILE");
    boolean explicitFile = blankToNull(env.get("TEMPORAL_CONFIG_FILE")) != null;
    if (file != null && !Files.exists(file)) {
      if (explicitFile) {
        throw new IllegalArgumentException(
            "TEMPORAL_CONFIG_FILE names " + file + ", which does not exist");
      }
      if (profileName != null) {
        throw new IllegalArgumentException(
            "TEMPORAL_PROFILE is '"
                + profileName
                + "' but there is no Temporal config file at "
                + file
                + "; set TEMPORAL_CONFIG_FILE to the file that defines it, or unset"
                + " TEMPORAL_PROFILE");
      }
      file = null;
    }
    ClientConfigProfile profile = load(temporal, file, profileName);
    String source =
        file == null
            ? "environment"
            : "profile '"
                + (profileName == null ? "default" : profileName)
                + "' of "
                + file
                + " and the environment";
    check(profile, temporal, source);
    if (blankToNull(profile.getAddress()) == null) {
      List<String> needsAddress = new ArrayList<>();
      for (String name : env.keySet().stream().sorted().toList()) {
        if (blankToNull(env.get(name)) == null) {
          continue;
        }
        if (name.equals("TEMPORAL_TLS") && isTrue(temporal.get("TEMPORAL_TLS"))
            || name.equals("TEMPORAL_API_KEY")
            || TLS_SETTINGS.contains(name)
            || DEPRECATED_NAMES.containsKey(name)) {
          needsAddress.add(name);
        }
      }
      if (needsAddress.isEmpty() && usesTls(profile)) {
        needsAddress.add("TLS in " + source);
      }
      if (!needsAddress.isEmpty()) {
        throw new IllegalArgumentException(
            String.join(", ", needsAddress)
                + (needsAddress.size() == 1 ? " is" : " are")
                + " set but TEMPORAL_ADDRESS is not: without an address tqd runs an embedded"
                + " Temporal test server, which speaks plain text only; set TEMPORAL_ADDRESS to"
                + " the frontend's host:port (or use a TEMPORAL_PROFILE that has one), or unset"
                + " the TLS settings");
      }
      return null;
    }
    return new TemporalConnectionConfig(profile, source);
  }

  /** The non-blank {@code TEMPORAL_*} variables, deprecated names renamed, booleans checked. */
  private static Map<String, String> temporalVariables(
      Map<String, String> env, Consumer<String> warnings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String value = blankToNull(e.getValue());
      if (e.getKey().startsWith("TEMPORAL_")
          && value != null
          && !DEPRECATED_NAMES.containsKey(e.getKey())) {
        out.put(e.getKey(), value);
      }
    }
    for (Map.Entry<String, String> d : DEPRECATED_NAMES.entrySet()) {
      String old = blankToNull(env.get(d.getKey()));
      if (old == null) {
        continue;
      }
      String current = out.get(d.getValue());
      if (current != null && !current.equals(old)) {
        throw new IllegalArgumentException(
            d.getKey()
                + " and "
                + d.getValue()
                + " are both set, to different files; "
                + d.getKey()
                + " is tqd's deprecated name for "
                + d.getValue()
                + ": keep only "
                + d.getValue());
      }
      out.put(d.getValue(), old);
      warnings.accept(
          d.getKey()
              + " is deprecated: rename it "
              + d.getValue()
              + " (Temporal's name, which the temporal CLI reads too)");
    }
    for (String name : List.of("TEMPORAL_TLS", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION")) {
      String v = out.get(name);
      if (v != null) {
        out.put(name, Boolean.toString(parseBoolean(name, v)));
      }
    }
    String address = out.get("TEMPORAL_ADDRESS");
    if (address != null) {
      checkAddress(address, "TEMPORAL_ADDRESS");
    }
    return out;
  }

  private static ClientConfigProfile load(
      Map<String, String> temporal, Path file, String profileName) {
    LoadClientConfigProfileOptions.Builder options =
        LoadClientConfigProfileOptions.newBuilder()
            .setEnvOverrides(temporal)
            .setConfigFileStrict(true);
    if (file == null) {
      options.setDisableFile(true);
    } else {
      options.setConfigFilePath(file.toString());
      if (profileName != null) {
        options.setConfigFileProfile(profileName);
      }
    }
    try {
      return ClientConfigProfile.load(options.build());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the Temporal config file " + file + ": " + firstLine(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      if (profileName != null
          && String.valueOf(e.getMessage()).contains("Unable to find profile")) {
        throw new IllegalArgumentException(
            "TEMPORAL_PROFILE is '"
                + profileName
                + "' but "
                + file
                + " has no [profile."
                + profileName
                + "]",
            e);
      }
      throw e;
    }
  }

  private static void check(
      ClientConfigProfile profile, Map<String, String> temporal, String source) {
    String address = blankToNull(profile.getAddress());
    if (address != null && !temporal.containsKey("TEMPORAL_ADDRESS")) {
      checkAddress(address, "the address of " + source);
    }
    ClientConfigTLS tls = profile.getTls();
    if (tls == null) {
      return;
    }
    boolean cert = present(tls.getClientCertPath()) || present(tls.getClientCertData());
    boolean key = present(tls.getClientKeyPath()) || present(tls.getClientKeyData());
    if (cert != key) {
      throw new IllegalArgumentException(
          "TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms)"
              + " must be set together for mTLS; only the "
              + (cert ? "certificate" : "key")
              + " is set (in "
              + source
              + ")");
    }
    boolean material =
        cert || present(tls.getServerCACertPath()) || present(tls.getServerCACertData());
    if (Boolean.TRUE.equals(tls.isDisabled()) && material) {
      throw new IllegalArgumentException(
          "TLS is turned off (TEMPORAL_TLS=false or tls.disabled in "
              + source
              + ") but TLS certificates are set; with TLS off they would be ignored. Remove one"
              + " or the other");
    }
  }

  private static void checkAddress(String address, String what) {
    var m = HOST_PORT.matcher(address);
    int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          what
              + " must be host:port of the Temporal frontend (e.g. temporal.example.org:7233 or"
              + " myns.a1b2c.tmprl.cloud:7233, no scheme), got '"
              + address
              + "'");
    }
  }

  /**
   * The config file the CLI would read: {@code TEMPORAL_CONFIG_FILE}, else the OS default under
   * {@code $XDG_CONFIG_HOME} or {@code $HOME} (Java's {@code user.home} only when {@code HOME} is
   * unset); null when none can be named.
   */
  static Path configFile(Map<String, String> env) {
    String explicit = blankToNull(env.get("TEMPORAL_CONFIG_FILE"));
    if (explicit != null) {
      return Path.of(explicit);
    }
    String home = blankToNull(env.get("HOME"));
    if (home == null) {
      home = blankToNull(System.getProperty("user.home"));
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return home == null
          ? null
          : Path.of(home, "Library", "Application Support", "temporalio", "temporal.toml");
    }
    if (os.contains("win")) {
      String appData = blankToNull(env.get("APPDATA"));
      return appData == null ? null : Path.of(appData, "temporalio", "temporal.toml");
    }
    String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
    if (xdg != null && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "temporalio", "temporal.toml");
    }
    return home == null ? null : Path.of(home, ".config", "temporalio", "temporal.toml");
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "t", "1", "yes", "on" -> true;
      case "false", "f", "0", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              name
                  + " must be true or false, got '"
                  + value
                  + "'"
                  + (name.equals("TEMPORAL_TLS")
                      ? " (TLS is also used when any TEMPORAL_TLS_* file or server name is set)"
                      : ""));
    };
  }

  private static boolean isTrue(String normalized) {
    return "true".equals(normalized);
  }

  private static boolean usesTls(ClientConfigProfile p) {
    ClientConfigTLS tls = p.getTls();
    if (tls != null) {
      return !Boolean.TRUE.equals(tls.isDisabled());
    }
    return present(p.getApiKey());
  }

  /** host:port of the frontend. */
  public String address() {
    return profile.getAddress();
  }

  /** The namespace; {@value #DEFAULT_NAMESPACE} when none is set. */
  public String namespace() {
    String ns = blankToNull(profile.getNamespace());
    return ns == null ? DEFAULT_NAMESPACE : ns;
  }

  /** True when the connection uses TLS (asked for, implied by any TLS setting or an API key). */
  public boolean usesTls() {
    return usesTls(profile);
  }

  /** True when an API key (Temporal Cloud) is sent with every call. */
  public boolean usesApiKey() {
    return present(profile.getApiKey());
  }

  /** Where the settings came from, for messages: the environment, or a profile and its file. */
  public String source() {
    return source;
  }

  /**
   * The service-stub options Temporal's envconfig module makes from the profile: target, TLS (with
   * client certificate, CA and server name), API key and gRPC metadata.
   *
   * @throws IllegalArgumentException when the TLS files cannot be read or are not PEM
   */
  public WorkflowServiceStubsOptions stubsOptions() {
    try {
      return profile.toWorkflowServiceStubsOptions();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "cannot use the TLS files for Temporal (TEMPORAL_TLS_CLIENT_CERT_PATH,"
              + " TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH; from "
              + source
              + "): "
              + cause.getClass().getSimpleName()
              + ": "
              + firstLine(cause.getMessage()),
          e);
    }
  }

  /** Secrets (the API key, key material) are never shown. */
  @Override
  public String toString() {
    return "TemporalConnectionConfig[address="
        + address()
        + ", namespace="
        + namespace()
        + ", tls="
        + usesTls()
        + ", apiKey="
        + (usesApiKey() ? "***" : "none")
        + ", from "
        + source
        + "]";
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean present(byte[] b) {
    return b != null && b.length > 0;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
