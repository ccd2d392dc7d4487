package org.tqd.activities.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from metadata before it is stored.
 *
 * <p>A key is dropped, at any depth, when one of its words is a secret's name: {@code token},
 * {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code key}, {@code apikey},
 * {@code credential(s)}, {@code authorization}, {@code cookie}, {@code jwt}, {@code bearer}. Words
 * are split at non-letters and at camel case, so {@code api_token}, {@code TDX_WEB_SERVICES_KEY}
 * and {@code clientSecret} are dropped while {@code max_assets} and {@code keyword} are kept. In
 * string values, the password of a URL ({@code scheme://user:password@host}, the password running
 * up to the {@code @} even when it holds {@code /} or {@code ?}) is replaced by {@code ***}, and
 * characters PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates) by U+FFFD, so that text read
 * from TDX can never make a ledger write fail. The result is a new structure; the input is not
 * changed.
 */
public final class MetadataSanitizer {

  private static final Set<String> SECRET_WORDS =
      Set.of(
          "token",
          "password",
          "passwd",
          "pwd",
          "secret",
          "key",
          "apikey",
          "credential",
          "credentials",
          "authorization",
          "cookie",
          "jwt",
          "bearer");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern NON_ALNUM = Pattern.compile("[^A-Za-z0-9]+");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*:)[^@\\s]*@");
  // Pattern matches by code point: a surrogate pair is one, and only a lone half is in this class.
  private static final Pattern UNSTORABLE = Pattern.compile("\\x00|[\\uD800-\\uDFFF]");

  private MetadataSanitizer() {}

  /** A copy of {@code metadata} without secrets; an empty map for null. */
  public static Map<String, Object> sanitize(Map<String, ?> metadata) {
    if (metadata == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : metadata.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!isSecretKey(key)) {
        out.put(key, sanitizeValue(e.getValue()));
      }
    }
    return out;
  }

  /** Whether a key names a secret. */
  public static boolean isSecretKey(String key) {
    for (String word : NON_ALNUM.split(CAMEL.matcher(key).replaceAll("_"))) {
      if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code text} with the passwords of any URLs in it replaced by {@code ***} and characters
   * PostgreSQL cannot store replaced by U+FFFD; null for null.
   */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    String redacted = URL_PASSWORD.matcher(text).replaceAll("$1***@");
    return UNSTORABLE.matcher(redacted).replaceAll("\uFFFD");
  }

  private static Object sanitizeValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> nested = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (!isSecretKey(key)) {
          nested.put(key, sanitizeValue(e.getValue()));
        }
      }
      return nested;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(sanitizeValue(v)));
      return copy;
    }
    if (value instanceof CharSequence s) {
      return redactText(s.toString());
    }
    return value;
  }
}
