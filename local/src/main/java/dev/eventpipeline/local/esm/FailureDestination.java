package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A mapping's on-failure destination (DestinationConfig.OnFailure): an SQS queue or an SNS topic that
 * receives Lambda's invocation record for a discarded batch (the batch's coordinates, not its data).
 */
public final class FailureDestination {
  private final Consumer<String> sender;
  private final String description;

  private FailureDestination(Consumer<String> sender, String description) {
    this.sender = sender;
    this.description = description;
  }

  /** A destination that hands the record's JSON to {@code sender} (tests). */
  static FailureDestination of(Consumer<String> sender, String description) {
    return new FailureDestination(sender, description);
  }

  public static FailureDestination sqs(SqsClient sqs, String queueUrl) {
    return new FailureDestination(body -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)), queueUrl);
  }

  public static FailureDestination sns(SnsClient sns, String topicArn) {
    return new FailureDestination(body -> sns.publish(b -> b.topicArn(topicArn).message(body)), topicArn);
  }

  public String description() {
    return description;
  }

  public void send(ObjectNode record) {
    sender.accept(record.toString());
  }

  /**
   * Lambda's invocation record for a Kinesis batch it gave up on.
   *
   * @param condition RetryAttemptsExhausted or RecordAgeExceeded
   * @param functionError "Unhandled" for a function error, null when the batch was refused otherwise
   */
  public static ObjectNode kinesisRecord(String requestId, String functionArn, String condition, int invokeCount,
      String functionError, String shardId, String streamArn, EventJson.KinesisRecord first,
      EventJson.KinesisRecord last, int batchSize) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    ObjectNode rc = n.putObject("requestContext");
    rc.put("requestId", requestId);
    rc.put("functionArn", functionArn);
    rc.put("condition", condition);
    rc.put("approximateInvokeCount", invokeCount);
    ObjectNode resp = n.putObject("responseContext");
    resp.put("statusCode", 200);
    resp.put("executedVersion", "$LATEST");
    if (functionError != null) {
      resp.put("functionError", functionError);
    }
    n.put("version", "1.0");
    n.put("timestamp", Instant.now().toString());
    ObjectNode info = n.putObject("KinesisBatchInfo");
    info.put("shardId", shardId);
    info.put("startSequenceNumber", first.sequenceNumber());
    info.put("endSequenceNumber", last.sequenceNumber());
    info.put("approximateArrivalOfFirstRecord", first.arrival().toString());
    info.put("approximateArrivalOfLastRecord", last.arrival().toString());
    info.put("batchSize", batchSize);
    info.put("streamArn", streamArn);
    return n;
  }
}
