package dev.eventpipeline.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.esm.EventJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** `pipeline dlq list|redrive` against a real moto server. */
class DlqCommandTest {
  @TempDir
  static Path home;
  static MotoPipeline pipeline;
  static String jobs;
  static String jobsDlq;
  static String stream;
  static String kinesisDlq;

  @BeforeAll
  static void provision() {
    pipeline = MotoPipeline.start(home);
    jobs = pipeline.createQueue("ThumbnailJobsQueueUrl");
    jobsDlq = pipeline.createQueue("ThumbnailJobsDlqUrl");
    String dlqArn = pipeline.sqs.getQueueAttributes(b -> b.queueUrl(jobsDlq).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    pipeline.sqs.setQueueAttributes(b -> b.queueUrl(jobs).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}")));
    stream = pipeline.createStream("EnrichedLogsStreamName", 1);
    kinesisDlq = pipeline.createQueue("MaskDlqUrl");
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  private static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static List<Message> drain(String queue) {
    List<Message> all = new ArrayList<>();
    List<Message> got;
    do {
      got = pipeline.sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0)
          .messageAttributeNames("All")).messages();
      all.addAll(got);
      got.forEach(m -> pipeline.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
    } while (!got.isEmpty());
    return all;
  }

  @Test
  void listShowsEachDlqWithWhatFeedsItAndItsDepth() {
    pipeline.sqs.sendMessage(b -> b.queueUrl(jobsDlq).messageBody("dead job"));
    try {
      MotoPipeline.Run run = pipeline.run("dlq", "list");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .containsPattern(name(jobsDlq) + "\\s+dead-letter queue of " + name(jobs) + "\\s+1\\s+0\\s+<- `pipeline dlq "
              + "redrive " + name(jobsDlq) + "`")
          .containsPattern(name(kinesisDlq) + "\\s+on-failure destination\\s+0\\s+0");
      MotoPipeline.Run json = pipeline.run("dlq", "list", "--json");
      assertThat(json.exitCode()).isZero();
      assertThat(json.out()).contains("\"kind\" : \"sqs-dlq\"", "\"kind\" : \"on-failure\"");
    } finally {
      drain(jobsDlq);
    }
  }

  @Test
  void redriveMovesSqsDeadLettersBackToTheirSourceQueueWithBodyAndAttributes() {
    for (int i = 0; i < 13; i++) {
      String body = "{\"job\":" + i + "}";
      pipeline.sqs.sendMessage(b -> b.queueUrl(jobsDlq).messageBody(body).messageAttributes(Map.of("eventType",
          MessageAttributeValue.builder().dataType("String").stringValue("ThumbnailFailed").build())));
    }

    MotoPipeline.Run run = pipeline.run("dlq", "redrive", "ThumbnailJobsDlq");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Moved 13 message(s) back to " + name(jobs));
    List<Message> back = drain(jobs);
    assertThat(back).hasSize(13).allSatisfy(m ->
        assertThat(m.messageAttributes().get("eventType").stringValue()).isEqualTo("ThumbnailFailed"));
    assertThat(back).extracting(Message::body).contains("{\"job\":0}", "{\"job\":12}");
    assertThat(drain(jobsDlq)).isEmpty();
  }

  @Test
  void redriveReplaysTheKinesisRecordsAFailureRecordNamesToTheSameStreamInOrder() throws Exception {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + i)
          .data(SdkBytes.fromUtf8String("{\"id\":\"r" + i + "\"}")).build());
    }
    List<PutRecordsResultEntry> put = pipeline.kinesis.putRecords(b -> b.streamName(stream).records(entries)).records();
    String failure = failureRecord(put.get(0).shardId(), put.get(2).sequenceNumber(), put.get(4).sequenceNumber(), 3);
    pipeline.sqs.sendMessage(b -> b.queueUrl(kinesisDlq).messageBody(failure));

    MotoPipeline.Run run = pipeline.run("dlq", "redrive", name(kinesisDlq));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Replayed 1 failure record(s): 3 Kinesis record(s) put again");
    List<Record> all = pipeline.readStream(stream);
    assertThat(all).hasSize(9);
    assertThat(all.subList(6, 9)).extracting(r -> r.data().asUtf8String())
        .containsExactly("{\"id\":\"r2\"}", "{\"id\":\"r3\"}", "{\"id\":\"r4\"}");
    assertThat(all.subList(6, 9)).extracting(Record::partitionKey).containsExactly("pk-2", "pk-3", "pk-4");
    assertThat(drain(kinesisDlq)).isEmpty();
  }

  @Test
  void aFailureRecordWhoseRecordsAreGoneStaysInTheQueueAndExitsOne() throws Exception {
    String shard = pipeline.kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
    String failure = failureRecord(shard, "49999999999999999999999999999999999999999999999999999999",
        "49999999999999999999999999999999999999999999999999999999", 1);
    pipeline.sqs.sendMessage(b -> b.queueUrl(kinesisDlq).messageBody(failure));
    pipeline.sqs.sendMessage(b -> b.queueUrl(kinesisDlq).messageBody("not a failure record"));
    try {
      MotoPipeline.Run run = pipeline.run("dlq", "redrive", "MaskDlqUrl");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("2 message(s) left in " + name(kinesisDlq)).contains("not JSON");
    } finally {
      assertThat(drain(kinesisDlq)).hasSize(2);
    }
  }

  @Test
  void anUnknownQueueIsAUsageErrorAndHelpDescribesBothKinds() {
    MotoPipeline.Run unknown = pipeline.run("dlq", "redrive", "no-such-queue");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no dead-letter queue no-such-queue").contains(name(jobsDlq));

    assertThat(pipeline.run("dlq").exitCode()).isEqualTo(2);
    MotoPipeline.Run help = pipeline.run("dlq", "redrive", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("SQS dead-letter queue", "Kinesis on-failure destination", "Exit codes");
    assertThat(pipeline.run("dlq", "redrive", "x", "--max", "0").exitCode()).isEqualTo(2);
  }

  /** Lambda's invocation record for a discarded Kinesis batch, as the local cloud sends it. */
  private static String failureRecord(String shardId, String first, String last, int size) {
    JsonNode node = dev.eventpipeline.local.esm.FailureDestination.kinesisRecord("req-1",
        "arn:aws:lambda:us-east-1:123456789012:function:mask", "RetryAttemptsExhausted", 3, null, shardId,
        "arn:aws:kinesis:us-east-1:123456789012:stream/" + stream,
        new EventJson.KinesisRecord(first, "pk", java.nio.ByteBuffer.allocate(0), Instant.now()),
        new EventJson.KinesisRecord(last, "pk", java.nio.ByteBuffer.allocate(0), Instant.now()), size);
    return node.toString();
  }

}
