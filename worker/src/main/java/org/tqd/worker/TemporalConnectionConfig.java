package org.tqd.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the Temporal frontend. Immutable; build with {@link #builder()} or {@link
 * #fromEnvironment(Map)}.
 *
 * @param address host:port of the frontend (e.g. {@code temporal:7233})
 * @param namespace the namespace; default {@code default}
 * @param tlsCert client certificate chain (PEM) for mTLS; null for none
 * @param tlsKey client private key (PKCS#8 PEM) for mTLS; null for none
 * @param tlsCa CA bundle (PEM) that signed the server certificate; null for the JVM's trust store
 * @param tlsServerName server name to verify instead of the address's host; null for the host
 * @param tls true to use TLS even without client certificates (also implied by any TLS file)
 */
public record TemporalConnectionConfig(
    String address,
    String namespace,
    Path tlsCert,
    Path tlsKey,
    Path tlsCa,
    String tlsServerName,
    boolean tls) {

  /** Default namespace. */
  public static final String DEFAULT_NAMESPACE = "default";

  public TemporalConnectionConfig {
    Objects.requireNonNull(address, "address");
    namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together for mTLS");
    }
  }

  /** True when the connection uses TLS. */
  public boolean usesTls() {
    return tls || tlsCert != null || tlsCa != null || tlsServerName != null;
  }

  /**
   * Reads {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_TLS} ({@code
   * true}/{@code false}, also {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code on}/{@code off}),
   * {@code TEMPORAL_TLS_CERT}, {@code TEMPORAL_TLS_KEY}, {@code TEMPORAL_TLS_CA}, {@code
   * TEMPORAL_TLS_SERVER_NAME}. Returns null when {@code TEMPORAL_ADDRESS} is unset (the caller then
   * embeds a test server).
   *
   * @throws IllegalArgumentException naming the setting, when {@code TEMPORAL_TLS} is neither true
   *     nor false (it never falls back to plain text silently), or when TLS is asked for without
   *     {@code TEMPORAL_ADDRESS} (the embedded test server speaks plain text only)
   */
  public static TemporalConnectionConfig fromEnvironment(Map<String, String> env) {
    boolean tls = tlsFlag(env.get("TEMPORAL_TLS"));
    String address = blankToNull(env.get("TEMPORAL_ADDRESS"));
    if (address == null) {
      List<String> tlsSettings = new ArrayList<>();
      if (tls) {
        tlsSettings.add("TEMPORAL_TLS");
      }
      for (String name :
          List.of(
              "TEMPORAL_TLS_CERT",
              "TEMPORAL_TLS_KEY",
              "TEMPORAL_TLS_CA",
              "TEMPORAL_TLS_SERVER_NAME")) {
        if (blankToNull(env.get(name)) != null) {
          tlsSettings.add(name);
        }
      }
      if (!tlsSettings.isEmpty()) {
        throw new IllegalArgumentException(
            String.join(", ", tlsSettings)
                + (tlsSettings.size() == 1 ? " is" : " are")
                + " set but TEMPORAL_ADDRESS is not: without an address tqd runs an embedded"
                + " Temporal test server, which speaks plain text only; set TEMPORAL_ADDRESS to"
                + " the frontend's host:port, or unset the TLS settings");
      }
      return null;
    }
    return new TemporalConnectionConfig(
        address,
        env.get("TEMPORAL_NAMESPACE"),
        path(env.get("TEMPORAL_TLS_CERT")),
        path(env.get("TEMPORAL_TLS_KEY")),
        path(env.get("TEMPORAL_TLS_CA")),
        blankToNull(env.get("TEMPORAL_TLS_SERVER_NAME")),
        tls);
  }

  private static boolean tlsFlag(String value) {
    String v = blankToNull(value);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "TEMPORAL_TLS must be true or false, got '"
                  + v
                  + "' (TLS is also used when any TEMPORAL_TLS_* file or server name is set)");
    };
  }

  /** A plain-text connection to the given address in the given namespace. */
  public static TemporalConnectionConfig plain(String address, String namespace) {
    return new TemporalConnectionConfig(address, namespace, null, null, null, null, false);
  }

  private static Path path(String value) {
    String v = blankToNull(value);
    return v == null ? null : Path.of(v);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
