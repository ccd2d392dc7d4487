package org.tqd.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A JSON object read as TDX's ASP.NET binder reads it: property names case-insensitive, numbers
 * also accepted as numeric strings, booleans also as {@code "true"}/{@code "false"} strings, JSON
 * null the same as absent. A value of the wrong type is a 400 naming the property.
 */
public final class JsonBody {

  private final Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private JsonBody(JsonNode object) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      fields.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  /** Wraps a JSON object; anything else is a 400. */
  public static JsonBody of(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(what + " must be a JSON object.");
    }
    return new JsonBody(node);
  }

  /** Whether the property is present and not null. */
  public boolean has(String name) {
    JsonNode n = fields.get(name);
    return n != null && !n.isNull();
  }

  /** The raw node, or null when absent or JSON null. */
  public JsonNode node(String name) {
    JsonNode n = fields.get(name);
    return n == null || n.isNull() ? null : n;
  }

  /** The property names as sent. */
  public java.util.Set<String> names() {
    return fields.keySet();
  }

  /** A string property; numbers and booleans are rendered as text. */
  public String string(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (n.isContainerNode()) {
      throw wrongType(name, "a string", n);
    }
    return n.asText();
  }

  /** An Int32 property, or the default when absent. */
  public int integer(String name, int dflt) {
    Integer v = integerOrNull(name);
    return v == null ? dflt : v;
  }

  /** An Int32 property, or null when absent. */
  public Integer integerOrNull(String name) {
    JsonNode n = node(name);
    return n == null ? null : toInt(name, n);
  }

  /** A Boolean property, or the default when absent. */
  public boolean bool(String name, boolean dflt) {
    Boolean v = boolOrNull(name);
    return v == null ? dflt : v;
  }

  /** A Boolean property, or null when absent. */
  public Boolean boolOrNull(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      String s = n.textValue().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true")) {
        return true;
      }
      if (s.equals("false")) {
        return false;
      }
    }
    throw wrongType(name, "a boolean (true or false)", n);
  }

  /** A Guid property, or null when absent. */
  public UUID uid(String name) {
    JsonNode n = node(name);
    return n == null ? null : toUid(name, n);
  }

  /** A date-time property (ISO-8601; without an offset it is taken as UTC), or null. */
  public Instant instant(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw wrongType(name, "an ISO-8601 date string", n);
    }
    return parseInstant(name, n.textValue());
  }

  /** An Int32[] property, or null when absent. */
  public List<Integer> integers(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw wrongType(name, "an array of integers", n);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isNull()) {
        out.add(toInt(name, e));
      }
    }
    return out;
  }

  /** A Guid[] property, or null when absent. */
  public List<UUID> uids(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw wrongType(name, "an array of Guid strings", n);
    }
    List<UUID> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isNull()) {
        out.add(toUid(name, e));
      }
    }
    return out;
  }

  /** A String[] property, or null when absent. */
  public List<String> strings(String name) {
    JsonNode n = node(name);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw wrongType(name, "an array of strings", n);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (e.isContainerNode()) {
        throw wrongType(name, "an array of strings", n);
      }
      if (!e.isNull()) {
        out.add(e.asText());
      }
    }
    return out;
  }

  /** Converts a node to Int32 the way the binder does; 400 naming {@code name} otherwise. */
  public static int toInt(String name, JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.textValue().trim());
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw wrongType(name, "an Int32", n);
  }

  /** Converts a node to a Guid; 400 naming {@code name} otherwise. */
  public static UUID toUid(String name, JsonNode n) {
    if (n.isTextual()) {
      UUID uid = parseUid(n.textValue());
      if (uid != null) {
        return uid;
      }
    }
    throw wrongType(name, "a Guid string", n);
  }

  /** Parses a Guid in its hyphenated form (braces allowed); null if it is not one. */
  public static UUID parseUid(String s) {
    String t = s.trim();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Parses an ISO-8601 date, date-time or offset date-time; 400 naming {@code name} otherwise. */
  public static Instant parseInstant(String name, String text) {
    String s = text.trim();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw badValue(name, "an ISO-8601 date such as 2026-03-01T12:00:00Z", text);
    }
  }

  private static ApiException wrongType(String name, String expected, JsonNode got) {
    String shown = got.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return ApiException.badRequest(
        "Invalid value for '" + name + "': expected " + expected + ", got " + shown + ".");
  }

  private static ApiException badValue(String name, String expected, String got) {
    return ApiException.badRequest(
        "Invalid value for '" + name + "': expected " + expected + ", got \"" + got + "\".");
  }
}
