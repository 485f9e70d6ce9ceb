package dev.eventpipeline.enrich.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.json.Utf8JsonWriter;
import dev.eventpipeline.enrich.domain.scan.IpAddress;
import dev.eventpipeline.enrich.domain.scan.RecordFacts;
import dev.eventpipeline.enrich.domain.scan.RecordReader;
import dev.eventpipeline.enrich.domain.scan.TextScan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the {@code enrichment} object to normalized log records (fields and rules in
 * docs/enrich.md). The record's own bytes are never re-serialized: one streaming pass reads what
 * the derivations need and validates the JSON, then the enrichment object is spliced in before the
 * closing brace. Bad input is never dropped: see {@link EnrichedRecord.Status}.
 */
public final class Enricher {
  private static final Logger LOG = LoggerFactory.getLogger(Enricher.class);
  /** Kinesis' limit on data + partition key of one record. */
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  private static final byte[] ENRICHMENT = ascii("\"enrichment\":{");
  private static final byte[] SERVICE = ascii("\"service\":");
  private static final byte[] TRACE_ID = ascii("\"traceId\":");
  private static final byte[] REQUEST_ID = ascii("\"requestId\":");
  private static final byte[] HOST = ascii("\"host\":");
  private static final byte[] NETWORK_ZONE = ascii("\"networkZone\":");
  private static final byte[] ERROR = ascii("\"error\":");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String environment;
  private final String region;
  private final String pipelineVersion;

  public Enricher(String environment, String region, String pipelineVersion) {
    this.environment = environment;
    this.region = region;
    this.pipelineVersion = pipelineVersion;
  }

  /**
   * A session for one invocation (one thread): the account and the catalog version are fixed for
   * the batch. {@code now} stands in for a missing arrival time.
   */
  public Session session(String account, Catalog catalog, Instant now) {
    return new Session(account, catalog == null ? Catalog.EMPTY : catalog, now);
  }

  /** Counts of one session, for metrics. */
  public record Stats(int records, int enriched, int notRecords, int wrapped, int unchanged,
      int withService, int withCatalogEntry, int withTraceId, int withRequestId, int withHost, int withNetworkZone) {}

  /** Enriches the records of one batch; not thread-safe (buffers are reused). */
  public final class Session {
    private final Catalog catalog;
    private final Instant now;
    private final byte[] staticMembers;
    private final RecordReader reader = new RecordReader();
    private final RecordFacts facts = new RecordFacts();
    private final Utf8JsonWriter enrichment = new Utf8JsonWriter(512);
    private int records;
    private int enriched;
    private int notRecords;
    private int wrapped;
    private int unchanged;
    private int withService;
    private int withCatalogEntry;
    private int withTraceId;
    private int withRequestId;
    private int withHost;
    private int withNetworkZone;

    private Session(String account, Catalog catalog, Instant now) {
      this.catalog = catalog;
      this.now = now;
      Utf8JsonWriter s = new Utf8JsonWriter(128);
      boolean first = member(s, true, "environment", environment);
      first = member(s, first, "region", region);
      first = member(s, first, "account", account);
      member(s, first, "pipelineVersion", pipelineVersion);
      this.staticMembers = s.toByteArray();
    }

    public Stats stats() {
      return new Stats(records, enriched, notRecords, wrapped, unchanged, withService, withCatalogEntry,
          withTraceId, withRequestId, withHost, withNetworkZone);
    }

    /** Enriches one record; never throws, never returns null. */
    public EnrichedRecord enrich(InputRecord in) {
      records++;
      try {
        EnrichedRecord out = enrichOrWrap(in);
        String key = in.partitionKey();
        int keyBytesAtMost = key == null ? 0 : key.length() * 3;
        if (out.data().length + keyBytesAtMost > MAX_RECORD_BYTES
            && out.data().length + utf8Length(key) > MAX_RECORD_BYTES) {
          return unchanged(in, "enriched record would exceed Kinesis' 1 MiB record limit");
        }
        switch (out.status()) {
          case ENRICHED -> enriched++;
          case NOT_A_RECORD -> notRecords++;
          case WRAPPED -> wrapped++;
          default -> { }
        }
        return out;
      } catch (RuntimeException | IOException e) {
        LOG.error("Enriching failed unexpectedly ({}); forwarding the record unchanged", e.getClass().getName());
        return unchanged(in, "enrichment failed: " + e.getClass().getSimpleName());
      }
    }

