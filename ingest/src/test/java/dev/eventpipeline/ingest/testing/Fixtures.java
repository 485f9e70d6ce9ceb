package dev.eventpipeline.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.ingest.domain.OutputRecord;
import dev.eventpipeline.ingest.domain.QuarantineDocuments;
import dev.eventpipeline.ingest.domain.QuarantineKeys;
import dev.eventpipeline.ingest.domain.QuarantineMasking;
import dev.eventpipeline.ingest.domain.RawRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Builders for raw records and helpers to read what the decoder produced. */
public final class Fixtures {
  public static final String SHARD = "shardId-000000000000";
  public static final String SEQ = "49545115243490985018280067714973144582180062593244200961";
  /** 2026-11-23T16:00:01.456Z */
  public static final long ARRIVAL = 1795449601456L;

  private Fixtures() {}

  /** Quarantine documents as the stack configures them by default: prefix quarantine/, built-in policy, no raw copy. */
  public static QuarantineDocuments documents() {
    return new QuarantineDocuments(new QuarantineKeys("quarantine/"), QuarantineMasking.withPolicy(null), null);
  }

  public static RawRecord raw(byte[] data) {
    return new RawRecord("raw-logs", SHARD, SEQ, "pk-1", ARRIVAL, data);
  }

  public static RawRecord raw(String text) {
    return raw(text.getBytes(StandardCharsets.UTF_8));
  }

  public static RawRecord raw(String sequence, String text) {
    return new RawRecord("raw-logs", SHARD, sequence, "pk-1", ARRIVAL, text.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] zlib(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] resource(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<JsonNode> json(List<OutputRecord> outputs) {
    return outputs.stream().map(o -> json(o.json())).toList();
  }
}
