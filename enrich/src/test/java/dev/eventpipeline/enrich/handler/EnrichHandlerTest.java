package dev.eventpipeline.enrich.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MutableClock;
import dev.eventpipeline.enrich.port.CatalogSource;
import dev.eventpipeline.common.records.RecordSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnrichHandlerTest {
  private static final String CATALOG = """
      {"formatVersion": 1,
       "services": {"orders": {"team": "payments", "tier": "tier-1", "onCall": "payments-oncall"},
                    "web-frontend": {"team": "web", "tier": "tier-2", "onCall": "web-oncall"}},
       "networkZones": [{"cidr": "10.0.0.0/8", "zone": "internal"}, {"cidr": "10.1.0.0/16", "zone": "prod-vpc"}]}
      """;
  private static final EnrichConfig CONFIG = new EnrichConfig("enriched-logs", "prod", "us-east-2", "1.4.2",
      "reference", "catalog.json", Duration.ofMinutes(5));


  /** The catalog store: serves CATALOG with ETag "v1", honouring If-None-Match; records every fetch. */
  static final class FakeCatalogSource implements CatalogSource {
    final List<String> fetches = new ArrayList<>();
    boolean missing;

    @Override
    public Fetch fetch(String ifNoneMatch) {
      fetches.add(String.valueOf(ifNoneMatch));
      if (missing) {
        return new Missing("NoSuchKey");
      }
      if ("\"v1\"".equals(ifNoneMatch)) {
        return new NotModified();
      }
      return new Found(CATALOG.getBytes(StandardCharsets.UTF_8), "\"v1\"");
    }

    @Override
    public String location() {
      return "s3://reference/catalog.json";
    }
  }

  /** The output stream: records what was written; its answer is scripted. */
  static final class RecordingSink implements RecordSink {
    final List<Entry> written = new ArrayList<>();
    Function<List<Entry>, Result> answer = records -> new Result(records.size(), -1, null);

    @Override
    public Result write(List<Entry> records) {
      written.addAll(records);
      return answer.apply(records);
    }
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T16:00:00Z"));
  private final FakeCatalogSource catalog = new FakeCatalogSource();
  private final RecordingSink sink = new RecordingSink();
  private final EnrichHandler handler = new EnrichHandler(CONFIG, catalog, sink, clock);

  private static KinesisEvent fixture() {
    return EventLoader.loadKinesisEvent("events/kinesis_normalized_records.json");
  }

  private static JsonNode json(RecordSink.Entry o) throws Exception {
    return Json.MAPPER.readTree(o.data());
  }

  @Test
  void forwardsEveryRecordInOrderWithItsPartitionKeyAndEnrichment() throws Exception {
    KinesisEvent event = fixture();

    StreamsEventResponse response = handler.handleRequest(event, new FakeContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written).extracting(RecordSink.Entry::sourceIndex).containsExactly(0, 1, 2);
    assertThat(sink.written).extracting(RecordSink.Entry::partitionKey).containsExactly(
        "/aws/lambda/orders-prod-OrdersFunction-1X2Y3Z/2026/11/23/[$LATEST]abc", "1", "/ecs/web-frontend/web/abc");

    JsonNode lambda = json(sink.written.get(0));
    assertThat(lambda.get("id").asText())
        .isEqualTo("shardId-000000000000.49590338271490256608559692538361571095921575989136588001.0.0");
    assertThat(lambda.at("/fields/user/email").asText()).isEqualTo("jane@example.com"); // untouched: mask's job
    assertThat(lambda.get("enrichment").fieldNames()).toIterable().containsExactly("environment", "region", "account",
        "pipelineVersion", "service", "traceId", "requestId", "team", "tier", "onCall");
    assertThat(Json.MAPPER.convertValue(lambda.get("enrichment"), Map.class)).isEqualTo(
        Map.ofEntries(Map.entry("environment", "prod"), Map.entry("region", "us-east-2"),
            Map.entry("account", "210987654321"), Map.entry("pipelineVersion", "1.4.2"),
            Map.entry("service", "orders"), Map.entry("traceId", "1-5759e988-bd862e3fe1be46a994272793"),
            Map.entry("requestId", "c6af9ac6-7b61-11e6-9a41-93e812345678"), Map.entry("team", "payments"),
            Map.entry("tier", "tier-1"), Map.entry("onCall", "payments-oncall")));

    JsonNode text = json(sink.written.get(1)); // AWS's own "This is only a test." payload
    assertThat(text.get("message").asText()).isEqualTo("This is only a test.");
    assertThat(text.at("/origin/format").asText()).isEqualTo("invalid");
    assertThat(text.at("/origin/stream").asText()).isEqualTo("lambda-stream");
    assertThat(text.at("/origin/sequenceNumber").asText())
        .isEqualTo(event.getRecords().get(1).getKinesis().getSequenceNumber());
    assertThat(text.at("/enrichment/error").asText()).startsWith("not valid JSON");

    JsonNode ecs = json(sink.written.get(2));
    assertThat(ecs.at("/enrichment/service").asText()).isEqualTo("web-frontend");
    assertThat(ecs.at("/enrichment/team").asText()).isEqualTo("web");
    assertThat(ecs.at("/enrichment/networkZone").asText()).isEqualTo("prod-vpc");
  }

  @Test
  void reportsTheFirstRecordThatWasNotForwarded() {
    KinesisEvent event = fixture();
    sink.answer = records -> new RecordSink.Result(1, 1, "ProvisionedThroughputExceededException");

    StreamsEventResponse response = handler.handleRequest(event, new FakeContext());

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(event.getRecords().get(1).getKinesis().getSequenceNumber());
  }

  @Test
  void aSinkThatThrowsFailsTheWholeBatchFromItsFirstRecord() {
    KinesisEvent event = fixture();
    sink.answer = records -> {
      throw new IllegalStateException("boom");
    };

    StreamsEventResponse response = handler.handleRequest(event, new FakeContext());

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(event.getRecords().get(0).getKinesis().getSequenceNumber());
  }

  @Test
  void refreshesTheCatalogOnTheInvocationPathNeverAtInit() {
    assertThat(catalog.fetches).isEmpty();

    handler.handleRequest(fixture(), new FakeContext());
    assertThat(catalog.fetches).containsExactly("null");
    clock.advance(Duration.ofMinutes(4));
    handler.handleRequest(fixture(), new FakeContext());
    assertThat(catalog.fetches).containsExactly("null"); // within the TTL
    clock.advance(Duration.ofMinutes(1));
    handler.handleRequest(fixture(), new FakeContext());
    assertThat(catalog.fetches).containsExactly("null", "\"v1\""); // conditional re-check
  }

  @Test
  void aMissingCatalogNeverFailsTheBatch() throws Exception {
    catalog.missing = true;

    StreamsEventResponse response = handler.handleRequest(fixture(), new FakeContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode e = json(sink.written.get(0)).get("enrichment");
    assertThat(e.get("service").asText()).isEqualTo("orders");
    assertThat(e.has("team")).isFalse();
  }

  @Test
  void anEmptyBatchDoesNothing() {
    StreamsEventResponse response = handler.handleRequest(new KinesisEvent(), new FakeContext());
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written).isEmpty();
    assertThat(catalog.fetches).isEmpty();
  }

  @Test
  void withoutAFunctionArnTheAccountIsLeftOut() throws Exception {
    handler.handleRequest(fixture(), null);
    assertThat(json(sink.written.get(0)).get("enrichment").has("account")).isFalse();
    assertThat(EnrichBatch.accountOf(new FakeContext("not-an-arn"))).isNull();
  }

  @Test
  void readsItsConfigurationAndNamesAMissingVariable() {
    Map<String, String> env = Map.of("OUTPUT_STREAM_NAME", "enriched-logs", "ENVIRONMENT_NAME", "prod",
        "AWS_REGION", "eu-west-1", "PIPELINE_VERSION", "1.4.2", "CATALOG_BUCKET", "reference");
    EnrichConfig config = EnrichConfig.from(Env.of(env));
    assertThat(config.catalogKey()).isEqualTo("catalog.json");
    assertThat(config.catalogTtl()).isEqualTo(Duration.ofSeconds(300));

    var withoutBucket = new java.util.HashMap<>(env);
    withoutBucket.remove("CATALOG_BUCKET");
    assertThatThrownBy(() -> EnrichConfig.from(Env.of(withoutBucket))).isInstanceOf(ConfigException.class)
        .hasMessage("Missing required environment variable CATALOG_BUCKET");
    var badTtl = new java.util.HashMap<>(env);
    badTtl.put("CATALOG_TTL_SECONDS", "five");
    assertThatThrownBy(() -> EnrichConfig.from(Env.of(badTtl))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("CATALOG_TTL_SECONDS");
  }

  /** A Lambda context with an invoked function ARN (alias-qualified, as event source mappings invoke). */
  static final class FakeContext implements Context {
    private final String arn;

    FakeContext() {
      this("arn:aws:lambda:us-east-2:210987654321:function:enrich:live");
    }

    FakeContext(String arn) {
      this.arn = arn;
    }

    @Override
    public String getAwsRequestId() {
      return "7b3c0a62-1f0e-4f5a-9d1c-2e3f4a5b6c7d";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/enrich";
    }

    @Override
    public String getLogStreamName() {
      return "2026/11/23/[live]abc";
    }

    @Override
    public String getFunctionName() {
      return "enrich";
    }

    @Override
    public String getFunctionVersion() {
      return "3";
    }

    @Override
    public String getInvokedFunctionArn() {
      return arn;
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }
}
