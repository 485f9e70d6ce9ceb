package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The event documents Lambda sends to functions, built field by field in AWS's shapes: Kinesis
 * (base64 data, arrival time in epoch seconds), SQS (attributes and message attributes as Lambda
 * renders them) and function URLs (payload format 2.0).
 */
public final class EventJson {
  private EventJson() {}

  /** One Kinesis record as the poller read it. */
  public record KinesisRecord(String sequenceNumber, String partitionKey, ByteBuffer data, Instant arrival) {
    byte[] bytes() {
      ByteBuffer d = data.duplicate();
      byte[] b = new byte[d.remaining()];
      d.get(b);
      return b;
    }
  }

  /** One SQS message as the poller received it. */
  public record SqsMessage(String messageId, String receiptHandle, String body, String md5OfBody,
      Map<String, String> attributes, Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue>
          messageAttributes) {}

  public static byte[] kinesis(List<KinesisRecord> records, String shardId, String streamArn, String region,
      String roleArn) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode rs = root.putArray("Records");
    for (KinesisRecord r : records) {
      ObjectNode rec = rs.addObject();
      ObjectNode k = rec.putObject("kinesis");
      k.put("kinesisSchemaVersion", "1.0");
      k.put("partitionKey", r.partitionKey());
      k.put("sequenceNumber", r.sequenceNumber());
      k.put("data", Base64.getEncoder().encodeToString(r.bytes()));
      k.put("approximateArrivalTimestamp", new BigDecimal(r.arrival().toEpochMilli()).movePointLeft(3));
      rec.put("eventSource", "aws:kinesis");
      rec.put("eventVersion", "1.0");
      rec.put("eventID", shardId + ":" + r.sequenceNumber());
      rec.put("eventName", "aws:kinesis:record");
      rec.put("invokeIdentityArn", roleArn);
      rec.put("awsRegion", region);
      rec.put("eventSourceARN", streamArn);
    }
    return bytes(root);
  }

  public static byte[] sqs(List<SqsMessage> messages, String queueArn, String region) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode rs = root.putArray("Records");
    for (SqsMessage m : messages) {
      ObjectNode rec = rs.addObject();
      rec.put("messageId", m.messageId());
      rec.put("receiptHandle", m.receiptHandle());
      rec.put("body", m.body());
      ObjectNode attrs = rec.putObject("attributes");
      m.attributes().forEach(attrs::put);
      ObjectNode mas = rec.putObject("messageAttributes");
      m.messageAttributes().forEach((name, v) -> {
        ObjectNode a = mas.putObject(name);
        if (v.stringValue() != null) {
          a.put("stringValue", v.stringValue());
        }
        if (v.binaryValue() != null) {
          a.put("binaryValue", Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
        }
        a.putArray("stringListValues");
        a.putArray("binaryListValues");
        a.put("dataType", v.dataType());
      });
      rec.put("md5OfBody", m.md5OfBody());
      rec.put("eventSource", "aws:sqs");
      rec.put("eventSourceARN", queueArn);
      rec.put("awsRegion", region);
    }
    return bytes(root);
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
