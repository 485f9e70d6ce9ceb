package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import dev.eventpipeline.local.esm.EventJson.SqsMessage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The events the local cloud sends deserialize the way the Java runtime deserializes AWS's own. */
class EventJsonTest {
  @Test
  void kinesisEventsCarryBase64DataAndLambdasRecordFields() {
    byte[] json = EventJson.kinesis(List.of(new KinesisRecord("49590338271490256608559692538361571095921575989136588898",
        "pk-1", ByteBuffer.wrap(new byte[] {(byte) 0xF3, (byte) 0x89, 0x00, 0x7F}), Instant.parse("2026-11-23T10:00:00.123Z"))),
        "shardId-000000000000", "arn:aws:kinesis:us-east-1:123456789012:stream/raw", "us-east-1", "arn:aws:iam::123456789012:role/r");

    KinesisEvent event = LambdaEventSerializers.serializerFor(KinesisEvent.class, getClass().getClassLoader())
        .fromJson(new ByteArrayInputStream(json));

    KinesisEvent.KinesisEventRecord r = event.getRecords().get(0);
    ByteBuffer data = r.getKinesis().getData();
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    assertThat(bytes).containsExactly((byte) 0xF3, (byte) 0x89, 0x00, 0x7F);
    assertThat(r.getKinesis().getPartitionKey()).isEqualTo("pk-1");
    assertThat(r.getKinesis().getApproximateArrivalTimestamp().toInstant()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    assertThat(r.getEventID()).isEqualTo("shardId-000000000000:49590338271490256608559692538361571095921575989136588898");
    assertThat(r.getEventSourceARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/raw");
    assertThat(r.getEventSource()).isEqualTo("aws:kinesis");
  }

  @Test
  void sqsEventsCarryBodyAttributesAndMessageAttributes() {
    byte[] json = EventJson.sqs(List.of(new SqsMessage("m-1", "rh-1", "{\"Records\":[]}", "md5",
        Map.of("ApproximateReceiveCount", "2", "SentTimestamp", "1700000000000"),
        Map.of("eventType", MessageAttributeValue.builder().dataType("String").stringValue("ThumbnailCreated").build()))),
        "arn:aws:sqs:us-east-1:123456789012:jobs", "us-east-1");

    SQSEvent event = LambdaEventSerializers.serializerFor(SQSEvent.class, getClass().getClassLoader())
        .fromJson(new ByteArrayInputStream(json));

    SQSEvent.SQSMessage m = event.getRecords().get(0);
    assertThat(m.getMessageId()).isEqualTo("m-1");
    assertThat(m.getReceiptHandle()).isEqualTo("rh-1");
    assertThat(m.getBody()).isEqualTo("{\"Records\":[]}");
    assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(m.getMessageAttributes().get("eventType").getStringValue()).isEqualTo("ThumbnailCreated");
    assertThat(m.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:jobs");
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"eventSource\":\"aws:sqs\"");
  }
}
