package dev.eventpipeline.ingest.domain.format;

import static dev.eventpipeline.ingest.testing.Fixtures.SEQ;
import static dev.eventpipeline.ingest.testing.Fixtures.SHARD;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.eventpipeline.ingest.domain.DecodeResult;
import dev.eventpipeline.ingest.domain.Format;
import dev.eventpipeline.ingest.domain.OutputRecord;
import dev.eventpipeline.ingest.domain.RecordDecoder;
import dev.eventpipeline.ingest.domain.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.Messages;

/** Our hand-written deaggregator against aggregates built by KCL's own protobuf classes, and against KCL's AggregatorUtil. */
class KplAggregateTest {
  private final RecordDecoder decoder = new RecordDecoder(DecodeLimits.DEFAULT);

  /** An aggregate as the KPL writes it: magic, protobuf, MD5 of the protobuf. */
  static byte[] frame(byte[] protobuf) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(protobuf);
      byte[] out = new byte[4 + protobuf.length + 16];
      System.arraycopy(AggregatorUtil.AGGREGATED_RECORD_MAGIC, 0, out, 0, 4);
      System.arraycopy(protobuf, 0, out, 4, protobuf.length);
      System.arraycopy(md5, 0, out, 4 + protobuf.length, 16);
      return out;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Messages.Record userRecord(int pkIndex, String data) {
    return Messages.Record.newBuilder().setPartitionKeyIndex(pkIndex)
        .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8)).build();
  }

  static byte[] aggregate(List<String> keys, Messages.Record... records) {
    Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder().addAllPartitionKeyTable(keys);
    for (Messages.Record r : records) {
      b.addRecords(r);
    }
    return frame(b.build().toByteArray());
  }

  @Test
  void deaggregatesExactlyAsKclsAggregatorUtilDoes() throws Exception {
    Random random = new Random(3);
    Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder()
        .addPartitionKeyTable("alpha").addPartitionKeyTable("beta").addPartitionKeyTable("γάμμα")
        .addExplicitHashKeyTable("170141183460469231731687303715884105728");
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[random.nextInt(2000)];
      random.nextBytes(data);
      Messages.Record.Builder r = Messages.Record.newBuilder().setPartitionKeyIndex(i % 3).setData(ByteString.copyFrom(data));
      if (i % 7 == 0) {
        r.setExplicitHashKeyIndex(0);
      }
      if (i % 11 == 0) {
        r.addTags(Messages.Tag.newBuilder().setKey("k").setValue("v"));
      }
      b.addRecords(r);
    }
    byte[] agg = frame(b.build().toByteArray());

    List<KplAggregate.UserRecord> ours = KplAggregate.decode(agg);
    List<KinesisClientRecord> kcl = new AggregatorUtil().deaggregate(List.of(KinesisClientRecord.builder()
        .data(ByteBuffer.wrap(agg)).partitionKey("outer").sequenceNumber(SEQ)
        .approximateArrivalTimestamp(Instant.now()).build()));

    assertThat(ours).hasSize(300).hasSameSizeAs(kcl);
    for (int i = 0; i < kcl.size(); i++) {
      KinesisClientRecord expected = kcl.get(i);
      KplAggregate.UserRecord actual = ours.get(i);
      assertThat(actual.subSequenceNumber()).isEqualTo(expected.subSequenceNumber());
      assertThat(actual.partitionKey()).isEqualTo(expected.partitionKey());
      assertThat(actual.explicitHashKey()).isEqualTo(expected.explicitHashKey());
      ByteBuffer data = expected.data().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      assertThat(Arrays.copyOfRange(agg, actual.dataOffset(), actual.dataOffset() + actual.dataLength())).isEqualTo(bytes);
    }
  }

  @Test
  void decodesEachUserRecordsPayloadWithItsOwnPartitionKeyAndSubSequence() {
    byte[] agg = aggregate(List.of("user-1", "user-2"),
        userRecord(0, "{\"level\":\"warn\",\"msg\":\"json user record\"}"),
        userRecord(1, "{\"msg\":\"a\"}\n{\"msg\":\"b\"}"),
        userRecord(0, "plain text user record"));
    DecodeResult result = decoder.decode(raw(agg));

    assertThat(result.inputFormat()).isEqualTo(Format.KPL);
    List<JsonNode> out = json(result.outputs());
    assertThat(out).extracting(r -> r.get("id").asText()).containsExactly(
        SHARD + "." + SEQ + ".0.0", SHARD + "." + SEQ + ".1.0", SHARD + "." + SEQ + ".1.1", SHARD + "." + SEQ + ".2.0");
    assertThat(out).extracting(r -> r.get("origin").get("format").asText()).containsOnly("kpl");
    assertThat(out).extracting(r -> r.get("origin").get("innerFormat").asText()).containsExactly("json", "ndjson", "ndjson", "text");
    assertThat(out).extracting(r -> r.get("origin").get("subSequenceNumber").asInt()).containsExactly(0, 1, 1, 2);
    assertThat(out.get(0).get("level").asText()).isEqualTo("WARN");
    assertThat(result.outputs()).extracting(OutputRecord::partitionKey).containsExactly("user-1", "user-2", "user-2", "user-1");
  }

  @Test
  void quarantinesAnAggregateWithAWrongMd5() {
    byte[] agg = aggregate(List.of("k"), userRecord(0, "hello"));
    agg[agg.length - 1] ^= 0x01;
    assertThatThrownBy(() -> KplAggregate.decode(agg)).isInstanceOf(KplAggregate.KplException.class)
        .satisfies(e -> assertThat(((KplAggregate.KplException) e).reason()).isEqualTo(RejectReason.KPL_BAD_MD5));
    DecodeResult result = decoder.decode(raw(agg));
    assertThat(result.outputs()).isEmpty();
    assertThat(result.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(RejectReason.KPL_BAD_MD5);
      assertThat(r.scope()).isEqualTo(Rejection.Scope.RECORD);
      assertThat(r.bytes()).isEqualTo(agg);
    });
  }

  @Test
  void quarantinesATruncatedAggregate() {
    byte[] agg = aggregate(List.of("k"), userRecord(0, "x".repeat(500)), userRecord(0, "y".repeat(500)));
    byte[] cut = Arrays.copyOf(agg, agg.length / 2);
    assertThat(decoder.decode(raw(cut)).rejections()).extracting(Rejection::reason).containsExactly(RejectReason.KPL_TRUNCATED);
  }

  @Test
  void quarantinesATruncatedProtobufEvenWithAMatchingMd5() {
    byte[] protobuf = Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k")
        .addRecords(userRecord(0, "z".repeat(300))).build().toByteArray();
    byte[] agg = frame(Arrays.copyOf(protobuf, protobuf.length - 100));
    assertThat(decoder.decode(raw(agg)).rejections()).extracting(Rejection::reason).containsExactly(RejectReason.KPL_TRUNCATED);
  }

  @Test
  void quarantinesAUserRecordPointingOutsideThePartitionKeyTable() {
    byte[] agg = aggregate(List.of("only"), userRecord(5, "data"));
    assertThat(decoder.decode(raw(agg)).rejections()).extracting(Rejection::reason).containsExactly(RejectReason.KPL_MALFORMED);
  }

  @Test
  void quarantinesGarbageAfterTheMagicBytes() {
    byte[] garbage = new byte[64];
    new Random(9).nextBytes(garbage);
    System.arraycopy(AggregatorUtil.AGGREGATED_RECORD_MAGIC, 0, garbage, 0, 4);
    DecodeResult result = decoder.decode(raw(garbage));
    assertThat(result.outputs()).isEmpty();
    assertThat(result.rejections()).singleElement().satisfies(r ->
        assertThat(r.reason()).isIn(RejectReason.KPL_TRUNCATED, RejectReason.KPL_MALFORMED, RejectReason.KPL_BAD_MD5));
  }

  @Test
  void quarantinesOnlyTheBinaryUserRecordOfAnAggregate() {
    byte[] binary = new byte[256];
    new Random(1).nextBytes(binary);
    binary[10] = 0;
    byte[] agg = frame(Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("k")
        .addRecords(userRecord(0, "good one"))
        .addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(0).setData(ByteString.copyFrom(binary)))
        .addRecords(userRecord(0, "good two")).build().toByteArray());
    DecodeResult result = decoder.decode(raw(agg));
    assertThat(json(result.outputs())).extracting(r -> r.get("message").asText()).containsExactly("good one", "good two");
    assertThat(result.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(RejectReason.BINARY);
      assertThat(r.scope()).isEqualTo(Rejection.Scope.USER_RECORD);
      assertThat(r.subSequenceNumber()).isEqualTo(1);
      assertThat(r.bytes()).isEqualTo(binary);
    });
  }

  @Test
  void acceptsAnAggregateWithNoUserRecords() {
    DecodeResult result = decoder.decode(raw(aggregate(List.of())));
    assertThat(result.empty()).isTrue();
    assertThat(result.outputs()).isEmpty();
    assertThat(result.rejections()).isEmpty();
  }

  @Test
  void aUserRecordWithAPartitionKeyKinesisWouldRefuseIsForwardedUnderABoundedStableKey() {
    String longKey = "tenant-" + "x".repeat(300);
    byte[] agg = aggregate(List.of(longKey, "short"), userRecord(0, "{\"message\":\"a\"}"), userRecord(1, "{\"message\":\"b\"}"));
    DecodeResult result = decoder.decode(raw(agg));

    assertThat(result.rejections()).isEmpty();
    assertThat(result.outputs()).hasSize(2);
    String bounded = result.outputs().get(0).partitionKey();
    assertThat(bounded).hasSizeLessThanOrEqualTo(256).startsWith("tenant-xxx").contains("#");
    assertThat(decoder.decode(raw(agg)).outputs().get(0).partitionKey()).isEqualTo(bounded);
    assertThat(result.outputs().get(1).partitionKey()).isEqualTo("short");
  }
}
