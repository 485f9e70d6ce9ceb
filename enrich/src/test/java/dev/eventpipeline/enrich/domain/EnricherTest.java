package dev.eventpipeline.enrich.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnricherTest {
  private static final Instant ARRIVAL = Instant.parse("2026-11-23T16:00:01.456Z");
  private final Enricher enricher = new Enricher("prod", "eu-west-1", "1.4.2");
  private final Catalog catalog = catalog();

  private static Catalog catalog() {
    try {
      return CatalogParser.parse(CatalogParserTest.DOCUMENT.getBytes(StandardCharsets.UTF_8));
    } catch (MalformedCatalogException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String record(String fields, String message, String logGroup) {
    return "{\"schemaVersion\":1,\"id\":\"shardId-000000000000.4954.0.0\",\"timestamp\":\"2026-11-23T16:00:00.123Z\","
        + "\"ingestedAt\":\"2026-11-23T16:00:01.456Z\",\"level\":\"INFO\",\"message\":" + Json.MAPPER.valueToTree(message)
        + ",\"fields\":" + fields + ",\"origin\":{\"format\":\"cwl\",\"shardId\":\"shardId-000000000000\""
        + (logGroup == null ? "" : ",\"logGroup\":\"" + logGroup + "\"") + "}}";
  }

  private static InputRecord input(String data) {
    return input(data.getBytes(StandardCharsets.UTF_8));
  }

  private static InputRecord input(byte[] data) {
    return new InputRecord(data, "pk-1", "normalized-logs", "shardId-000000000002", "4959000000000000001", ARRIVAL);
  }

  private EnrichedRecord enrich(String data) {
    return enricher.session("123456789012", catalog, ARRIVAL).enrich(input(data));
  }

  private static JsonNode json(EnrichedRecord r) throws Exception {
    return Json.MAPPER.readTree(r.data());
  }

  private JsonNode enrichment(String data) throws Exception {
    EnrichedRecord r = enrich(data);
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.ENRICHED);
    return json(r).get("enrichment");
  }

  @Test
  void addsStaticDerivedAndLookedUpMetadataAndLeavesTheRestOfTheRecordAsItWas() throws Exception {
    String in = record("{\"orderId\":42,\"service\":\"orders\",\"xray_trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\","
        + "\"function_request_id\":\"c6af9ac6-7b61-11e6-9a41-93e812345678\",\"hostname\":\"ip-10-0-3-17\","
        + "\"client_ip\":\"10.1.7.7\"}", "payment failed", "/aws/lambda/orders-api");
    EnrichedRecord out = enrich(in);

    assertThat(out.status()).isEqualTo(EnrichedRecord.Status.ENRICHED);
    assertThat(out.error()).isNull();
    ObjectNode tree = (ObjectNode) json(out);
    assertThat(Json.MAPPER.writeValueAsString(tree.get("enrichment"))).isEqualTo("{\"environment\":\"prod\","
        + "\"region\":\"eu-west-1\",\"account\":\"123456789012\",\"pipelineVersion\":\"1.4.2\",\"service\":\"orders\","
        + "\"traceId\":\"1-5759e988-bd862e3fe1be46a994272793\",\"requestId\":\"c6af9ac6-7b61-11e6-9a41-93e812345678\","
        + "\"host\":\"ip-10-0-3-17\",\"team\":\"payments\",\"tier\":\"tier-1\","
        + "\"onCall\":\"payments-oncall@example.com\",\"networkZone\":\"prod-vpc\"}");
    tree.remove("enrichment");
    assertThat(tree).isEqualTo(Json.MAPPER.readTree(in));
    // the record's own bytes are kept verbatim: the output starts with the input minus its closing brace
    byte[] inBytes = in.getBytes(StandardCharsets.UTF_8);
    assertThat(Arrays.copyOf(out.data(), inBytes.length - 1)).isEqualTo(Arrays.copyOf(inBytes, inBytes.length - 1));
  }

  @Test
  void derivesFromTheMessageWhenNoFieldSaysSo() throws Exception {
    JsonNode e = enrichment(record("{}",
        "REPORT RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789ab Root=1-5759e988-bd862e3fe1be46a994272793 from 10.200.1.1",
        "/aws/lambda/orders-api"));
    assertThat(e.get("service").asText()).isEqualTo("orders-api");
    assertThat(e.get("team").asText()).isEqualTo("payments"); // found through the alias
    assertThat(e.get("requestId").asText()).isEqualTo("8f5e2c1a-1234-4cde-9abc-0123456789ab");
    assertThat(e.get("traceId").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(e.get("networkZone").asText()).isEqualTo("internal");
    assertThat(e.has("host")).isFalse();
  }

  @Test
  void anExplicitServiceFieldWinsOverTheLogGroup() throws Exception {
    assertThat(enrichment(record("{\"service\":\"web-frontend\"}", "m", "/aws/lambda/orders")).get("service").asText())
        .isEqualTo("web-frontend");
    assertThat(enrichment(record("{\"service.name\":\"web-frontend\"}", "m", "/ecs/x")).get("service").asText())
        .isEqualTo("web-frontend");
    assertThat(enrichment(record("{\"service\":{\"name\":\"web-frontend\",\"version\":\"2\"}}", "m", "/ecs/x"))
        .get("service").asText()).isEqualTo("web-frontend");
  }

  @Test
  void powertoolsPlaceholderServiceFallsBackToTheLogGroup() throws Exception {
    assertThat(enrichment(record("{\"service\":\"service_undefined\"}", "m", "/aws/lambda/orders"))
        .get("service").asText()).isEqualTo("orders");
  }

  @Test
  void kubernetesLabelsNameTheServiceBeforeTheClusterLogGroup() throws Exception {
    String all = "{\"kubernetes\":{\"container_name\":\"app\",\"labels\":{\"app\":\"inventory\","
        + "\"app.kubernetes.io/name\":\"inventory-api\"}}}";
    assertThat(enrichment(record(all, "m", "/aws/eks/prod/application")).get("service").asText()).isEqualTo("inventory-api");
    assertThat(enrichment(record("{\"kubernetes\":{\"labels\":{\"app\":\"inventory\"},\"container_name\":\"app\"}}", "m",
        "/aws/eks/prod/application")).get("service").asText()).isEqualTo("inventory");
    assertThat(enrichment(record("{\"kubernetes\":{\"container_name\":\"app\"}}", "m", "/aws/eks/prod/application"))
        .get("service").asText()).isEqualTo("app");
    assertThat(enrichment(record("{}", "m", "/aws/eks/prod/cluster")).get("service").asText()).isEqualTo("prod");
  }

  @Test
  void nestedHostAndClientObjectsAreRead() throws Exception {
    JsonNode e = enrichment(record("{\"host\":{\"name\":\"node-1\"},\"client\":{\"ip\":\"2001:db8::1\"}}", "m", null));
    assertThat(e.get("host").asText()).isEqualTo("node-1");
    assertThat(e.get("networkZone").asText()).isEqualTo("corp6");
    JsonNode xff = enrichment(record("{\"x-forwarded-for\":\"10.1.0.9, 203.0.113.1\"}", "m", null));
    assertThat(xff.get("networkZone").asText()).isEqualTo("prod-vpc");
  }

  @Test
  void fieldValuesThatAreNotValidDoNotCountAndTheMessageIsTriedInstead() throws Exception {
    JsonNode e = enrichment(record("{\"traceId\":\"abc\",\"sourceIPAddress\":\"ec2.amazonaws.com\",\"requestId\":\"  \","
        + "\"host\":42}", "Root=1-5759e988-bd862e3fe1be46a994272793 from 10.1.1.1", null));
    assertThat(e.get("traceId").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(e.get("networkZone").asText()).isEqualTo("prod-vpc");
    assertThat(e.has("requestId")).isFalse();
    assertThat(e.has("host")).isFalse();
  }

  @Test
  void unknownValuesAreAbsentAndTheStaticOnesAlwaysPresent() throws Exception {
    JsonNode e = enrichment(record("{}", "nothing to see", "my-own-group"));
    assertThat(e.fieldNames()).toIterable().containsExactly("environment", "region", "account", "pipelineVersion");
  }

  @Test
  void anEmptyCatalogMeansNoLookupsButStillDerives() throws Exception {
    EnrichedRecord r = enricher.session(null, Catalog.EMPTY, ARRIVAL)
        .enrich(input(record("{\"client_ip\":\"10.1.1.1\"}", "m", "/aws/lambda/orders")));
    JsonNode e = json(r).get("enrichment");
    assertThat(e.fieldNames()).toIterable().containsExactly("environment", "region", "pipelineVersion", "service");
  }

  @Test
  void escapesDerivedValuesSoTheOutputStaysValidJson() throws Exception {
    String weird = "svc \"quoted\" \\ tab\t nul\u0001 é 😀";
    JsonNode e = enrichment(record("{\"service\":" + Json.MAPPER.writeValueAsString(weird) + "}", "m", null));
    assertThat(e.get("service").asText()).isEqualTo(weird.strip());
  }

  @Test
  void aLoneSurrogateInADerivedValueIsKeptAsAnEscapeNotReplaced() throws Exception {
    EnrichedRecord r = enrich(record("{\"service\":\"orders\\ud800\"}", "m", null));
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.ENRICHED);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).contains("\"service\":\"orders\\uD800\"}");
    assertThat(json(r).at("/enrichment/service").textValue()).isEqualTo("orders\ud800");
  }

  @Test
  void keepsUnicodeAndEscapesOfTheRecordIntact() throws Exception {
    String in = record("{\"note\":\"caf\\u00e9 \\\"x\\\" 😀\"}", "ünïcödé \\ \"quoted\"", "/ecs/web-frontend");
    ObjectNode tree = (ObjectNode) json(enrich(in));
    tree.remove("enrichment");
    assertThat(tree).isEqualTo(Json.MAPPER.readTree(in));
  }

  @Test
  void anEmptyObjectGetsOnlyTheEnrichmentMember() throws Exception {
    EnrichedRecord r = enrich("  {  }  \n");
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.NOT_A_RECORD);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).startsWith("  {  \"enrichment\":{");
    assertThat(json(r).size()).isEqualTo(1);
  }

  @Test
  void aByteOrderMarkIsDropped() throws Exception {
    byte[] body = record("{}", "m", null).getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    EnrichedRecord r = enricher.session("1", catalog, ARRIVAL).enrich(input(withBom));
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.ENRICHED);
    assertThat(r.data()[0]).isEqualTo((byte) '{');
  }

  @Test
  void aJsonObjectThatIsNotALogRecordIsForwardedWithAnError() throws Exception {
    EnrichedRecord noId = enrich("{\"id\":1234,\"name\":\"product\",\"price\":42}");
    assertThat(noId.status()).isEqualTo(EnrichedRecord.Status.NOT_A_RECORD);
    JsonNode tree = json(noId);
    assertThat(tree.get("price").asInt()).isEqualTo(42);
    assertThat(tree.at("/enrichment/error").asText()).isEqualTo("not a schemaVersion 1 log record (no id)");
    assertThat(tree.at("/enrichment/environment").asText()).isEqualTo("prod");

    EnrichedRecord v2 = enrich("{\"schemaVersion\":2,\"id\":\"x\"}");
    assertThat(json(v2).at("/enrichment/error").asText()).contains("schemaVersion 2");
    EnrichedRecord noVersion = enrich("{\"id\":\"x\"}");
    assertThat(json(noVersion).at("/enrichment/error").asText()).contains("schemaVersion missing");
    EnrichedRecord textVersion = enrich("{\"id\":\"x\",\"schemaVersion\":\"1\"}");
    assertThat(json(textVersion).at("/enrichment/error").asText()).contains("not an integer");
  }

  @Test
  void anAlreadyEnrichedRecordHasItsEnrichmentReplacedNotDuplicated() throws Exception {
    String in = "{\"schemaVersion\":1,\"id\":\"a\",\"enrichment\":{\"environment\":\"old\",\"team\":\"stale\"},"
        + "\"message\":\"m\",\"fields\":{\"service\":\"orders\"}}";
    EnrichedRecord r = enrich(in);
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.ENRICHED);
    String text = new String(r.data(), StandardCharsets.UTF_8);
    assertThat(text.indexOf("\"enrichment\"")).isEqualTo(text.lastIndexOf("\"enrichment\""));
    JsonNode e = json(r).get("enrichment");
    assertThat(e.get("environment").asText()).isEqualTo("prod");
    assertThat(e.get("team").asText()).isEqualTo("payments");
  }

  @Test
  void textThatIsNotJsonIsWrappedAsARecordCarryingTheReason() throws Exception {
    EnrichedRecord r = enrich("This is only a test. from 10.1.2.3");
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.WRAPPED);
    JsonNode tree = json(r);
    assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(tree.get("id").asText()).isEqualTo("shardId-000000000002.4959000000000000001.invalid");
    assertThat(tree.get("message").asText()).isEqualTo("This is only a test. from 10.1.2.3");
    assertThat(tree.get("timestamp").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
    assertThat(tree.get("ingestedAt").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
    assertThat(tree.get("fields").isEmpty()).isTrue();
    assertThat(tree.at("/origin/format").asText()).isEqualTo("invalid");
    assertThat(tree.at("/origin/stream").asText()).isEqualTo("normalized-logs");
    assertThat(tree.at("/origin/shardId").asText()).isEqualTo("shardId-000000000002");
    assertThat(tree.at("/origin/sequenceNumber").asText()).isEqualTo("4959000000000000001");
    assertThat(tree.at("/origin/partitionKey").asText()).isEqualTo("pk-1");
    assertThat(tree.at("/enrichment/error").asText()).startsWith("not valid JSON: unexpected character at byte 0");
    assertThat(tree.at("/enrichment/networkZone").asText()).isEqualTo("prod-vpc"); // derivations still apply
    assertThat(tree.at("/enrichment/account").asText()).isEqualTo("123456789012");
  }

  @Test
  void invalidUtf8IsReplacedAndSaidSo() throws Exception {
    byte[] bytes = {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF};
    EnrichedRecord r = enricher.session("1", catalog, ARRIVAL).enrich(input(bytes));
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.WRAPPED);
    JsonNode tree = json(r);
    assertThat(tree.get("message").asText()).isEqualTo("bad \uFFFD( \uFFFD");
    assertThat(tree.at("/enrichment/error").asText()).endsWith("; invalid UTF-8 replaced");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2,3]", "\"just a string\"", "42", "null", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "",
      "   ", "{\"a\":", "{\"message\":\"unterminated}", "{'a':1}", "{\"a\":1,}", "{\"a\":NaN}", "{\"a\":01}"})
  void everythingThatIsNotOneJsonObjectIsWrappedNeverDropped(String data) throws Exception {
    EnrichedRecord r = enrich(data);
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.WRAPPED);
    JsonNode tree = json(r);
    assertThat(tree.get("message").asText()).isEqualTo(data);
    assertThat(tree.at("/enrichment/error").asText()).isNotEmpty();
  }

  @Test
  void aRecordThatWouldExceedOneMebibyteIsForwardedUnchanged() {
    String big = record("{}", "x".repeat(Enricher.MAX_RECORD_BYTES - 400), "/aws/lambda/orders");
    EnrichedRecord r = enrich(big);
    assertThat(r.status()).isEqualTo(EnrichedRecord.Status.UNCHANGED);
    assertThat(r.data()).isEqualTo(big.getBytes(StandardCharsets.UTF_8));
    assertThat(r.error()).contains("1 MiB");
  }

  @Test
  void countsWhatItDid() {
    Enricher.Session s = enricher.session("1", catalog, ARRIVAL);
    s.enrich(input(record("{\"client_ip\":\"10.1.1.1\",\"host\":\"h\"}", "m", "/aws/lambda/orders")));
    s.enrich(input("{\"a\":1}"));
    s.enrich(input("garbage"));
    Enricher.Stats stats = s.stats();
    assertThat(stats.records()).isEqualTo(3);
    assertThat(stats.enriched()).isEqualTo(1);
    assertThat(stats.notRecords()).isEqualTo(1);
    assertThat(stats.wrapped()).isEqualTo(1);
    assertThat(stats.withService()).isEqualTo(1);
    assertThat(stats.withCatalogEntry()).isEqualTo(1);
    assertThat(stats.withNetworkZone()).isEqualTo(1);
    assertThat(stats.withHost()).isEqualTo(1);
  }
}
