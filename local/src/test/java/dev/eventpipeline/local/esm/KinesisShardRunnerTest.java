package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import dev.eventpipeline.local.lambda.InvocationResult;
import dev.eventpipeline.local.lambda.InvocationResult.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Lambda's Kinesis retry semantics, with a scripted function instead of a process. */
class KinesisShardRunnerTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final List<List<String>> invocations = new ArrayList<>();
  private final List<String> checkpoints = new ArrayList<>();
  private final List<ObjectNode> destination = new ArrayList<>();

  private static MappingSpec spec(boolean bisect, int retries, int maxAge) {
    return new MappingSpec("M", "uuid", "Fn", MappingSpec.Kind.KINESIS,
        "arn:aws:kinesis:us-east-1:123456789012:stream/raw", "raw", 10, 0, "TRIM_HORIZON", null, true, bisect, retries,
        maxAge, "arn:aws:sqs:us-east-1:123456789012:dlq", 0, true, List.of());
  }

  private static List<KinesisRecord> records(String... data) {
    List<KinesisRecord> rs = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      rs.add(new KinesisRecord(String.format("4960%04d", i + 1), "pk",
          ByteBuffer.wrap(data[i].getBytes(StandardCharsets.UTF_8)), NOW.minusSeconds(10)));
    }
    return rs;
  }

  /** A function that fails (partially or whole) on the records the script says. */
  private boolean run(MappingSpec spec, List<KinesisRecord> batch, Function<List<String>, InvocationResult> fn)
      throws InterruptedException {
    FailureDestination dest = FailureDestination.of(body -> {
      try {
        destination.add((ObjectNode) Json.MAPPER.readTree(body));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "test-dlq");
    KinesisShardRunner runner = new KinesisShardRunner(spec, "shardId-000000000000", "arn:fn", "us-east-1", "arn:role",
        event -> {
          List<String> data = new ArrayList<>();
          JsonNode n = read(event);
          for (JsonNode r : n.path("Records")) {
            data.add(new String(Base64.getDecoder().decode(r.path("kinesis").path("data").asText()),
                StandardCharsets.UTF_8) + "@" + r.path("kinesis").path("sequenceNumber").asText());
          }
          invocations.add(data);
          return fn.apply(data);
        }, dest, System.out::println, () -> true, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1));
    return runner.process(batch, r -> checkpoints.add(r.sequenceNumber()));
  }

  private static JsonNode read(byte[] b) {
    try {
      return Json.MAPPER.readTree(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static InvocationResult ok(String payload) {
    return new InvocationResult("req", Outcome.SUCCESS, payload.getBytes(StandardCharsets.UTF_8), null, null, 1, false);
  }

  private static InvocationResult error() {
    return new InvocationResult("req", Outcome.FUNCTION_ERROR, "{}".getBytes(StandardCharsets.UTF_8),
        "java.lang.IllegalStateException", "boom", 1, false);
  }

  /** Reports the first record whose data starts with "fail" (once per call), as the pipeline's handlers do. */
  private static InvocationResult partial(List<String> data) {
    for (String d : data) {
      if (d.startsWith("fail")) {
        return ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + d.substring(d.indexOf('@') + 1) + "\"}]}");
      }
    }
    return ok("{\"batchItemFailures\":[]}");
  }

  @Test
  void aPartialFailureCheckpointsJustBeforeTheLowestFailedRecordAndRetriesFromIt() throws Exception {
    int[] calls = {0};
    boolean done = run(spec(true, 3, -1), records("a", "b", "fail-once", "d"), data -> {
      calls[0]++;
      return calls[0] == 1 ? partial(data) : ok("{}");
    });

    assertThat(done).isTrue();
    assertThat(invocations).hasSize(2);
    assertThat(invocations.get(1)).extracting(s -> s.substring(0, s.indexOf('@')))
        .containsExactly("fail-once", "d");
    assertThat(checkpoints).containsExactly("49600002", "49600004");
    assertThat(destination).isEmpty();
  }

  @Test
  void aFunctionErrorBisectsTheBatchUntilThePoisonRecordIsAloneThenRetriesAndDiscardsIt() throws Exception {
    boolean done = run(spec(true, 1, -1), records("a", "b", "c", "boom", "e", "f"),
        data -> data.stream().anyMatch(d -> d.startsWith("boom")) ? error() : ok("{}"));

    assertThat(done).isTrue();
    // Order within the shard is preserved: everything before the poison record is done before it, after it after.
    List<String> succeeded = new ArrayList<>();
    for (List<String> inv : invocations) {
      if (inv.stream().noneMatch(d -> d.startsWith("boom"))) {
        inv.forEach(d -> succeeded.add(d.substring(0, d.indexOf('@'))));
      }
    }
    assertThat(succeeded).containsExactly("a", "b", "c", "e", "f");
    // The poison record alone: first try + 1 retry, then discarded with Lambda's invocation record.
    assertThat(invocations.stream().filter(i -> i.size() == 1 && i.get(0).startsWith("boom"))).hasSize(2);
    assertThat(destination).hasSize(1);
    JsonNode info = destination.get(0).path("KinesisBatchInfo");
    assertThat(info.path("startSequenceNumber").asText()).isEqualTo("49600004");
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo("49600004");
    assertThat(info.path("batchSize").asInt()).isEqualTo(1);
    assertThat(destination.get(0).path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(destination.get(0).path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
    assertThat(checkpoints.get(checkpoints.size() - 1)).isEqualTo("49600006");
  }

  @Test
  void withoutBisectAFailingBatchIsRetriedWholeThenSentToTheDestination() throws Exception {
    run(spec(false, 2, -1), records("a", "boom"), data -> error());

    assertThat(invocations).hasSize(3).allSatisfy(i -> assertThat(i).hasSize(2));
    assertThat(destination).hasSize(1);
    assertThat(destination.get(0).path("KinesisBatchInfo").path("batchSize").asInt()).isEqualTo(2);
    assertThat(checkpoints).containsExactly("49600002");
  }

  @Test
  void recordsOlderThanTheMaximumAgeAreDiscardedWithoutInvoking() throws Exception {
    run(spec(false, -1, 5), records("old", "older"), data -> ok("{}"));

    assertThat(invocations).isEmpty();
    assertThat(destination).hasSize(1);
    assertThat(destination.get(0).path("requestContext").path("condition").asText()).isEqualTo("RecordAgeExceeded");
    assertThat(checkpoints).containsExactly("49600002");
  }

  @Test
  void anInvalidBatchResponseFailsTheWholeBatch() throws Exception {
    int[] calls = {0};
    run(spec(false, 3, -1), records("a", "b"), data -> ++calls[0] == 1
        ? ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-batch\"}]}") : ok("{}"));

    assertThat(invocations).hasSize(2).allSatisfy(i -> assertThat(i).hasSize(2));
    assertThat(checkpoints).containsExactly("49600002");
  }

  @Test
  void batchResponsesFollowLambdasRules() {
    List<String> ids = List.of("1", "2");
    assertThat(BatchResponse.parse(new byte[0], ids).fullSuccess()).isTrue();
    assertThat(BatchResponse.parse("null".getBytes(StandardCharsets.UTF_8), ids).fullSuccess()).isTrue();
    assertThat(BatchResponse.parse("{}".getBytes(StandardCharsets.UTF_8), ids).fullSuccess()).isTrue();
    assertThat(BatchResponse.parse("{\"batchItemFailures\":[{\"itemIdentifier\":\"2\"}]}"
        .getBytes(StandardCharsets.UTF_8), ids).failedIds()).containsExactly("2");
    assertThat(BatchResponse.parse("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}"
        .getBytes(StandardCharsets.UTF_8), ids).valid()).isFalse();
    assertThat(BatchResponse.parse("not json".getBytes(StandardCharsets.UTF_8), ids).valid()).isFalse();
  }
}
