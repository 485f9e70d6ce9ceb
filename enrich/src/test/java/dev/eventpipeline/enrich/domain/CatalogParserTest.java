package dev.eventpipeline.enrich.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.enrich.domain.scan.IpAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogParserTest {
  static final String DOCUMENT = """
      {
        "formatVersion": 1,
        "services": {
          "orders": {"team": "payments", "tier": "tier-1", "onCall": "payments-oncall@example.com",
                     "aliases": ["orders-api", "orders-prod-OrdersFunction-1X2Y3Z"]},
          "web-frontend": {"team": "web", "tier": "tier-2"},
          "batch": {}
        },
        "networkZones": [
          {"cidr": "10.0.0.0/8", "zone": "internal"},
          {"cidr": "10.1.0.0/16", "zone": "prod-vpc"},
          {"cidr": "2001:db8::/32", "zone": "corp6"}
        ]
      }
      """;

  static Catalog parse(String json) throws MalformedCatalogException {
    return CatalogParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsServicesAliasesAndZones() throws Exception {
    Catalog c = parse(DOCUMENT);
    assertThat(c.serviceCount()).isEqualTo(3);
    assertThat(c.zoneCount()).isEqualTo(3);
    assertThat(c.service("orders")).isEqualTo(c.service("orders-api"));
    assertThat(c.service("orders").team()).isEqualTo("payments");
    assertThat(c.service("orders").tier()).isEqualTo("tier-1");
    assertThat(c.service("orders").onCall()).isEqualTo("payments-oncall@example.com");
    assertThat(new String(c.service("web-frontend").json(), StandardCharsets.UTF_8))
        .isEqualTo("\"team\":\"web\",\"tier\":\"tier-2\"");
    assertThat(c.service("batch").hasAttributes()).isFalse();
    assertThat(c.zoneOf(IpAddress.parse("10.1.2.3"))).isEqualTo("prod-vpc");
    assertThat(c.zoneOf(IpAddress.parse("2001:db8::5"))).isEqualTo("corp6");
  }

  @Test
  void matchesServiceNamesAndAliasesIgnoringCase() throws Exception {
    Catalog c = parse(DOCUMENT);
    assertThat(c.service("ORDERS")).isNotNull();
    assertThat(c.service("Orders-Prod-OrdersFunction-1x2y3z")).isEqualTo(c.service("orders"));
    assertThat(c.service("order")).isNull();
    assertThat(c.service(null)).isNull();
  }

  @Test
  void servicesAndZonesAreOptional() throws Exception {
    Catalog c = parse("{\"formatVersion\":1}");
    assertThat(c.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json at all | not valid JSON",
      "[1,2] | not a JSON object",
      "{} | formatVersion must be 1",
      "{\"formatVersion\":2} | formatVersion must be 1",
      "{\"formatVersion\":\"1\"} | formatVersion must be 1",
      "{\"formatVersion\":1,\"services\":[]} | services must be an object",
      "{\"formatVersion\":1,\"services\":{\"a\":\"team\"}} | services[\"a\"] must be an object",
      "{\"formatVersion\":1,\"services\":{\"a\":{\"team\":7}}} | services[\"a\"].team must be a string",
      "{\"formatVersion\":1,\"services\":{\"a\":{\"aliases\":\"b\"}}} | aliases must be an array",
      "{\"formatVersion\":1,\"services\":{\"a\":{\"aliases\":[\"\"]}}} | non-empty strings",
      "{\"formatVersion\":1,\"services\":{\"a\":{},\"A\":{}}} | already used",
      "{\"formatVersion\":1,\"services\":{\"a\":{\"aliases\":[\"b\"]},\"b\":{}}} | already used",
      "{\"formatVersion\":1,\"services\":{\" \":{}}} | empty service name",
      "{\"formatVersion\":1,\"networkZones\":{}} | networkZones must be an array",
      "{\"formatVersion\":1,\"networkZones\":[\"10.0.0.0/8\"]} | networkZones[0] must be an object",
      "{\"formatVersion\":1,\"networkZones\":[{\"cidr\":\"10.0.0.0/8\"}]} | networkZones[0] needs a cidr and a zone",
      "{\"formatVersion\":1,\"networkZones\":[{\"cidr\":\"10.0.0.0/8\",\"zone\":\"a\"},{\"cidr\":\"10.0.0.300/8\",\"zone\":\"b\"}]} | networkZones[1].cidr",
      "{\"formatVersion\":1,\"networkZones\":[{\"cidr\":\"10.0.0.1/8\",\"zone\":\"a\"}]} | host bits set",
      "{\"formatVersion\":1,\"networkZones\":[{\"cidr\":\"10.0.0.0/8\",\"zone\":\"a\"},{\"cidr\":\"10.0.0.0/8\",\"zone\":\"b\"}]} | two zones",
  })
  void rejectsAMalformedDocumentAsAWholeNamingTheProblem(String json, String problem) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedCatalogException.class).hasMessageContaining(problem);
  }

  @Test
  void theSampleCatalogOfTheLocalDemoIsValid() throws Exception {
    Catalog c = CatalogParser.parse(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "samples", "catalog.json")));
    assertThat(c.service("orders-api").team()).isEqualTo("payments");
    assertThat(c.zoneOf(IpAddress.parse("10.1.0.7"))).isEqualTo("prod-public-subnet");
    assertThat(c.zoneOf(IpAddress.parse("10.1.9.7"))).isEqualTo("prod-vpc");
    assertThat(c.zoneOf(IpAddress.parse("8.8.8.8"))).isEqualTo("internet");
    assertThat(c.zoneOf(IpAddress.parse("2001:db8:1::5"))).isEqualTo("prod-vpc");
  }

  @Test
  void rejectsAnEmptyDocument() {
    assertThatThrownBy(() -> parse("")).isInstanceOf(MalformedCatalogException.class);
  }
}