    private EnrichedRecord unchanged(InputRecord in, String reason) {
      unchanged++;
      return new EnrichedRecord(in.data(), EnrichedRecord.Status.UNCHANGED, reason);
    }

    private EnrichedRecord enrichOrWrap(InputRecord in) throws IOException {
      byte[] data = in.data();
      int off = hasBom(data) ? 3 : 0;
      RecordReader.Shape shape;
      String problem;
      try {
        shape = reader.read(data, off, data.length - off, facts);
        problem = switch (shape) {
          case OBJECT -> null;
          case NOT_AN_OBJECT -> "not a log record: the JSON value is not an object";
          case TRAILING_DATA -> "not a log record: more than one JSON value";
          case EMPTY -> "not a log record: empty";
        };
      } catch (RecordReader.MalformedJsonException e) {
        shape = null;
        problem = "not valid JSON: " + e.getMessage() + " at byte " + (e.offset + off);
      }
      if (shape != RecordReader.Shape.OBJECT) {
        return wrap(in, off, problem);
      }
      String error = facts.schemaVersion() != 1 || !facts.hasId()
          ? "not a schemaVersion 1 log record (" + (facts.hasId() ? "schemaVersion " + describeVersion() : "no id") + ")"
          : null;
      writeEnrichment(error);
      if (facts.hasEnrichment()) {
        // Already enriched (a replay): replace the old object rather than emit a duplicate key.
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(data, off, data.length - off);
        tree.remove("enrichment");
        byte[] rest = Json.MAPPER.writeValueAsBytes(tree);
        return new EnrichedRecord(splice(rest, 0, tree.size()), status(error), error);
      }
      return new EnrichedRecord(splice(data, off, facts.members()), status(error), error);
    }

    private EnrichedRecord.Status status(String error) {
      return error == null ? EnrichedRecord.Status.ENRICHED : EnrichedRecord.Status.NOT_A_RECORD;
    }

    private String describeVersion() {
      return facts.schemaVersion() == RecordFacts.ABSENT ? "missing"
          : facts.schemaVersion() == RecordFacts.NOT_AN_INT ? "not an integer" : Integer.toString(facts.schemaVersion());
    }

    /** Derives and looks up, writing {@code "enrichment":{...}} into the scratch buffer. */
    private void writeEnrichment(String error) {
      RecordFacts f = facts;
      String service = f.service() != null ? f.service()
          : f.k8sAppName() != null ? f.k8sAppName()
          : f.k8sApp() != null ? f.k8sApp()
          : f.k8sContainer() != null ? f.k8sContainer()
          : LogGroups.serviceOf(f.logGroup());
      String traceId = f.traceId() != null ? f.traceId() : TextScan.traceId(f.message());
      String requestId = f.requestId() != null ? f.requestId() : TextScan.requestId(f.message());
      IpAddress ip = f.ip() != null ? f.ip() : TextScan.firstIp(f.message());
      Utf8JsonWriter e = enrichment;
      e.reset();
      e.raw(ENRICHMENT);
      e.raw(staticMembers);
      boolean first = staticMembers.length == 0;
      if (service != null) {
        e.member(first, SERVICE, service);
        first = false;
        withService++;
      }
      if (traceId != null) {
        e.member(first, TRACE_ID, traceId);
        first = false;
        withTraceId++;
      }
      if (requestId != null) {
        e.member(first, REQUEST_ID, requestId);
        first = false;
        withRequestId++;
      }
      if (f.host() != null) {
        e.member(first, HOST, f.host());
        first = false;
        withHost++;
      }
      ServiceInfo info = catalog.service(service);
      if (info != null && info.hasAttributes()) {
        if (!first) {
          e.raw(',');
        }
        e.raw(info.json());
        first = false;
        withCatalogEntry++;
      }
      String zone = catalog.zoneOf(ip);
      if (zone != null) {
        e.member(first, NETWORK_ZONE, zone);
        first = false;
        withNetworkZone++;
      }
      if (error != null) {
        e.member(first, ERROR, error);
      }
      e.raw('}');
    }

