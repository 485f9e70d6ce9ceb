package dev.eventpipeline.ingest.domain.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads untrusted JSON into Jackson trees with hard limits on nesting depth and on the number of
 * members, so a depth bomb or a record with 100k fields is refused quickly and cheaply instead of
 * exhausting the stack or the heap. Syntax errors are reported as "not JSON" (the caller falls back
 * to text); limit violations as {@link JsonLimitException} (the caller quarantines).
 */
public final class LimitedJson {
  /** Outcome of trying to read a byte range as exactly one JSON object. */
  public enum Shape { OBJECT, MORE_CONTENT, NOT_AN_OBJECT }

  /** A parsed object and what followed it. */
  public record Parsed(Shape shape, ObjectNode object) {}

  /** The input exceeds a limit: its content is refused, not reinterpreted. */
  public static final class JsonLimitException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    JsonLimitException(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public RejectReason reason() {
      return reason;
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Doubles print back exactly up to 15 significant digits; longer fractions keep their decimal text. */
  private static final int MAX_DOUBLE_CHARS = 15;

  private final JsonFactory factory;
  private final int maxDepth;
  private final int maxMembers;

  public LimitedJson(DecodeLimits limits) {
    this.maxDepth = limits.maxJsonDepth();
    this.maxMembers = limits.maxJsonMembers();
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(Math.max(maxDepth + 1, 2))
            .maxNumberLength(100)
            .maxNameLength(1024)
            .build())
        .build();
  }

  public JsonFactory factory() {
    return factory;
  }

  /**
   * Reads {@code bytes[off, off+len)} as one JSON object. MORE_CONTENT: an object followed by more
   * (NDJSON, or an object then text); NOT_AN_OBJECT: not JSON, or JSON that is not an object.
   */
  public Parsed readObject(byte[] bytes, int off, int len) throws JsonLimitException {
    try (JsonParser p = factory.createParser(bytes, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Parsed(Shape.NOT_AN_OBJECT, null);
      }
      int[] members = {0};
      ObjectNode object = readObjectBody(p, 1, members);
      JsonToken next;
      try {
        next = p.nextToken();
      } catch (IOException trailingGarbage) {
        return new Parsed(Shape.MORE_CONTENT, object);
      }
      return new Parsed(next == null ? Shape.OBJECT : Shape.MORE_CONTENT, object);
    } catch (StreamConstraintsException e) {
      throw limit(e);
    } catch (IOException e) {
      return new Parsed(Shape.NOT_AN_OBJECT, null);
    }
  }

  /** Reads a string that should hold one JSON object (a CloudWatch event message). */
  public ObjectNode readObject(String text) throws JsonLimitException {
    try (JsonParser p = factory.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int[] members = {0};
      ObjectNode object = readObjectBody(p, 1, members);
      return p.nextToken() == null ? object : null;
    } catch (StreamConstraintsException e) {
      throw limit(e);
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonLimitException limit(StreamConstraintsException e) {
    String msg = e.getOriginalMessage();
    boolean depth = msg != null && msg.contains("nesting depth");
    return new JsonLimitException(depth ? RejectReason.JSON_TOO_DEEP : RejectReason.JSON_TOO_COMPLEX,
        depth ? "JSON nesting deeper than the limit" : "JSON value beyond the parser's constraints");
  }

  private ObjectNode readObjectBody(JsonParser p, int depth, int[] members) throws IOException, JsonLimitException {
    checkDepth(depth);
    ObjectNode object = NODES.objectNode();
    String name;
    while ((name = p.nextFieldName()) != null) {
      count(members);
      object.set(name, readValue(p, p.nextToken(), depth, members));
    }
    return object;
  }

  private JsonNode readValue(JsonParser p, JsonToken t, int depth, int[] members) throws IOException, JsonLimitException {
    switch (t) {
      case START_OBJECT:
        return readObjectBody(p, depth + 1, members);
      case START_ARRAY: {
        checkDepth(depth + 1);
        ArrayNode array = NODES.arrayNode();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          count(members);
          array.add(readValue(p, e, depth + 1, members));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT: {
        String text = p.getText();
        return text.length() <= MAX_DOUBLE_CHARS ? NODES.numberNode(p.getDoubleValue())
            : NODES.numberNode(new BigDecimal(text));
      }
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected token " + t);
    }
  }

  private void checkDepth(int depth) throws JsonLimitException {
    if (depth > maxDepth) {
      throw new JsonLimitException(RejectReason.JSON_TOO_DEEP, "JSON nested deeper than " + maxDepth + " levels");
    }
  }

  private void count(int[] members) throws JsonLimitException {
    if (++members[0] > maxMembers) {
      throw new JsonLimitException(RejectReason.JSON_TOO_COMPLEX, "JSON with more than " + maxMembers + " members");
    }
  }
}
