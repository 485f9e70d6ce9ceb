package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Builds one CloudWatch Logs subscription payload, as a subscription filter delivers it to Kinesis:
 * gzip of {"messageType":"DATA_MESSAGE","owner","logGroup","logStream","subscriptionFilters",
 * "logEvents":[{"id","timestamp","message"}]}.
 */
public final class CloudWatchLogsPayload {
  /** Kept well under Kinesis' 1 MiB record limit even before compression. */
  public static final int MAX_MESSAGE_BYTES = 256 * 1024;
  public static final int MAX_EVENTS = 1_000;
  private static final BigInteger ID_SCALE = BigInteger.TEN.pow(43);

  private final ObjectNode root = Json.MAPPER.createObjectNode();
  private final ArrayNode events;
  private int messageBytes;
  private long sequence;

  public CloudWatchLogsPayload(String owner, String logGroup, String logStream, String filterName) {
    root.put("messageType", "DATA_MESSAGE");
    root.put("owner", owner);
    root.put("logGroup", logGroup);
    root.put("logStream", logStream);
    root.putArray("subscriptionFilters").add(filterName);
    events = root.putArray("logEvents");
  }

  /** Whether one more message of this size still fits. */
  public boolean fits(int messageLength) {
    return events.isEmpty() || events.size() < MAX_EVENTS && messageBytes + messageLength <= MAX_MESSAGE_BYTES;
  }

  public void add(long timestampMillis, String message) {
    ObjectNode event = events.addObject();
    // CloudWatch event ids are 56-digit decimal strings that grow with time.
    event.put("id", BigInteger.valueOf(timestampMillis).multiply(ID_SCALE).add(BigInteger.valueOf(sequence++)).toString());
    event.put("timestamp", timestampMillis);
    event.put("message", message);
    messageBytes += message.length();
  }

  public int count() {
    return events.size();
  }

  /** The gzip-compressed JSON, exactly what lands in the Kinesis record. */
  public byte[] toBytes() {
    try {
      return gzip(Json.MAPPER.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
