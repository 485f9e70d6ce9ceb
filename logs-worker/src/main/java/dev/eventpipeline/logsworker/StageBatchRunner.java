package dev.eventpipeline.logsworker;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Runs a batch of one shard through a stage's handler exactly as Lambda would call it: the records as a
 * Kinesis event (same stream, shard, sequence numbers, partition keys, arrival times and bytes; KPL
 * aggregates whole, as Lambda delivers them), and the handler's partial batch response turned into the
 * index of the first record not done.
 */
final class StageBatchRunner implements ShardBatches.Runner<KinesisClientRecord> {
  private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
  private final String functionName;
  private final String shardId;
  private final String sourceArn;
  private final String region;
  private final String account;

  StageBatchRunner(RequestHandler<KinesisEvent, StreamsEventResponse> handler, String functionName, String stream,
      String shardId, String region, String account) {
    this.handler = handler;
    this.functionName = functionName;
    this.shardId = shardId;
    this.region = region;
    this.account = account;
    this.sourceArn = "arn:aws:kinesis:" + region + ":" + (account == null ? "000000000000" : account) + ":stream/" + stream;
  }

  @Override
  public int run(List<KinesisClientRecord> batch) {
    String requestId = shardId + ":" + batch.get(0).sequenceNumber();
    StreamsEventResponse response = handler.handleRequest(event(batch),
        new WorkerContext(requestId, functionName, region, account));
    return firstFailed(batch, response);
  }

  KinesisEvent event(List<KinesisClientRecord> batch) {
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(batch.size());
    for (KinesisClientRecord r : batch) {
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      kinesis.setKinesisSchemaVersion("1.0");
      kinesis.setPartitionKey(r.partitionKey());
      kinesis.setSequenceNumber(r.sequenceNumber());
      kinesis.setData(r.data());
      if (r.approximateArrivalTimestamp() != null) {
        kinesis.setApproximateArrivalTimestamp(Date.from(r.approximateArrivalTimestamp()));
      }
      if (r.encryptionType() != null) {
        kinesis.setEncryptionType(r.encryptionType().toString());
      }
      KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
      record.setKinesis(kinesis);
      record.setEventSource("aws:kinesis");
      record.setEventName("aws:kinesis:record");
      record.setEventVersion("1.0");
      record.setEventID(shardId + ":" + r.sequenceNumber());
      record.setEventSourceARN(sourceArn);
      record.setAwsRegion(region);
      record.setInvokeIdentityArn("arn:aws:iam::" + (account == null ? "000000000000" : account) + ":role/" + functionName);
      records.add(record);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);
    return event;
  }

  /**
   * The index of the first record the response names (Lambda retries from the lowest sequence number
   * reported), -1 when it names none; a name the batch does not hold means all of it.
   */
  static int firstFailed(List<KinesisClientRecord> batch, StreamsEventResponse response) {
    if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
      return -1;
    }
    int first = Integer.MAX_VALUE;
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      int index = indexOf(batch, failure.getItemIdentifier());
      if (index < 0) {
        return 0;
      }
      first = Math.min(first, index);
    }
    return first;
  }

  private static int indexOf(List<KinesisClientRecord> batch, String sequenceNumber) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
        return i;
      }
    }
    return -1;
  }
}
