package org.tqd.sandbox.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The one JSON mapper of the sandbox and small helpers for building TDX-shaped output. */
public final class Json {

  /** Shared mapper; the sandbox reads and writes trees only, never binds classes. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Serialises a tree to UTF-8 bytes. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses UTF-8 bytes into a tree; throws on malformed JSON. */
  public static JsonNode parse(byte[] body) throws IOException {
    return MAPPER.readTree(body);
  }

  /**
   * Formats an instant as TDX does: ISO-8601 in UTC with a {@code Z}, fractional seconds only when
   * present. Null stays null.
   */
  public static String date(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** A Guid as TDX writes it (lowercase, hyphenated); null stays null. */
  public static String uid(UUID uid) {
    return uid == null ? null : uid.toString();
  }
}
