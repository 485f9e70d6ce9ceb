package dev.eventpipeline.common.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class KinesisRecordWriterTest {
  private static final KinesisRecordWriter.RetryPolicy FAST = new KinesisRecordWriter.RetryPolicy(3, 1, 2);

  /** A Kinesis fake whose PutRecords answers are scripted per call. */
  private static final class ScriptedKinesis implements KinesisClient {
    final List<PutRecordsRequest> calls = new ArrayList<>();
    final java.util.function.Function<PutRecordsRequest, PutRecordsResponse> script;

    ScriptedKinesis(java.util.function.Function<PutRecordsRequest, PutRecordsResponse> script) {
      this.script = script;
    }

    @Override
    public PutRecordsResponse putRecords(Consumer<PutRecordsRequest.Builder> request) {
      PutRecordsRequest.Builder b = PutRecordsRequest.builder();
      request.accept(b);
      PutRecordsRequest r = b.build();
      calls.add(r);
      return script.apply(r);
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private static List<RecordSink.Entry> entries(int n, int bytes) {
    return IntStream.range(0, n).mapToObj(i -> new RecordSink.Entry("pk" + (i % 3), new byte[bytes], i)).toList();
  }

  private static PutRecordsResponse ok(PutRecordsRequest r) {
    return PutRecordsResponse.builder().failedRecordCount(0)
        .records(r.records().stream().map(e -> PutRecordsResultEntry.builder().sequenceNumber("1").shardId("s").build()).toList())
        .build();
  }

  @Test
  void splitsCallsAt500EntriesAnd5MiB() {
    ScriptedKinesis kinesis = new ScriptedKinesis(KinesisRecordWriterTest::ok);
    var result = new KinesisRecordWriter(kinesis, "s", FAST, ms -> { }).write(entries(1200, 100));
    assertThat(result.complete()).isTrue();
    assertThat(kinesis.calls).extracting(c -> c.records().size()).containsExactly(500, 500, 200);

    ScriptedKinesis big = new ScriptedKinesis(KinesisRecordWriterTest::ok);
    new KinesisRecordWriter(big, "s", FAST, ms -> { }).write(entries(12, 1000 * 1000));
    assertThat(big.calls).extracting(c -> c.records().size()).containsExactly(5, 5, 2);
  }

  @Test
  void retriesOnlyTheEntriesReportedFailed() {
    AtomicInteger call = new AtomicInteger();
    ScriptedKinesis kinesis = new ScriptedKinesis(r -> {
      if (call.getAndIncrement() == 0) {
        return PutRecordsResponse.builder().failedRecordCount(2).records(
            PutRecordsResultEntry.builder().sequenceNumber("1").build(),
            PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException").build(),
            PutRecordsResultEntry.builder().sequenceNumber("2").build(),
            PutRecordsResultEntry.builder().errorCode("InternalFailure").build()).build();
      }
      return ok(r);
    });
    List<Long> sleeps = new ArrayList<>();
    var result = new KinesisRecordWriter(kinesis, "s", FAST, sleeps::add).write(entries(4, 10));
    assertThat(result.complete()).isTrue();
    assertThat(result.written()).isEqualTo(4);
    assertThat(kinesis.calls.get(1).records()).extracting(e -> e.partitionKey()).containsExactly("pk1", "pk0");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void reportsTheFirstSourceRecordNotForwardedWhenRetriesRunOut() {
    ScriptedKinesis kinesis = new ScriptedKinesis(r -> PutRecordsResponse.builder().failedRecordCount(1)
        .records(r.records().stream().map(e -> e.partitionKey().equals("pk2")
            ? PutRecordsResultEntry.builder().errorCode("InternalFailure").build()
            : PutRecordsResultEntry.builder().sequenceNumber("1").build()).toList()).build());
    var result = new KinesisRecordWriter(kinesis, "s", FAST, ms -> { }).write(entries(6, 10));
    assertThat(result.complete()).isFalse();
    assertThat(result.firstFailedSource()).isEqualTo(2);
    assertThat(result.error()).isEqualTo("InternalFailure");
    assertThat(kinesis.calls).hasSize(3);
  }

  @Test
  void stopsAfterTheFirstChunkThatCannotBeWritten() {
    ScriptedKinesis kinesis = new ScriptedKinesis(r -> {
      throw SdkClientException.create("connection refused");
    });
    var result = new KinesisRecordWriter(kinesis, "s", FAST, ms -> { }).write(entries(700, 10));
    assertThat(result.firstFailedSource()).isZero();
    assertThat(kinesis.calls).hasSize(3); // three attempts of the first chunk, the second never tried
  }

  @Test
  void writesToARealStreamOnMoto() {
    try (MotoServer moto = MotoServer.start().configureSdkSystemProperties();
         KinesisClient kinesis = AwsClients.from(Env.of(moto.clientEnvironment())).kinesis()) {
      kinesis.createStream(b -> b.streamName("normalized").shardCount(1));
      var result = new KinesisRecordWriter(kinesis, "normalized").write(List.of(
          new RecordSink.Entry("a", "one".getBytes(StandardCharsets.UTF_8), 0),
          new RecordSink.Entry("a", "two".getBytes(StandardCharsets.UTF_8), 1)));
      assertThat(result.complete()).isTrue();
      String shard = kinesis.listShards(b -> b.streamName("normalized")).shards().get(0).shardId();
      String iterator = kinesis.getShardIterator(b -> b.streamName("normalized").shardId(shard)
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
          .extracting(r -> r.data().asUtf8String()).containsExactly("one", "two");
    }
  }
}
