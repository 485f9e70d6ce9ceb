package dev.eventpipeline.enrich.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reader must agree with a real JSON parser on what is valid. */
class RecordReaderTest {
  private final RecordReader reader = new RecordReader();
  private final RecordFacts facts = new RecordFacts();

  private RecordReader.Shape read(String json) throws RecordReader.MalformedJsonException {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private RecordReader.Shape read(byte[] b) throws RecordReader.MalformedJsonException {
    return reader.read(b, 0, b.length, facts);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}", " { } ", "{\"a\":[]}", "{\"a\":[1,-2.5e+3,0,0.1,1E9,true,false,null,\"s\",{},[[]]]}",
      "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}", "{\"é\":\"ü😀\"}", "{\"a\":{\"b\":{\"c\":{}}}}",
      "{\"a\":-0}", "{\"a\":1}\n", "{\"message\":\"m\",\"fields\":{\"service\":{\"name\":\"x\",\"deep\":[{\"y\":1}]}}}",
  })
  void acceptsValidJsonObjects(String json) throws Exception {
    Json.MAPPER.readTree(json); // sanity: Jackson agrees
    assertThat(read(json)).isEqualTo(RecordReader.Shape.OBJECT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "{'a':1}",
      "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}",
      "{\"a\":+1}", "{\"a\":--1}", "{\"a\":NaN}", "{\"a\":\"x\\q\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}",
      "{\"a\":\"tab\there\"}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":\"unterminated}",
  })
  void rejectsInvalidJson(String json) {
    assertThatThrownBy(() -> Json.MAPPER.readTree(json)).isNotNull(); // Jackson rejects it too
    assertThatThrownBy(() -> read(json)).isInstanceOf(RecordReader.MalformedJsonException.class);
  }

  @Test
  void rejectsMalformedUtf8InStrings() {
    byte[][] bad = {
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, // truncated 2-byte sequence
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
        {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
        {'{', '"', 'a', '"', ':', '"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', '}'}, // > U+10FFFF
        {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'}, // lone continuation byte
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> read(b)).isInstanceOf(RecordReader.MalformedJsonException.class)
          .hasMessageContaining("UTF-8");
    }
  }

  @Test
  void refusesNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> read(deep)).hasMessageContaining("nesting deeper than");
  }

  @Test
  void classifiesValuesThatAreNotObjects() throws Exception {
    assertThat(read("[1]")).isEqualTo(RecordReader.Shape.NOT_AN_OBJECT);
    assertThat(read("\"s\"")).isEqualTo(RecordReader.Shape.NOT_AN_OBJECT);
    assertThat(read(" \n")).isEqualTo(RecordReader.Shape.EMPTY);
    assertThat(read("{} {}")).isEqualTo(RecordReader.Shape.TRAILING_DATA);
    assertThat(read("{\"a\":1}}")).isEqualTo(RecordReader.Shape.TRAILING_DATA);
  }

  @Test
  void decodesEscapedValuesAndMatchesEscapedNames() throws Exception {
    read("{\"mess\\u0061ge\":\"line1\\nline2 \\u00e9 \\ud83d\\ude00\",\"fields\":{\"\\u0073ervice\":\"a\\/b\"}}");
    assertThat(facts.message).isEqualTo("line1\nline2 é 😀");
    assertThat(facts.service).isEqualTo("a/b");
  }

  @Test
  void keepsTheFirstValidValueInDocumentOrder() throws Exception {
    read("{\"fields\":{\"hostname\":\"first\",\"host\":\"second\",\"ip\":\"nope\",\"clientIp\":\"10.0.0.1\","
        + "\"remote_addr\":\"10.0.0.2\"},\"origin\":{\"logGroup\":\"/ecs/a\"},\"schemaVersion\":1,\"id\":\"x\"}");
    assertThat(facts.host).isEqualTo("first");
    assertThat(facts.ip).hasToString("10.0.0.1");
    assertThat(facts.logGroup).isEqualTo("/ecs/a");
    assertThat(facts.schemaVersion).isEqualTo(1);
    assertThat(facts.hasId).isTrue();
    assertThat(facts.members).isEqualTo(4);
  }

  @Test
  void readsOnlyTheTopLevelMessageAndOnlyFieldsInsideFields() throws Exception {
    read("{\"fields\":{\"nested\":{\"message\":\"inner\",\"service\":\"no\"}},\"service\":\"top-level-is-not-a-field\","
        + "\"message\":\"outer\"}");
    assertThat(facts.message).isEqualTo("outer");
    assertThat(facts.service).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"clientIp", "client_ip", "clientIP", "client.ip", "ip", "remote_addr", "remoteAddr",
      "remote_ip", "remoteIp", "sourceIPAddress", "sourceIp", "source_ip", "source.ip", "src_ip", "srcaddr",
      "x-forwarded-for", "X-Forwarded-For", "xForwardedFor", "x_forwarded_for"})
  void recognisesEveryDocumentedIpField(String name) throws Exception {
    read("{\"fields\":{\"ipx\":\"10.9.9.9\",\"" + name + "\":\"10.0.0.1\"}}");
    assertThat(facts.ip).hasToString("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"traceId", "trace_id", "trace.id", "xrayTraceId", "xray_trace_id", "traceparent",
      "X-Amzn-Trace-Id", "x-amzn-trace-id", "_X_AMZN_TRACE_ID", "AWS-XRAY-TRACE-ID"})
  void recognisesEveryDocumentedTraceField(String name) throws Exception {
    read("{\"fields\":{\"" + name + "\":\"Root=1-5759e988-bd862e3fe1be46a994272793\"}}");
    assertThat(facts.traceId).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
  }

  @ParameterizedTest
  @ValueSource(strings = {"requestId", "request_id", "awsRequestId", "aws_request_id", "functionRequestId",
      "function_request_id"})
  void recognisesEveryDocumentedRequestIdField(String name) throws Exception {
    read("{\"fields\":{\"requestID\":\"no\",\"" + name + "\":\"r-1\"}}");
    assertThat(facts.requestId).isEqualTo("r-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "hostname", "host.name"})
  void recognisesEveryDocumentedHostField(String name) throws Exception {
    read("{\"fields\":{\"hostx\":\"no\",\"" + name + "\":\"h-1\"}}");
    assertThat(facts.host).isEqualTo("h-1");
  }

  @Test
  void similarNamesAreNotMistakenForKnownOnes() throws Exception {
    read("{\"fields\":{\"services\":\"a\",\"Service\":\"b\",\"hosts\":\"c\",\"ips\":\"10.0.0.1\","
        + "\"trace\":\"1-5759e988-bd862e3fe1be46a994272793\"},\"Message\":\"m\",\"origin\":{\"loggroup\":\"/ecs/x\"}}");
    assertThat(facts.service).isNull();
    assertThat(facts.host).isNull();
    assertThat(facts.ip).isNull();
    assertThat(facts.traceId).isNull();
    assertThat(facts.message).isNull();
    assertThat(facts.logGroup).isNull();
  }

  @Test
  void ignoresOverlongIdentifiers() throws Exception {
    read("{\"fields\":{\"host\":\"" + "h".repeat(300) + "\",\"requestId\":\"r\"}}");
    assertThat(facts.host).isNull();
    assertThat(facts.requestId).isEqualTo("r");
  }
}
