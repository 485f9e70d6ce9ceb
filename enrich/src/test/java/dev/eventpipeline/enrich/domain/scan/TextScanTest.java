package dev.eventpipeline.enrich.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextScanTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.1.2.3 - - [23/Nov/2026:16:00:02 +0000] \"GET / HTTP/1.1\" 200 | 10.1.2.3",
      "connection from 192.168.0.7:53422 refused | 192.168.0.7",
      "denied host=172.16.4.9, retrying | 172.16.4.9",
      "client (10.0.0.9) sent a bad header | 10.0.0.9",
      "blocked 203.0.113.5. | 203.0.113.5",
      "request from 2001:db8::42 timed out | 2001:db8:0:0:0:0:0:42",
      "upstream [2001:db8::1]:443 reset | 2001:db8:0:0:0:0:0:1",
      "peer ::ffff:198.51.100.4 closed | 198.51.100.4",
      "at 16:00:00.123 version 1.2.3.4.5 from 10.9.8.7 | 10.9.8.7",
      "first 10.0.0.1 then 2001:db8::2 | 10.0.0.1",
      "connect to 10.0.0.1: connection refused | 10.0.0.1",
      "bad 10.0.0.1:80:90 then 10.0.0.2 | 10.0.0.2",
  })
  void findsTheFirstStandaloneIp(String message, String expected) {
    assertThat(TextScan.firstIp(message)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "version 1.2.3.4.5 released",
      "build v1.2.3.4 deployed",
      "10.0.0.1abc is not an address",
      "x10.0.0.1 glued",
      "at 16:00:00.123 nothing",
      "mac 00:1a:2b:3c:4d:5e",
      "std::vector::push_back failed",
      "took 12.34 ms",
      "octet 256.1.1.1 out of range",
      "deadbeef:cafe",
      "C++ scope :: here",
      "",
  })
  void ignoresNearMissesInText(String message) {
    assertThat(TextScan.firstIp(message)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1 | 1-5759e988-bd862e3fe1be46a994272793",
      "trace 1-67891233-abcdef012345678912345678 done | 1-67891233-abcdef012345678912345678",
      "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | 4bf92f3577b34da6a3ce929d0e0e4736",
      "[00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00] | 0af7651916cd43dd8448eb211c80319c",
      "2026-11-23 id=1-5759e988-bd862e3fe1be46a994272793. | 1-5759e988-bd862e3fe1be46a994272793",
  })
  void findsXrayAndW3cTraceIdsInText(String message, String expected) {
    assertThat(TextScan.traceId(message)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Root=1-5759E988-BD862E3FE1BE46A994272793",          // uppercase hex
      "Root=1-5759e988-bd862e3fe1be46a99427279",           // 23 hex
      "Root=1-5759e988-bd862e3fe1be46a9942727931",         // 25 hex
      "Root=2-5759e988-bd862e3fe1be46a994272793",          // version 2
      "x11-5759e988-bd862e3fe1be46a994272793",             // glued
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // 31 hex
      "100-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // glued version
      "2026-11-23 no trace here 1-2-3",
  })
  void rejectsTraceIdNearMisses(String message) {
    assertThat(TextScan.traceId(message)).isNull();
  }

  @Test
  void acceptsABare32HexTraceIdOnlyFromATraceField() {
    assertThat(TextScan.traceIdFromField("4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TextScan.traceIdFromField("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"))
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(TextScan.traceId("hash 4bf92f3577b34da6a3ce929d0e0e4736")).isNull();
    assertThat(TextScan.traceIdFromField("00000000000000000000000000000000")).isNull();
    assertThat(TextScan.traceIdFromField("abc")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "START RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789ab Version: $LATEST | 8f5e2c1a-1234-4cde-9abc-0123456789ab",
      "END RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789ab | 8f5e2c1a-1234-4cde-9abc-0123456789ab",
      "REPORT RequestId: 8F5E2C1A-1234-4CDE-9ABC-0123456789AB\tDuration: 2.1 ms | 8F5E2C1A-1234-4CDE-9ABC-0123456789AB",
      "2026-11-23T16:00:00.123Z\tc6af9ac6-7b61-11e6-9a41-93e812345678\tINFO\thello | c6af9ac6-7b61-11e6-9a41-93e812345678",
      "(e5f4b1a2-0c3d-4e5f-8a9b-0c1d2e3f4a5b) Method completed with status: 200 | e5f4b1a2-0c3d-4e5f-8a9b-0c1d2e3f4a5b",
      "RequestId: 11111111-2222-3333-4444-555555555555 Error: Runtime exited | 11111111-2222-3333-4444-555555555555",
  })
  void findsLambdaAndApiGatewayRequestIds(String message, String expected) {
    assertThat(TextScan.requestId(message)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "START RequestId: not-a-uuid Version: $LATEST",
      "START RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789a Version",     // 11 hex in the last group
      "START RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789abc Version",   // 13 hex
      "XRequestId: 8f5e2c1a-1234-4cde-9abc-0123456789ab",                 // glued prefix
      "(e5f4b1a2-0c3d-4e5f-8a9b-0c1d2e3f4a5b Method",                      // no closing paren
      "2026-11-23T16:00:00.123Z\tc6af9ac6-7b61-11e6-9a41-93e81234567\tINFO\thello",
      "the request id is 8f5e2c1a-1234-4cde-9abc-0123456789ab",           // a bare uuid is not enough
  })
  void rejectsRequestIdNearMisses(String message) {
    assertThat(TextScan.requestId(message)).isNull();
  }
}
