package org.tqd.activities.ledger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the ledger's PostgreSQL is, parsed from {@code DATABASE_URL}.
 *
 * <p>Accepts the Python daemon's SQLAlchemy/libpq form {@code
 * postgresql://user:password@host:5432/database?sslmode=require} (also {@code postgres://} and
 * {@code postgresql+psycopg2://} or any other {@code postgresql+driver://}) and the JDBC form
 * {@code jdbc:postgresql://host:5432/database?user=…&password=…}. User and password may be given in
 * either place; percent-escapes in them are decoded. The libpq parameters {@code connect_timeout}
 * and {@code application_name} are translated to the JDBC driver's names; other parameters ({@code
 * sslmode}, {@code sslrootcert}, …) are passed to the driver unchanged.
 *
 * <p>User and password in the URL are read as SQLAlchemy (the Python daemon's parser) reads them:
 * the user name up to the first {@code :}, the password from there up to the first {@code @}, so a
 * password with {@code /}, {@code ?} or {@code :} (as {@code openssl rand -base64} makes them)
 * works unescaped; an {@code @} anywhere else in the URL must be written {@code %40}. Query
 * parameter names are matched without regard to case ({@code PASSWORD=} is the password), and every
 * parameter whose name contains {@code password} is a secret: passed to the driver as a property,
 * never in the URL.
 *
 * <p>The password is kept apart from everything printable: {@link #toString()} and {@link
 * #redacted()} show {@code ***} in its place, and parse errors never quote it, nor any part of the
 * URL that could hold part of it.
 */
public final class DatabaseUrl {

  private static final Pattern DRIVER_SUFFIX = Pattern.compile("postgresql\\+[a-z0-9_]+");

  /** {@code user:password@} at the start of what follows {@code ://}, as SQLAlchemy reads it. */
  private static final Pattern USERINFO = Pattern.compile("^([^:/@?]*)(?::([^@]*))?@");

  private static final Pattern QUERY_SECRET =
      Pattern.compile("((?:^|[?&])[^&=?]*password=)[^&]*", Pattern.CASE_INSENSITIVE);
  private static final String EXPECTED =
      "expected postgresql://user:password@host:5432/database or"
          + " jdbc:postgresql://host:5432/database?user=…";

  private final String scheme;
  private final List<String> hosts;
  private final String database;
  private final String user;
  private final String password;
  private final Map<String, String> parameters;
  private final Map<String, String> secretParameters;

  private DatabaseUrl(
      String scheme,
      List<String> hosts,
      String database,
      String user,
      String password,
      Map<String, String> parameters,
      Map<String, String> secretParameters) {
    this.scheme = scheme;
    this.hosts = List.copyOf(hosts);
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.secretParameters = Collections.unmodifiableMap(new LinkedHashMap<>(secretParameters));
  }

  /**
   * Parses a {@code DATABASE_URL}.
   *
   * @throws IllegalArgumentException naming what is wrong (never quoting the password)
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("DATABASE_URL is empty: " + EXPECTED);
    }
    String text = url.trim();
    String shown = redactRaw(text);
    int sep = text.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "DATABASE_URL '" + shown + "' is not a PostgreSQL URL: " + EXPECTED);
    }
    String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
    boolean jdbc = scheme.equals("jdbc:postgresql");
    if (!jdbc
        && !scheme.equals("postgresql")
        && !scheme.equals("postgres")
        && !DRIVER_SUFFIX.matcher(scheme).matches()) {
      throw new IllegalArgumentException(
          "DATABASE_URL '"
              + shown
              + "' has the scheme '"
              + scheme
              + "', which is not PostgreSQL: "
              + EXPECTED);
    }
    String rest = text.substring(sep + 3);
    String user = null;
    String password = null;
    Matcher userInfo = USERINFO.matcher(rest);
    if (userInfo.find()) {
      if (userInfo.group(2) != null) {
        password = decode(userInfo.group(2), "password", shown, true);
      }
      String name = userInfo.group(1);
      user = name.isEmpty() ? null : decode(name, "user name", shown, false);
      rest = rest.substring(userInfo.end());
    }
    if (rest.contains("@")) {
      // Another '@' (an unescaped one in the password, or a user name the pattern cannot read)
      // could put part of the password in the host, database name or a parameter, which the
      // messages below quote.
      throw new IllegalArgumentException(
          "DATABASE_URL '"
              + shown
              + "' cannot be read: it has an '@' that does not end 'user:password@'; write '@'"
              + " as %40 (and '/' in the user name as %2F)");
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String authority = rest;
    String database = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      authority = rest.substring(0, slash);
      database = decode(rest.substring(slash + 1), "database name", shown, false);
    }
    if (database.contains("/")) {
      throw new IllegalArgumentException(
          "DATABASE_URL '" + shown + "' has a '/' in its database name '" + database + "'");
    }
    List<String> hosts = parseHosts(authority, shown);

    Map<String, String> parameters = new LinkedHashMap<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter name", shown, true);
        String lower = key.toLowerCase(Locale.ROOT);
        boolean secret = lower.contains("password");
        String value =
            eq < 0
                ? ""
                : decode(
                    pair.substring(eq + 1),
                    secret ? "parameter " + key : "parameter '" + key + "'",
                    shown,
                    secret);
        switch (lower) {
          case "user" -> user = user != null ? user : value;
          case "password" -> password = password != null ? password : value;
          case "connect_timeout" -> parameters.put("connectTimeout", value);
          case "application_name" -> parameters.put("ApplicationName", value);
          default -> {
            if (secret) {
              secrets.put(lower, value);
            } else {
              parameters.put(key, value);
            }
          }
        }
      }
    }
    return new DatabaseUrl(
        jdbc ? "jdbc:postgresql" : scheme, hosts, database, user, password, parameters, secrets);
  }

  private static List<String> parseHosts(String authority, String shown) {
    if (authority.isEmpty()) {
      throw new IllegalArgumentException(
          "DATABASE_URL '"
              + shown
              + "' names no host (Unix sockets are not supported): "
              + EXPECTED);
    }
    List<String> hosts = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      String host = hostPort;
      String port = null;
      if (hostPort.startsWith("[")) {
        int close = hostPort.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException(
              "DATABASE_URL '" + shown + "' has an unclosed '[' in the host '" + hostPort + "'");
        }
        host = hostPort.substring(0, close + 1);
        String after = hostPort.substring(close + 1);
        if (after.startsWith(":")) {
          port = after.substring(1);
        } else if (!after.isEmpty()) {
          throw new IllegalArgumentException(
              "DATABASE_URL '" + shown + "' has a malformed host '" + hostPort + "'");
        }
      } else {
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
          host = hostPort.substring(0, colon);
          port = hostPort.substring(colon + 1);
        }
      }
      if (host.isEmpty() || host.equals("[]")) {
        throw new IllegalArgumentException(
            "DATABASE_URL '" + shown + "' has an empty host in '" + authority + "'");
      }
      if (port != null) {
        if (!port.matches("[0-9]{1,5}")
            || Integer.parseInt(port) < 1
            || Integer.parseInt(port) > 65535) {
          throw new IllegalArgumentException(
              "DATABASE_URL '"
                  + shown
                  + "' has the port '"
                  + port
                  + "', which is not a number from 1 to 65535");
        }
        hosts.add(host + ":" + port);
      } else {
        hosts.add(host);
      }
    }
    return hosts;
  }

  private static String decode(String text, String what, String shown, boolean secret) {
    try {
      // URLDecoder turns '+' into a space, which is form encoding, not URL encoding: keep '+'.
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      String detail = secret ? "" : " '" + text + "'";
      // The cause's message quotes the text: leave it out.
      throw new IllegalArgumentException(
          "DATABASE_URL '" + shown + "' has a malformed %-escape in its " + what + detail);
    }
  }

  /**
   * Hides passwords in a URL that could not be parsed, for error messages. It errs towards hiding
   * too much: everything from the first {@code :} after the scheme's {@code ://} (or the start) up
   * to the last {@code @}, and the values of query parameters whose names contain {@code password},
   * in any case.
   */
  static String redactRaw(String url) {
    int sep = url.indexOf("://");
    int from = sep < 0 ? 0 : sep + 3;
    int at = url.lastIndexOf('@');
    String out = url;
    if (at > from) {
      int colon = url.indexOf(':', from);
      if (colon >= 0 && colon < at) {
        out = url.substring(0, colon + 1) + "***" + url.substring(at);
      }
    }
    return QUERY_SECRET.matcher(out).replaceAll("$1***");
  }

  /**
   * The JDBC URL without user or password (those go to the driver separately), with the non-secret
   * parameters.
   */
  public String jdbcUrl() {
    StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(String.join(",", hosts));
    sb.append('/').append(encode(database));
    String sep = "?";
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      sb.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      sep = "&";
    }
    return sb.toString();
  }

  /** The user name, if the URL names one. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password. Package-private: only the connection pool may see it. */
  Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** Whether the URL carries a password. */
  public boolean hasPassword() {
    return password != null;
  }

  /** Driver properties that must not appear in the URL (for example {@code sslpassword}). */
  Map<String, String> secretParameters() {
    return secretParameters;
  }

  /** The database name ({@code ""} when the URL names none: the driver then uses the user name). */
  public String database() {
    return database;
  }

  /** {@code host} or {@code host:port} entries, in order. */
  public List<String> hosts() {
    return hosts;
  }

  /** Driver parameters (JDBC names), without secrets. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The URL in its own form with the password shown as {@code ***}: safe to log. */
  public String redacted() {
    StringBuilder sb = new StringBuilder(scheme).append("://");
    boolean jdbc = scheme.equals("jdbc:postgresql");
    if (!jdbc && user != null) {
      sb.append(user);
      if (password != null) {
        sb.append(":***");
      }
      sb.append('@');
    }
    sb.append(String.join(",", hosts)).append('/').append(database);
    Map<String, String> shown = new LinkedHashMap<>();
    if (jdbc && user != null) {
      shown.put("user", user);
    }
    if (jdbc && password != null) {
      shown.put("password", "***");
    }
    shown.putAll(parameters);
    secretParameters.keySet().forEach(k -> shown.put(k, "***"));
    String sep = "?";
    for (Map.Entry<String, String> p : shown.entrySet()) {
      sb.append(sep).append(p.getKey()).append('=').append(p.getValue());
      sep = "&";
    }
    return sb.toString();
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return redacted();
  }
}
