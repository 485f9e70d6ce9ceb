package dev.eventpipeline.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;

/**
 * Masks JSON without building a tree: a streaming copy (parser to generator) that masks every
 * string value, never a key, so the output is valid JSON with the same keys in the same order.
 * Under a sensitive key (password, token, authorization, ...) every scalar is masked whole, nested
 * ones included. Integers of 12 or more digits are scanned too (a card number written as a number).
 *
 * <p>For log records ({@link #maskRecord}) the pipeline's own coordinates are kept as they are
 * (schemaVersion, id, timestamp, ingestedAt, level, and origin's format, stream, shardId,
 * sequenceNumber, ... — the ids downstream readers de-duplicate on), and {@code masking} is set to
 * this record's counts. Everything else — message, fields, enrichment, origin's log group, stream
 * and partition key — is masked.
 */
public final class JsonMasker {
  private static final JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();
  private static final Set<String> ROOT_KEEP = Set.of("schemaVersion", "id", "timestamp", "ingestedAt", "level");
  private static final Set<String> ORIGIN_KEEP = Set.of("format", "innerFormat", "stream", "shardId",
      "sequenceNumber", "subSequenceNumber", "lineIndex", "eventId", "part", "parts");

  private final MaskEngine engine;

  public JsonMasker(MaskEngine engine) {
    this.engine = engine;
  }

  public MaskEngine engine() {
    return engine;
  }

  /** A masked record: its JSON (one line, no newline), its id (null when absent) and what was masked. */
  public record MaskedRecord(byte[] json, String id, MaskCounts counts) {}

  /**
   * Masks one log record (a JSON object) and sets its {@code masking} field.
   *
   * @throws NotJsonException when the input is not exactly one JSON object
   */
  public MaskedRecord maskRecord(byte[] input) throws NotJsonException {
    MaskCounts counts = new MaskCounts();
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 64);
    String[] id = new String[1];
    try (JsonParser p = FACTORY.createParser(input);
         JsonGenerator g = FACTORY.createGenerator(out)) {
      copy(p, g, counts, true, id);
    } catch (JsonProcessingException e) {
      // never keep the parser's message or cause: they can quote the payload
      throw new NotJsonException("not a JSON log record (" + e.getClass().getSimpleName() + ")", null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MaskedRecord(out.toByteArray(), id[0], counts);
  }

  /**
   * Masks any JSON document (one value): every string value, keys untouched, nothing added.
   *
   * @throws NotJsonException when the input is not exactly one JSON value
   */
  public String maskDocument(String json, MaskCounts counts) throws NotJsonException {
    StringWriter out = new StringWriter(json.length() + 16);
    try (JsonParser p = FACTORY.createParser(json);
         JsonGenerator g = FACTORY.createGenerator(out)) {
      copy(p, g, counts, false, null);
    } catch (JsonProcessingException e) {
      throw new NotJsonException("not JSON (" + e.getClass().getSimpleName() + ")", null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void copy(JsonParser p, JsonGenerator g, MaskCounts counts, boolean record, String[] id)
      throws IOException, NotJsonException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new NotJsonException("empty input", null);
    }
    if (record && t != JsonToken.START_OBJECT) {
      throw new NotJsonException("not a JSON object", null);
    }
    // context[d]: the sensitive-key category inherited by every value inside the container at depth d
    DetectorType[] context = new DetectorType[16];
    int depth = 0;
    int originDepth = -1;
    String field = null;
    while (t != null) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          DetectorType category = category(context, depth, field);
          if (record && depth == 1 && t == JsonToken.START_OBJECT && "origin".equals(field)) {
            originDepth = 2;
          }
          if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
          } else {
            g.writeStartArray();
          }
          depth++;
          if (depth == context.length) {
            context = Arrays.copyOf(context, depth * 2);
          }
          context[depth] = category;
          field = null;
        }
        case END_OBJECT, END_ARRAY -> {
          if (record && depth == 1) {
            writeMasking(g, counts);
          }
          if (depth == originDepth) {
            originDepth = -1;
          }
          context[depth] = null;
          depth--;
          if (t == JsonToken.END_OBJECT) {
            g.writeEndObject();
          } else {
            g.writeEndArray();
          }
          field = null;
        }
        case FIELD_NAME -> {
          field = p.currentName();
          if (record && depth == 1 && "masking".equals(field)) {
            p.nextToken();
            p.skipChildren(); // replaced by this record's counts
            field = null;
          } else {
            g.writeFieldName(field);
          }
        }
        case VALUE_STRING -> {
          String text = p.getText();
          if (record && keep(depth, originDepth, field)) {
            if (depth == 1 && "id".equals(field)) {
              id[0] = text;
            }
            g.writeString(text);
          } else {
            DetectorType category = category(context, depth, field);
            g.writeString(category != null ? engine.maskWhole(category, text, counts) : engine.mask(text, counts));
          }
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          DetectorType category = record && keep(depth, originDepth, field) ? null : category(context, depth, field);
          if (category != null) {
            g.writeString(engine.maskWhole(category, p.getText(), counts));
          } else if (t == JsonToken.VALUE_NUMBER_INT && p.getTextLength() >= 12
              && !(record && keep(depth, originDepth, field))) {
            String text = p.getText();
            String masked = engine.mask(text, counts);
            if (masked == text) {
              g.copyCurrentEvent(p);
            } else {
              g.writeString(masked);
            }
          } else {
            g.copyCurrentEvent(p);
          }
        }
        default -> g.copyCurrentEvent(p); // true, false, null
      }
      if (depth == 0) {
        break;
      }
      t = p.nextToken();
    }
    if (depth != 0) {
      throw new NotJsonException("truncated JSON", null);
    }
    if (p.nextToken() != null) {
      throw new NotJsonException("more than one JSON value", null);
    }
  }

  private DetectorType category(DetectorType[] context, int depth, String field) {
    DetectorType inherited = context[depth];
    if (inherited != null) {
      return inherited;
    }
    return field == null ? null : engine.sensitiveKey(field);
  }

  private static boolean keep(int depth, int originDepth, String field) {
    if (field == null) {
      return false;
    }
    return depth == 1 && ROOT_KEEP.contains(field) || depth == originDepth && ORIGIN_KEEP.contains(field);
  }

  private static void writeMasking(JsonGenerator g, MaskCounts counts) throws IOException {
    g.writeFieldName("masking");
    g.writeStartObject();
    for (var e : counts.asMap().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
