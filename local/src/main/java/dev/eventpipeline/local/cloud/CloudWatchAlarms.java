package dev.eventpipeline.local.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * CloudWatch alarms through the service's Query protocol (form-encoded POST, XML answer, SigV4-signed
 * with the SDK's own signer): what the AWS CLI speaks, and what moto 5.2.1 understands. The SDK's
 * CloudWatchClient (2.42) speaks Smithy RPC v2 CBOR only, which moto 5.2.1 answers with 404; the local
 * cloud needs three calls (PutMetricAlarm, DescribeAlarms, SetAlarmState), so they are made here.
 */
public final class CloudWatchAlarms {
  private static final String VERSION = "2010-08-01";

  /** One metric of an alarm: a metric data query with a MetricStat, or the alarm's single metric. */
  public record Metric(String id, String namespace, String name, Map<String, String> dimensions, int period,
      String stat, boolean returnData) {}

  /** An alarm's definition, what put-metric-alarm takes (with one or more metrics). */
  public record Definition(String name, String description, String comparisonOperator, int evaluationPeriods,
      Integer datapointsToAlarm, double threshold, String treatMissingData, List<Metric> metrics) {}

  /** An alarm as DescribeAlarms returns it. */
  public record Alarm(String name, String arn, String description, String state, String stateReason,
      String stateReasonData, Instant stateUpdated, List<Metric> metrics) {}

  private final SdkHttpClient http;
  private final URI endpoint;
  private final String region;
  private final AwsCredentialsIdentity credentials;

  CloudWatchAlarms(SdkHttpClient http, URI endpoint, String region, String accessKey, String secretKey) {
    this.http = http;
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = AwsCredentialsIdentity.create(accessKey, secretKey);
  }

  /** Creates or replaces an alarm. */
  public void put(Definition d) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AlarmName", d.name());
    if (d.description() != null) {
      p.put("AlarmDescription", d.description());
    }
    p.put("ComparisonOperator", d.comparisonOperator());
    p.put("EvaluationPeriods", Integer.toString(d.evaluationPeriods()));
    if (d.datapointsToAlarm() != null) {
      p.put("DatapointsToAlarm", d.datapointsToAlarm().toString());
    }
    p.put("Threshold", Double.toString(d.threshold()));
    if (d.treatMissingData() != null) {
      p.put("TreatMissingData", d.treatMissingData());
    }
    for (int i = 0; i < d.metrics().size(); i++) {
      Metric m = d.metrics().get(i);
      String q = "Metrics.member." + (i + 1) + ".";
      p.put(q + "Id", m.id());
      p.put(q + "ReturnData", Boolean.toString(m.returnData()));
      p.put(q + "MetricStat.Period", Integer.toString(m.period()));
      p.put(q + "MetricStat.Stat", m.stat());
      p.put(q + "MetricStat.Metric.Namespace", m.namespace());
      p.put(q + "MetricStat.Metric.MetricName", m.name());
      int n = 1;
      for (Map.Entry<String, String> dim : m.dimensions().entrySet()) {
        p.put(q + "MetricStat.Metric.Dimensions.member." + n + ".Name", dim.getKey());
        p.put(q + "MetricStat.Metric.Dimensions.member." + n + ".Value", dim.getValue());
        n++;
      }
    }
    call("PutMetricAlarm", p);
  }

  /** Sets an alarm's state, as {@code aws cloudwatch set-alarm-state} does. */
  public void setState(String name, String state, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AlarmName", name);
    p.put("StateValue", state);
    p.put("StateReason", reason);
    call("SetAlarmState", p);
  }

  /** The named alarms (at most 100). */
  public List<Alarm> describe(List<String> names) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      p.put("AlarmNames.member." + (i + 1), names.get(i));
    }
    p.put("MaxRecords", "100");
    Document doc = call("DescribeAlarms", p);
    List<Alarm> alarms = new ArrayList<>();
    NodeList metricAlarms = doc.getElementsByTagName("MetricAlarms");
    if (metricAlarms.getLength() == 0) {
      return alarms;
    }
    for (Element a : children((Element) metricAlarms.item(0), "member")) {
      List<Metric> metrics = new ArrayList<>();
      Element ms = child(a, "Metrics");
      if (ms != null) {
        for (Element q : children(ms, "member")) {
          Element stat = child(q, "MetricStat");
          Element metric = stat == null ? null : child(stat, "Metric");
          Map<String, String> dims = new LinkedHashMap<>();
          Element ds = metric == null ? null : child(metric, "Dimensions");
          if (ds != null) {
            for (Element dim : children(ds, "member")) {
              dims.put(text(dim, "Name"), text(dim, "Value"));
            }
          }
          metrics.add(new Metric(text(q, "Id"), metric == null ? null : text(metric, "Namespace"),
              metric == null ? null : text(metric, "MetricName"), dims,
              stat == null ? 0 : Integer.parseInt(orElse(text(stat, "Period"), "0")),
              stat == null ? null : text(stat, "Stat"), !"false".equals(text(q, "ReturnData"))));
        }
      }
      String updated = text(a, "StateUpdatedTimestamp");
      alarms.add(new Alarm(text(a, "AlarmName"), text(a, "AlarmArn"), text(a, "AlarmDescription"),
          text(a, "StateValue"), text(a, "StateReason"), text(a, "StateReasonData"),
          updated == null ? null : parseInstant(updated), metrics));
    }
    return alarms;
  }

  private static Instant parseInstant(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }
  }

  private Document call(String action, Map<String, String> params) {
    StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=").append(VERSION);
    params.forEach((k, v) -> form.append('&').append(encode(k)).append('=').append(encode(v)));
    byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
        .encodedPath("/").putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader("Content-Length", Integer.toString(body.length)).build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
          .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build()).call();
      byte[] answer;
      if (response.responseBody().isPresent()) {
        try (InputStream in = response.responseBody().get()) {
          answer = in.readAllBytes();
        }
      } else {
        answer = new byte[0];
      }
      if (!response.httpResponse().isSuccessful()) {
        throw new IllegalStateException("CloudWatch " + action + " answered HTTP " + response.httpResponse().statusCode()
            + ": " + new String(answer, StandardCharsets.UTF_8));
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(answer));
    } catch (IOException e) {
      throw new UncheckedIOException("CloudWatch " + action + " failed: " + e.getMessage(), e);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IllegalStateException("CloudWatch " + action + ": unreadable answer", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static String text(Element parent, String name) {
    Element c = child(parent, name);
    return c == null ? null : c.getTextContent();
  }

  private static String orElse(String s, String other) {
    return s == null || s.isEmpty() ? other : s;
  }
}
