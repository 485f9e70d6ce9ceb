package dev.eventpipeline.bench.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.enrich.domain.Catalog;
import dev.eventpipeline.enrich.domain.CatalogParser;
import dev.eventpipeline.enrich.domain.EnrichedRecord;
import dev.eventpipeline.enrich.domain.Enricher;
import dev.eventpipeline.enrich.domain.InputRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * enrich's per-record path: parse (streaming, validating) + derive + look up + serialize (splice
 * the enrichment object into the record's bytes). Budget: ≥ 500k records/s per core. The corpus is
 * {@link #CORPUS_SIZE} normalized records of 300-500 bytes in the shapes ingest emits (CloudWatch
 * Logs Lambda/ECS/EKS/API Gateway events, JSON app logs with trace headers and client IPs, plain
 * text); the catalog has 60 services and 40 CIDRs (IPv4 and IPv6, overlapping prefixes).
 * {@code treeBaseline} is the naive path (readTree, put, writeValueAsBytes) for comparison.
 * Throughput is reported per record (ops = records).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnrichBenchmark {
  static final int CORPUS_SIZE = 1024;

  /**
   * compact: origin as ingest writes it for a JSON/text record (format, stream, shard, sequence,
   * log group), records of 300-500 bytes; full: every CloudWatch Logs origin member of
   * docs/record-schema.md (owner, subscription filters, event id, ...), 650-800 bytes.
   */
  @Param({"compact", "full"})
  public String origin;

  private List<InputRecord> corpus;
  private Enricher enricher;
  private Catalog catalog;
  private final Instant now = Instant.parse("2026-11-23T16:00:00Z");

  @Setup
  public void setup() throws Exception {
    catalog = CatalogParser.parse(catalogDocument().getBytes(StandardCharsets.UTF_8));
    enricher = new Enricher("prod", "eu-west-1", "1.4.2");
    corpus = new ArrayList<>(CORPUS_SIZE);
    List<String> shapes = shapes("full".equals(origin));
    for (int i = 0; i < CORPUS_SIZE; i++) {
      String json = shapes.get(i % shapes.size()).replace("#N#", Integer.toString(1000 + i));
      corpus.add(new InputRecord(json.getBytes(StandardCharsets.UTF_8), "/aws/lambda/orders-api/2026/11/23",
          "normalized-logs", "shardId-000000000000", "4954511524349098501828006771497314458218006259324420" + (1000 + i),
          now));
    }
    // sanity: every record must be enriched, not wrapped
    Enricher.Session s = enricher.session("123456789012", catalog, now);
    for (InputRecord r : corpus) {
      EnrichedRecord e = s.enrich(r);
      if (e.status() != EnrichedRecord.Status.ENRICHED) {
        throw new IllegalStateException("corpus record not enriched: " + e.error());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void enrich(Blackhole bh) {
    Enricher.Session session = enricher.session("123456789012", catalog, now);
    for (int i = 0; i < CORPUS_SIZE; i++) {
      bh.consume(session.enrich(corpus.get(i)).data());
    }
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void treeBaseline(Blackhole bh) throws Exception {
    for (int i = 0; i < CORPUS_SIZE; i++) {
      ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(corpus.get(i).data());
      ObjectNode e = tree.putObject("enrichment");
      e.put("environment", "prod").put("region", "eu-west-1").put("account", "123456789012")
          .put("pipelineVersion", "1.4.2").put("service", "orders-api");
      bh.consume(Json.MAPPER.writeValueAsBytes(tree));
    }
  }

  /**
   * Prints the corpus sizes; with argument {@code cpu}, also measures records per second of
   * thread CPU time (what "per core" means), which stays meaningful when other processes compete
   * for the cores and JMH's wall-clock figures drop:
   * {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.enrich.EnrichBenchmark cpu}.
   */
  public static void main(String[] args) throws Exception {
    for (String origin : new String[] {"compact", "full"}) {
      EnrichBenchmark b = new EnrichBenchmark();
      b.origin = origin;
      b.setup();
      b.describe();
      if (args.length > 0 && args[0].equals("cpu")) {
        b.cpuTime();
      }
    }
  }

  private void cpuTime() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warmupEnd = System.nanoTime() + 8_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      sink += pass();
    }
    for (int round = 1; round <= 5; round++) {
      long cpu0 = mx.getCurrentThreadCpuTime();
      long wallEnd = System.nanoTime() + 2_000_000_000L;
      long records = 0;
      while (System.nanoTime() < wallEnd) {
        sink += pass();
        records += CORPUS_SIZE;
      }
      double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf("%s round %d: %.0f records per CPU-second (%.2f CPU-s)%n", origin, round,
          records / cpuSeconds, cpuSeconds);
    }
    System.out.println("(checksum " + sink + ")");
  }

  private long pass() {
    Enricher.Session session = enricher.session("123456789012", catalog, now);
    long bytes = 0;
    for (int i = 0; i < CORPUS_SIZE; i++) {
      bytes += session.enrich(corpus.get(i)).data().length;
    }
    return bytes;
  }

  private void describe() {
    EnrichBenchmark b = this;
    int min = Integer.MAX_VALUE;
    int max = 0;
    long total = 0;
    long out = 0;
    Enricher.Session s = b.enricher.session("123456789012", b.catalog, b.now);
    for (InputRecord r : b.corpus) {
      min = Math.min(min, r.data().length);
      max = Math.max(max, r.data().length);
      total += r.data().length;
      out += s.enrich(r).data().length;
    }
    System.out.printf("%s: %d records, %d-%d bytes, mean %d in, mean %d out%n", b.origin, b.corpus.size(), min, max,
        total / b.corpus.size(), out / b.corpus.size());
    System.out.println(new String(s.enrich(b.corpus.get(0)).data(), StandardCharsets.UTF_8));
  }

  static List<String> shapes(boolean fullOrigin) {
    String origin = fullOrigin
        ? "\"origin\":{\"format\":\"cwl\",\"stream\":\"raw-logs\",\"shardId\":\"shardId-000000000003\","
            + "\"sequenceNumber\":\"49545115243490985018280067714973144582180062593244200961\",\"subSequenceNumber\":0,"
            + "\"lineIndex\":#N#,\"partitionKey\":\"pk\",\"logGroup\":\"LOGGROUP\",\"logStream\":\"2026/11/23/[$LATEST]abc\","
            + "\"owner\":\"123456789012\",\"subscriptionFilters\":[\"all\"],\"eventId\":\"37190382347134683421#N#\"}"
        : "\"origin\":{\"format\":\"cwl\",\"shardId\":\"shardId-000000000003\",\"logGroup\":\"LOGGROUP\"}";
    String head = "{\"schemaVersion\":1,\"id\":\"shardId-000000000003.49545115243490985018280067714973144582180062593244200961.0.#N#\","
        + "\"timestamp\":\"2026-11-23T16:00:00.123Z\",\"ingestedAt\":\"2026-11-23T16:00:01.456Z\",";
    return List.of(
        // Powertools-style structured Lambda log
        head + "\"level\":\"ERROR\",\"message\":\"payment failed for order #N#\",\"fields\":{\"service\":\"orders\","
            + "\"cold_start\":false,\"function_request_id\":\"c6af9ac6-7b61-11e6-9a41-93e812345678\","
            + "\"xray_trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\",\"orderId\":#N#},"
            + origin.replace("LOGGROUP", "/aws/lambda/orders-api") + "}",
        // Lambda platform REPORT line
        head + "\"level\":\"INFO\",\"message\":\"REPORT RequestId: 8f5e2c1a-1234-4cde-9abc-0123456789ab\\tDuration: 12.34 ms"
            + "\\tBilled Duration: 13 ms\\tMemory Size: 512 MB\\tMax Memory Used: 98 MB\",\"fields\":{},"
            + origin.replace("LOGGROUP", "/aws/lambda/checkout") + "}",
        // nginx access log on ECS
        head + "\"level\":\"INFO\",\"message\":\"10.20.#N#.7 - - [23/Nov/2026:16:00:00 +0000] \\\"GET /api/orders/#N# HTTP/1.1\\\" 200 512"
            + " \\\"-\\\" \\\"Mozilla/5.0\\\"\",\"fields\":{},"
            + origin.replace("LOGGROUP", "/ecs/web-frontend") + "}",
        // EKS via Fluent Bit
        head + "\"level\":\"WARN\",\"message\":\"slow query took 1532 ms\",\"fields\":{\"kubernetes\":{\"pod_name\":\"inventory-7d9f\","
            + "\"namespace_name\":\"shop\",\"labels\":{\"app\":\"inventory\"},\"container_name\":\"app\"},\"stream\":\"stdout\"},"
            + origin.replace("LOGGROUP", "/aws/eks/prod-cluster/application") + "}",
        // API Gateway execution log
        head + "\"level\":\"INFO\",\"message\":\"(e5f4b1a2-0c3d-4e5f-8a9b-0c1d2e3f4a5b) Method completed with status: 200\","
            + "\"fields\":{},"
            + origin.replace("LOGGROUP", "API-Gateway-Execution-Logs_a1b2c3d4e5/prod") + "}",
        // JSON app log (not CloudWatch), W3C trace context and an IPv6 client
        head + "\"level\":\"INFO\",\"message\":\"GET /v1/users/#N# 200 12ms\",\"fields\":{\"service.name\":\"users\","
            + "\"host.name\":\"ip-10-0-3-17\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
            + "\"client_ip\":\"2001:db8:1::#N#\"},"
            + origin.replace("\"cwl\"", "\"json\"").replace(",\"logGroup\":\"LOGGROUP\"", "") + "}",
        // CloudTrail-like event
        head + "\"level\":\"INFO\",\"message\":\"AssumeRole\",\"fields\":{\"eventSource\":\"sts.amazonaws.com\","
            + "\"eventName\":\"AssumeRole\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"192.0.2.#N#\","
            + "\"userAgent\":\"aws-sdk-java/2.42.28\",\"requestID\":\"#N#\"},"
            + origin.replace("LOGGROUP", "aws-cloudtrail-logs-123456789012") + "}",
        // plain text, nothing to derive beyond the log group
        head + "\"level\":\"DEBUG\",\"message\":\"cache refreshed: 1532 entries in 12 ms (hit ratio 0.93), next refresh in 300 s\","
            + "\"fields\":{},"
            + origin.replace("LOGGROUP", "/aws/ecs/billing/worker") + "}");
  }

  static String catalogDocument() {
    StringBuilder b = new StringBuilder("{\"formatVersion\":1,\"services\":{");
    String[] named = {"orders", "checkout", "web-frontend", "inventory", "users", "billing", "apigateway/a1b2c3d4e5"};
    for (int i = 0; i < 60; i++) {
      String name = i < named.length ? named[i] : "service-" + i;
      b.append(i == 0 ? "" : ",").append('"').append(name).append("\":{\"team\":\"team-").append(i % 9)
          .append("\",\"tier\":\"tier-").append(i % 3 + 1).append("\",\"onCall\":\"oncall-").append(i % 9)
          .append("@example.com\"").append(i == 0 ? ",\"aliases\":[\"orders-api\"]" : "").append('}');
    }
    b.append("},\"networkZones\":[");
    for (int i = 0; i < 30; i++) {
      b.append(i == 0 ? "" : ",").append("{\"cidr\":\"10.").append(i).append(".0.0/16\",\"zone\":\"vpc-").append(i).append("\"}");
    }
    b.append(",{\"cidr\":\"10.0.0.0/8\",\"zone\":\"internal\"},{\"cidr\":\"10.20.0.0/24\",\"zone\":\"dmz\"}")
        .append(",{\"cidr\":\"192.0.2.0/24\",\"zone\":\"partner\"},{\"cidr\":\"172.16.0.0/12\",\"zone\":\"internal\"}")
        .append(",{\"cidr\":\"2001:db8::/32\",\"zone\":\"ipv6-corp\"},{\"cidr\":\"2001:db8:1::/48\",\"zone\":\"ipv6-users\"}")
        .append(",{\"cidr\":\"fd00::/8\",\"zone\":\"ula\"},{\"cidr\":\"0.0.0.0/0\",\"zone\":\"internet\"}")
        .append(",{\"cidr\":\"::/0\",\"zone\":\"internet\"},{\"cidr\":\"100.64.0.0/10\",\"zone\":\"cgnat\"}]}");
    return b.toString();
  }
}
