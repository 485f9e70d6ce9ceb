package dev.eventpipeline.ingest.domain.format;

import static dev.eventpipeline.ingest.testing.Fixtures.ARRIVAL;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLineTest {
  private static List<String> lines(String resource) {
    return new String(resource(resource), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void readsClassicSyslogLinesWithTheYearOfArrival() {
    TextLine t = TextLine.parse(lines("logs/syslog").get(0), ARRIVAL);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2026-01-22T07:52:33.000Z");
    assertThat(t.fields.get("host").asText()).isEqualTo("myhostname.myhost.com");
    assertThat(t.fields.get("appName").asText()).isEqualTo("client");
    assertThat(t.fields.get("procId").asText()).isEqualTo("30840");
    assertThat(t.message).isEqualTo("INFO No new content in \u00edmynd.dd.");
    assertThat(t.level).isEqualTo(Level.INFO);
  }

  @Test
  void putsADecemberLineArrivingInJanuaryInThePreviousYear() {
    long january2nd = Timestamps.parseText("2027-01-02T00:00:00Z");
    TextLine t = TextLine.parse("Dec 31 23:59:59 host app: bye", january2nd);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2026-12-31T23:59:59.000Z");
  }

  @Test
  void readsEveryLineOfTheSyslogSampleWithoutFailing() {
    for (String line : lines("logs/syslog")) {
      TextLine t = TextLine.parse(line, ARRIVAL);
      assertThat(t.message).isNotNull();
    }
  }

  @Test
  void readsRfc5424WithPriorityStructuredDataAndMessage() {
    TextLine t = TextLine.parse(lines("logs/syslog_rsyslog_SyslogProtocol23Format").get(0), ARRIVAL);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2021-03-06T04:07:38.251Z");
    assertThat(t.level).isEqualTo(Level.DEBUG); // <15> = facility 1, severity 7
    assertThat(t.fields.get("facility").asInt()).isEqualTo(1);
    assertThat(t.fields.get("host").asText()).isEqualTo("hostname");
    assertThat(t.fields.get("appName").asText()).isEqualTo("log_tag");
    assertThat(t.fields.get("msgId").asText()).isEqualTo("123");
    assertThat(t.message).isEqualTo(" this is debug");

    TextLine withSd = TextLine.parse(
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\]\"] An application event",
        ARRIVAL);
    assertThat(withSd.level).isEqualTo(Level.INFO);
    assertThat(withSd.fields.get("structuredData").asText()).startsWith("[exampleSDID@32473");
    assertThat(withSd.message).isEqualTo("An application event");
  }

  @Test
  void readsClassicSyslogWithAPriority() {
    TextLine t = TextLine.parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", ARRIVAL);
    assertThat(t.level).isEqualTo(Level.FATAL); // severity 2 = critical
    assertThat(t.fields.get("facility").asInt()).isEqualTo(4);
    assertThat(t.fields.get("appName").asText()).isEqualTo("su");
    assertThat(t.message).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
  }

  @Test
  void readsApacheCombinedAccessLogs() {
    List<String> lines = lines("logs/apache_access.log");
    TextLine t = TextLine.parse(lines.get(1), ARRIVAL);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2016-01-13T19:31:17.000Z");
    assertThat(t.level).isEqualTo(Level.INFO);
    assertThat(t.fields.get("clientIp").asText()).isEqualTo("10.1.1.2");
    assertThat(t.fields.get("method").asText()).isEqualTo("GET");
    assertThat(t.fields.get("path").asText()).isEqualTo("/wp-content/themes/darkmode/evil.php");
    assertThat(t.fields.get("status").asInt()).isEqualTo(200);
    assertThat(t.fields.get("bytes").asLong()).isEqualTo(1063);
    assertThat(t.fields.get("userAgent").asText()).startsWith("Mozilla/5.0 (Macintosh");
    assertThat(t.message).isEqualTo(lines.get(1));
    for (String line : lines) {
      assertThat(TextLine.parse(line, ARRIVAL).timestamp).as(line).isNotEqualTo(Timestamps.NONE);
    }
    TextLine vhost = TextLine.parse(lines.get(8), ARRIVAL);
    assertThat(vhost.fields.get("vhost").asText()).isEqualTo("plaso.log2timeline.net:443");
    assertThat(vhost.fields.get("clientIp").asText()).isEqualTo("10.1.1.2");
    TextLine quoted = TextLine.parse(lines.get(12), ARRIVAL);
    assertThat(quoted.fields.get("path").asText()).isEqualTo("/aaaa.xxxx/SomeText?action=edit&template=<script>alert(\"text\")</script>");
    assertThat(quoted.level).isEqualTo(Level.WARN);
  }

  @Test
  void derivesTheLevelOfAnAccessLogLineFromTheStatus() {
    TextLine t = TextLine.parse("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /x HTTP/1.0\" 503 -", ARRIVAL);
    assertThat(t.level).isEqualTo(Level.ERROR);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2000-10-10T20:55:36.000Z");
    assertThat(t.fields.get("user").asText()).isEqualTo("frank");
    assertThat(t.fields.has("bytes")).isFalse();
  }

  @Test
  void readsALeadingIsoTimestamp() {
    TextLine t = TextLine.parse("2026-11-23 16:00:00,123 ERROR [main] c.e.App - boom", ARRIVAL);
    assertThat(Timestamps.format(t.timestamp)).isEqualTo("2026-11-23T16:00:00.123Z");
    assertThat(t.level).isEqualTo(Level.ERROR);
    assertThat(t.message).startsWith("2026-11-23");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    TextLine t = TextLine.parse("Hello, this is a test 123.", ARRIVAL);
    assertThat(t.timestamp).isEqualTo(Timestamps.NONE);
    assertThat(t.fields).isNull();
    assertThat(t.level).isNull();
    assertThat(TextLine.parse("May the force be with you", ARRIVAL).timestamp).isEqualTo(Timestamps.NONE);
  }
}
