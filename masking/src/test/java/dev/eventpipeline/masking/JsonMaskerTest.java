package dev.eventpipeline.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMaskerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonMasker masker = new JsonMasker(MaskEngine.withDefaults());

  static final String RECORD = """
      {"schemaVersion":1,"id":"shardId-000000000000.4954511524349098501828006771497.0.0",
       "timestamp":"2026-11-23T16:00:00.123Z","ingestedAt":"2026-11-23T16:00:01.456Z","level":"ERROR",
       "message":"payment failed for jane@example.com card 4111111111111111",
       "fields":{"orderId":42,"user":{"email":"jane@example.com","jane@example.com":"key stays"},
                 "ips":["10.0.0.1","fe80::1"],"password":"hunter2","amount":12.5,"ok":true,"none":null,
                 "credentials":{"user":"bob","pin":1234,"nested":["a","b"]},"cardNumber":4111111111111111},
       "origin":{"format":"cwl","stream":"raw-logs","shardId":"shardId-000000000000",
                 "sequenceNumber":"49545115243490985018280067714973144582180062593244200961","subSequenceNumber":0,
                 "lineIndex":0,"logGroup":"/aws/lambda/orders","logStream":"2026/11/23/[$LATEST]abc",
                 "partitionKey":"jane@example.com","owner":"123456789012","eventId":"3719"},
       "enrichment":{"service":"orders","host":"10.1.2.3","team":"payments"},
       "masking":{"EMAIL":99}}""";

  @Test
  void keepsEveryKeyInOrderAndMasksValuesKeysAndEnrichment() throws Exception {
    JsonMasker.MaskedRecord masked = masker.maskRecord(RECORD.getBytes(StandardCharsets.UTF_8));
    JsonNode in = JSON.readTree(RECORD);
    JsonNode out = JSON.readTree(masked.json());

    assertThat(paths(out)).isEqualTo(paths(in).stream().map(p -> p.replace("jane@example.com", "[EMAIL]")).toList());
    assertThat(out.path("message").asText()).isEqualTo("payment failed for [EMAIL] card [CREDIT_CARD:****1111]");
    assertThat(out.path("fields").path("user").path("email").asText()).isEqualTo("[EMAIL]");
    assertThat(out.path("fields").path("user").path("[EMAIL]").asText()).isEqualTo("key stays");
    assertThat(out.path("fields").path("ips").toString()).isEqualTo("[\"[IPV4]\",\"[IPV6]\"]");
    assertThat(out.path("fields").path("password").asText()).isEqualTo("[PASSWORD]");
    assertThat(out.path("fields").path("amount").asDouble()).isEqualTo(12.5);
    assertThat(out.path("fields").path("ok").asBoolean()).isTrue();
    assertThat(out.path("fields").path("none").isNull()).isTrue();
    assertThat(out.path("fields").path("credentials").toString())
        .isEqualTo("{\"user\":\"[SECRET]\",\"pin\":\"[SECRET]\",\"nested\":[\"[SECRET]\",\"[SECRET]\"]}");
    assertThat(out.path("fields").path("cardNumber").asText()).isEqualTo("[CREDIT_CARD:****1111]");
    assertThat(out.path("enrichment").path("host").asText()).isEqualTo("[IPV4]");
    assertThat(out.path("origin").path("partitionKey").asText()).isEqualTo("[EMAIL]");
  }

  @Test
  void keepsThePipelinesOwnCoordinatesAndReplacesTheMaskingCounts() throws Exception {
    JsonMasker.MaskedRecord masked = masker.maskRecord(RECORD.getBytes(StandardCharsets.UTF_8));
    JsonNode in = JSON.readTree(RECORD);
    JsonNode out = JSON.readTree(masked.json());
    for (String field : List.of("schemaVersion", "id", "timestamp", "ingestedAt", "level")) {
      assertThat(out.get(field)).as(field).isEqualTo(in.get(field));
    }
    for (String field : List.of("format", "stream", "shardId", "sequenceNumber", "subSequenceNumber", "lineIndex", "eventId")) {
      assertThat(out.path("origin").get(field)).as(field).isEqualTo(in.path("origin").get(field));
    }
    assertThat(masked.id()).isEqualTo(in.path("id").asText());
    assertThat(out.path("masking").toString())
        .isEqualTo("{\"PASSWORD\":1,\"SECRET\":4,\"EMAIL\":4,\"CREDIT_CARD\":2,\"IPV6\":1,\"IPV4\":2}");
    assertThat(masked.counts().asMap()).containsEntry("EMAIL", 4);
  }

  @Test
  void addsMaskingToARecordWithoutIt() throws Exception {
    JsonMasker.MaskedRecord masked = masker.maskRecord("{\"id\":\"a\",\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(masked.json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\",\"message\":\"hi\",\"masking\":{}}");
  }

  @Test
  void masksAPrivateKeyInAJsonStringWithEscapedNewlines() throws Exception {
    String record = "{\"id\":\"a\",\"message\":\"key -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5v\\n"
        + "-----END OPENSSH PRIVATE KEY-----\\n loaded\"}";
    JsonNode out = JSON.readTree(masker.maskRecord(record.getBytes(StandardCharsets.UTF_8)).json());
    assertThat(out.path("message").asText()).isEqualTo("key [PRIVATE_KEY]\n loaded");
  }

  @Test
  void rejectsWhatIsNotOneJsonObject() {
    for (String bad : List.of("plain text line", "[1,2]", "\"a string\"", "{\"a\":1} trailing", "{\"a\":", "", "{\"a\":1}{\"b\":2}")) {
      assertThatThrownBy(() -> masker.maskRecord(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
          .isInstanceOf(NotJsonException.class);
    }
  }

  @Test
  void rejectsJsonNestedDeeperThanTheParserAllows() {
    String deep = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
    assertThatThrownBy(() -> masker.maskRecord(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(NotJsonException.class);
  }

  @Test
  void documentModeChangesOnlyTheMaskedTokensAndAddsNothing() throws Exception {
    MaskCounts counts = new MaskCounts();
    String out = masker.maskDocument("{\"id\": \"jane@example.com\", \"list\": [{\"token\": \"abc\"}], \"n\": 1}", counts);
    assertThat(out).isEqualTo("{\"id\": \"[EMAIL]\", \"list\": [{\"token\": \"[SECRET]\"}], \"n\": 1}");
    assertThat(masker.maskDocument("\"call 415-555-0132\"", counts)).isEqualTo("\"call [PHONE]\"");
  }

  @Test
  void aDocumentWithNothingSensitiveComesBackAsTheSameString() throws Exception {
    String json = "{ \"b\" : [1, 2.50, -0, 1e3] , \"a\":\"caf\\u00e9 \\\"q\\\" \\/ ☕ 日本\",\"z\":{}, \"n\": null }";
    assertThat(masker.maskDocument(json, new MaskCounts())).isSameAs(json);
  }

  @Test
  void masksAnEscapedEmailAndKeepsTheEscapesAroundIt() throws Exception {
    String json = "{\"msg\": \"to jane\\u0040example.com \\u2014 ok\"}";
    assertThat(masker.maskDocument(json, new MaskCounts())).isEqualTo("{\"msg\": \"to [EMAIL] \\u2014 ok\"}");
  }

  @Test
  void aMaskedNumberBecomesAStringTokenAndOthersKeepTheirSpelling() throws Exception {
    String json = "{\"card\": 4111111111111111, \"pin\": 1234, \"price\": 12.50, \"big\": 123456789012345678901}";
    assertThat(masker.maskDocument(json, new MaskCounts()))
        .isEqualTo("{\"card\": \"[CREDIT_CARD:****1111]\", \"pin\": \"[SECRET]\", \"price\": 12.50, \"big\": 123456789012345678901}");
  }

  @Test
  void anAuthorizationValueKeepsItsSchemeAndACookieValueItsNames() throws Exception {
    String json = "{\"Authorization\": \"Bearer 0pAqUe-T0ken.value\", \"Cookie\": \"sid=a1b2; theme=dark\"}";
    assertThat(masker.maskDocument(json, new MaskCounts()))
        .isEqualTo("{\"Authorization\": \"Bearer [AUTHORIZATION]\", \"Cookie\": \"sid=[SECRET]; theme=[SECRET]\"}");
  }

  @Test
  void replacesAnIncomingMaskingMemberWhereverItIs() throws Exception {
    for (String[] c : new String[][] {
        {"{\"masking\":{\"EMAIL\":1},\"id\":\"a\"}", "{\"id\":\"a\",\"masking\":{}}"},
        {"{\"id\":\"a\", \"masking\": {\"x\": [1, \"jane@example.com\"]}, \"m\":\"hi\"}", "{\"id\":\"a\", \"m\":\"hi\",\"masking\":{}}"},
        {"{\"id\":\"a\",\"masking\":null}", "{\"id\":\"a\",\"masking\":{}}"},
        {"{\"masking\":{}}", "{\"masking\":{}}"},
        {"{}", "{\"masking\":{}}"}}) {
      String out = new String(masker.maskRecord(c[0].getBytes(StandardCharsets.UTF_8)).json(), StandardCharsets.UTF_8);
      assertThat(out).as(c[0]).isEqualTo(c[1]);
      JSON.readTree(out);
    }
  }

  @Test
  void rejectsWhatStrictJsonRejects() {
    for (String bad : List.of("{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"tab\there\"}",
        "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1,]", "{\"a\":tru}", "{\"a\":-}",
        "{\"a\":1.}", "{\"a\":1e}")) {
      assertThatThrownBy(() -> masker.maskDocument(bad, new MaskCounts())).as(bad).isInstanceOf(NotJsonException.class);
    }
  }

  @Test
  void rejectsARecordThatIsNotValidUtf8() {
    byte[] bad = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThatThrownBy(() -> masker.maskRecord(bad)).isInstanceOf(NotJsonException.class).hasMessageContaining("UTF-8");
  }

  private static List<String> paths(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, "", out);
    return out;
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("masking")) {
          out.add(path + "/" + name);
          collect(node.get(name), path + "/" + name, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  @Test
  void aPlainDocumentIsMaskedTheSameWhetherItsStringsAreFoundBySearchOrReadCharacterByCharacter() throws Exception {
    String[] records = {
        "{\"schemaVersion\":1,\"id\":\"shardId-000000000000.49545115243490985018280067714973144582180062593100000000.0.0\","
            + "\"timestamp\":\"2026-11-23T16:05:38.123Z\",\"level\":\"INFO\",\"message\":\"card 4111 1111 1111 1111 from"
            + " jane.doe@example.com at 203.0.113.7\",\"fields\":{\"password\":\"hunter2!x\",\"amount\":4111111111111111,"
            + "\"jane@example.com\":[1,\"x\",{\"token\":[\"a1b2c3d4e5f6\",12]}],\"note\":\"Bearer abc.def.ghi status=200\"},"
            + "\"origin\":{\"shardId\":\"shardId-000000000000\",\"sequenceNumber\":\"4954511524349098501828006771497314\"},"
            + "\"masking\":{\"EMAIL\":3}}",
        "{ \"a\" : [ ] , \"b\" : { } , \"c\" : \"AKIAIOSFODNN7EXAMPLE\" , \"d\" : -1.5e3 , \"e\" : null }",
        "{\"unterminated\":\"abc}",
    };
    for (String json : records) {
      for (boolean record : new boolean[] {true, false}) {
        assertThat(scan(json, true, record)).as("%s (record %s)", json, record).isEqualTo(scan(json, false, record));
      }
    }
    // and the record path takes the plain way for such bytes, with the same result
    byte[] first = records[0].getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.plainJson(first, 0, first.length)).isTrue();
    String careful = scan(records[0], false, true);
    assertThat(new String(masker.maskRecord(first).json(), StandardCharsets.UTF_8))
        .isEqualTo(careful.substring(0, careful.lastIndexOf(' ')));
  }

  private static String scan(String json, boolean plain, boolean record) {
    MaskCounts counts = new MaskCounts();
    JsonMaskScan scan = new JsonMaskScan(MaskEngine.withDefaults(), json, plain, counts, record);
    try {
      scan.run();
    } catch (NotJsonException e) {
      return "not JSON: " + e.getMessage();
    }
    return scan.result() + " " + counts.toJson();
  }
}