    /** data[off..] is one JSON object: insert the enrichment member before its closing brace. */
    private byte[] splice(byte[] data, int off, int members) {
      int end = data.length;
      while (end > off && isWhitespace(data[end - 1])) {
        end--;
      }
      int bodyEnd = end - 1; // the closing brace
      int head = bodyEnd - off;
      int sep = members > 0 ? 1 : 0;
      byte[] out = new byte[head + sep + enrichment.length() + 1];
      System.arraycopy(data, off, out, 0, head);
      if (sep == 1) {
        out[head] = ',';
      }
      System.arraycopy(enrichment.buffer(), 0, out, head + sep, enrichment.length());
      out[out.length - 1] = '}';
      return out;
    }

    /**
     * A payload that is not a JSON object becomes a record of its own so that it keeps flowing
     * (mask decides to archive or quarantine it): its text as the message, its coordinates in the
     * input stream as origin, and the reason in enrichment.error. Invalid UTF-8 is replaced (U+FFFD)
     * and said so in the error.
     */
    private EnrichedRecord wrap(InputRecord in, int off, String problem) {
      byte[] data = in.data();
      String text;
      String error = problem;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(data, off, data.length - off))
            .toString();
      } catch (CharacterCodingException e) {
        text = new String(data, off, data.length - off, StandardCharsets.UTF_8);
        error = problem + "; invalid UTF-8 replaced";
      }
      facts.resetTo(text);
      writeEnrichment(error);
      String arrival = MILLIS.format(in.arrival() != null ? in.arrival() : now);
      Utf8JsonWriter out = new Utf8JsonWriter(text.length() + enrichment.length() + 512);
      out.raw(ascii("{\"schemaVersion\":1,\"id\":"));
      out.string(Objects.toString(in.shardId(), "unknown") + "." + Objects.toString(in.sequenceNumber(), "unknown") + ".invalid");
      out.member(false, ascii("\"timestamp\":"), arrival);
      out.member(false, ascii("\"ingestedAt\":"), arrival);
      out.member(false, ascii("\"message\":"), text);
      out.raw(ascii(",\"fields\":{},\"origin\":{\"format\":\"invalid\""));
      if (in.stream() != null) {
        out.member(false, ascii("\"stream\":"), in.stream());
      }
      out.member(false, ascii("\"shardId\":"), Objects.toString(in.shardId(), "unknown"));
      out.member(false, ascii("\"sequenceNumber\":"), Objects.toString(in.sequenceNumber(), "unknown"));
      out.member(false, ascii("\"partitionKey\":"), Objects.toString(in.partitionKey(), "unknown"));
      out.raw(ascii("},"));
      out.raw(enrichment.buffer(), 0, enrichment.length());
      out.raw('}');
      return new EnrichedRecord(out.toByteArray(), EnrichedRecord.Status.WRAPPED, error);
    }
  }

  private static boolean member(Utf8JsonWriter out, boolean first, String name, String value) {
    if (value == null) {
      return first;
    }
    if (!first) {
      out.raw(',');
    }
    out.string(name);
    out.raw(':');
    out.string(value);
    return false;
  }

  private static boolean hasBom(byte[] d) {
    return d.length >= 3 && d[0] == (byte) 0xEF && d[1] == (byte) 0xBB && d[2] == (byte) 0xBF;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static int utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
