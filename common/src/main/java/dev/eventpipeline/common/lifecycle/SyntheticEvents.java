package dev.eventpipeline.common.lifecycle;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Lambda events built in memory, shaped as the event source mappings deliver them, for priming a
 * handler before a SnapStart snapshot. Their ids say what they are ({@code priming-...}), so nothing
 * downstream could mistake them for traffic (and priming never sends anything downstream anyway).
 */
public final class SyntheticEvents {
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "000000000000";

  private SyntheticEvents() {}

  /** A Kinesis batch from shard 0 of {@code stream}, one record per payload, in order. */
  public static KinesisEvent kinesis(String stream, List<byte[]> payloads) {
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < payloads.size(); i++) {
      String sequence = String.format("4959000000000000000000000000000000000000000000000000%04d", i);
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      kinesis.setData(ByteBuffer.wrap(payloads.get(i)));
      kinesis.setPartitionKey("priming-" + i);
      kinesis.setSequenceNumber(sequence);
      kinesis.setApproximateArrivalTimestamp(new Date(now));
      kinesis.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
      record.setKinesis(kinesis);
      record.setEventSource("aws:kinesis");
      record.setEventName("aws:kinesis:record");
      record.setEventVersion("1.0");
      record.setAwsRegion(REGION);
      record.setEventID("shardId-000000000000:" + sequence);
      record.setEventSourceARN("arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream);
      record.setInvokeIdentityArn("arn:aws:iam::" + ACCOUNT + ":role/priming");
      records.add(record);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);
    return event;
  }

  /** An SQS batch from {@code queue}, one message per body. */
  public static SQSEvent sqs(String queue, List<String> bodies) {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("priming-" + i);
      message.setReceiptHandle("priming-" + i);
      message.setBody(bodies.get(i));
      message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp",
          Long.toString(System.currentTimeMillis())));
      message.setMessageAttributes(Map.of());
      message.setEventSource("aws:sqs");
      message.setEventSourceArn("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue);
      message.setAwsRegion(REGION);
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
