package dev.eventpipeline.mask;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.mask.handler.MaskHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

/**
 * Run by {@link ShadedHandlerIT} inside the deployment artifact's classpath: the no-argument
 * handler (real S3, SNS and Secrets Manager adapters from the environment) stores one batch.
 */
public final class ShadedHandlerSmoke {
  private ShadedHandlerSmoke() {}

  public static void main(String[] args) {
    KinesisEvent.Record kinesis = new KinesisEvent.Record();
    kinesis.setSequenceNumber("49545115243490985018280067714973144582180062593244200961");
    kinesis.setApproximateArrivalTimestamp(new Date(1_764_000_000_000L));
    kinesis.setData(ByteBuffer.wrap(
        "{\"id\":\"smoke-1\",\"message\":\"from jane@example.com\"}".getBytes(StandardCharsets.UTF_8)));
    KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
    record.setKinesis(kinesis);
    record.setEventID("shardId-000000000000:" + kinesis.getSequenceNumber());
    record.setEventSourceARN("arn:aws:kinesis:us-east-1:123456789012:stream/enriched-logs");
    KinesisEvent event = new KinesisEvent();
    event.setRecords(List.of(record));

    StreamsEventResponse response = new MaskHandler().handleRequest(event, null);
    if (!response.getBatchItemFailures().isEmpty()) {
      System.err.println("SMOKE FAILED: batch reported a failure");
      System.exit(3);
    }
    System.out.println("SMOKE OK");
  }
}
