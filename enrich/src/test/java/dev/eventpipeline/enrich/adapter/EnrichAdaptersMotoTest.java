package dev.eventpipeline.enrich.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.enrich.handler.EnrichConfig;
import dev.eventpipeline.enrich.handler.EnrichHandler;
import dev.eventpipeline.enrich.port.CatalogSource;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

/** The adapters against a real moto server: the catalog from S3 with ETags, records into a real stream. */
class EnrichAdaptersMotoTest {
  private static final String BUCKET = "reference-data";
  private static final String CATALOG = """
      {"formatVersion": 1,
       "services": {"orders": {"team": "payments", "tier": "tier-1", "onCall": "payments-oncall"},
                    "web-frontend": {"team": "web", "tier": "tier-2", "onCall": "web-oncall"}},
       "networkZones": [{"cidr": "10.0.0.0/8", "zone": "internal"}, {"cidr": "10.1.0.0/16", "zone": "prod-vpc"}]}
      """;

  private static MotoServer moto;
  private static S3Client s3;
  private static KinesisClient kinesis;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start().configureSdkSystemProperties();
    AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
    s3 = clients.s3();
    kinesis = clients.kinesis();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  private static String put(String key, String body) {
    return s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body)).eTag();
  }

  @Test
  void fetchesTheCatalogAndAnswersNotModifiedForItsEtag() throws Exception {
    String etag = put("etag/catalog.json", CATALOG);
    S3CatalogSource source = new S3CatalogSource(s3, BUCKET, "etag/catalog.json");

    CatalogSource.Fetch first = source.fetch(null);
    assertThat(first).isInstanceOf(CatalogSource.Found.class);
    assertThat(((CatalogSource.Found) first).etag()).isEqualTo(etag);
    assertThat(new String(((CatalogSource.Found) first).document())).isEqualTo(CATALOG);

    assertThat(source.fetch(etag)).isInstanceOf(CatalogSource.NotModified.class);

    String changed = put("etag/catalog.json", CATALOG.replace("payments", "checkout"));
    CatalogSource.Fetch after = source.fetch(etag);
    assertThat(after).isInstanceOf(CatalogSource.Found.class);
    assertThat(((CatalogSource.Found) after).etag()).isEqualTo(changed).isNotEqualTo(etag);
    assertThat(source.location()).isEqualTo("s3://reference-data/etag/catalog.json");
  }

  @Test
  void reportsAMissingKeyOrBucketAsMissing() throws Exception {
    assertThat(new S3CatalogSource(s3, BUCKET, "no/such.json").fetch(null))
        .isEqualTo(new CatalogSource.Missing("NoSuchKey"));
    assertThat(new S3CatalogSource(s3, "no-such-bucket", "catalog.json").fetch(null))
        .isEqualTo(new CatalogSource.Missing("NoSuchBucket"));
  }

  @Test
  void refusesADocumentOverTheSizeCap() throws Exception {
    String etag = put("big/catalog.json", CATALOG);
    CatalogSource.Fetch fetch = new S3CatalogSource(s3, BUCKET, "big/catalog.json", Duration.ofSeconds(5), 64).fetch(null);
    assertThat(fetch).isInstanceOf(CatalogSource.Unusable.class);
    assertThat(((CatalogSource.Unusable) fetch).etag()).isEqualTo(etag);
  }

  @Test
  void anUnreachableStoreIsUnavailableNotMissing() {
    Map<String, String> env = new HashMap<>(moto.clientEnvironment());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1"); // nothing listens on port 1
    S3Client unreachable = AwsClients.from(Env.of(env)).s3();
    S3CatalogSource source = new S3CatalogSource(unreachable, BUCKET, "catalog.json", Duration.ofSeconds(2), 1024);
    assertThatThrownBy(() -> source.fetch(null)).isInstanceOf(CatalogSource.CatalogUnavailableException.class);
  }

  @Test
  void theHandlerEnrichesFromTheS3CatalogIntoARealStreamKeepingPartitionKeysAndOrder() throws Exception {
    put("catalog.json", CATALOG);
    kinesis.createStream(b -> b.streamName("enriched-logs").shardCount(1));
    String shardIterator = kinesis.getShardIterator(b -> b.streamName("enriched-logs").shardId("shardId-000000000000")
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    EnrichConfig config = new EnrichConfig("enriched-logs", "local", "us-east-1", "0.1.0", BUCKET, "catalog.json",
        Duration.ofMinutes(5));
    EnrichHandler handler = new EnrichHandler(config, new S3CatalogSource(s3, BUCKET, "catalog.json"),
        new KinesisRecordWriter(kinesis, "enriched-logs"), Clock.systemUTC());
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_normalized_records.json");

    StreamsEventResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    List<Record> records = kinesis.getRecords(b -> b.shardIterator(shardIterator)).records();
    assertThat(records).extracting(Record::partitionKey).containsExactly(
        "/aws/lambda/orders-prod-OrdersFunction-1X2Y3Z/2026/11/23/[$LATEST]abc", "1", "/ecs/web-frontend/web/abc");
    JsonNode lambda = Json.MAPPER.readTree(records.get(0).data().asByteArray());
    assertThat(lambda.at("/enrichment/team").asText()).isEqualTo("payments");
    assertThat(lambda.at("/enrichment/environment").asText()).isEqualTo("local");
    JsonNode wrapped = Json.MAPPER.readTree(records.get(1).data().asByteArray());
    assertThat(wrapped.at("/enrichment/error").asText()).startsWith("not valid JSON");
    JsonNode ecs = Json.MAPPER.readTree(records.get(2).data().asByteArray());
    assertThat(ecs.at("/enrichment/networkZone").asText()).isEqualTo("prod-vpc");
    assertThat(ecs.at("/enrichment/onCall").asText()).isEqualTo("web-oncall");
  }

  @Test
  void aStreamThatDoesNotExistIsReportedAsTheFirstRecordNotForwarded() {
    EnrichConfig config = new EnrichConfig("no-such-stream", "local", "us-east-1", "0.1.0", BUCKET, "catalog.json",
        Duration.ofMinutes(5));
    EnrichHandler handler = new EnrichHandler(config, new S3CatalogSource(s3, BUCKET, "catalog.json"),
        new KinesisRecordWriter(kinesis, "no-such-stream",
            new KinesisRecordWriter.RetryPolicy(2, 1, 2), ms -> { }), Clock.systemUTC());
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_normalized_records.json");

    StreamsEventResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(event.getRecords().get(0).getKinesis().getSequenceNumber());
  }
}
