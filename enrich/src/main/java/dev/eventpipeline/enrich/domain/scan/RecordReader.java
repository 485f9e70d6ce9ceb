package dev.eventpipeline.enrich.domain.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a normalized record in one pass over its UTF-8 bytes: validates the whole document as
 * strict JSON (RFC 8259, well-formed UTF-8, nesting ≤ {@value #MAX_DEPTH}) and collects the few
 * members enrich needs into {@link RecordFacts}. Member names are matched by hashing their bytes
 * against a fixed table, and only the values enrich uses are decoded into Strings; everything else
 * is skipped. This is the hot path of the function, hence a purpose-built scanner rather than a
 * general parser (see docs/enrich.md, "Performance").
 */
public final class RecordReader extends StrictJsonBytes {
  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 512;
  private static final int MAX_FIELD_VALUE = 256;

  /** The outcome of a read that did not throw. */
  public enum Shape { OBJECT, NOT_AN_OBJECT, TRAILING_DATA, EMPTY }

  /** Invalid JSON; {@code offset} is where it was noticed (relative to the start of the document). */
  public static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Where the problem was noticed, relative to the start of the document. */
    public final int offset;

    MalformedJsonException(String message, int offset) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  // Name codes. Contexts decide which codes they act on.
  private static final int NONE = 0;
  private static final int MESSAGE = 1;
  private static final int FIELDS = 2;
  private static final int ORIGIN = 3;
  private static final int ID = 4;
  private static final int SCHEMA_VERSION = 5;
  private static final int ENRICHMENT = 6;
  private static final int LOG_GROUP = 7;
  private static final int SERVICE = 8; // "service": a string, or an object with name
  private static final int SERVICE_NAME = 9;
  private static final int HOST = 10; // "host": a string, or an object with name/hostname
  private static final int HOSTNAME = 11;
  private static final int TRACE = 12;
  private static final int REQUEST = 13;
  private static final int IP = 14;
  private static final int FORWARDED_FOR = 15;
  private static final int KUBERNETES = 16;
  private static final int CLIENT_OR_SOURCE = 17;
  private static final int NAME = 18;
  private static final int ADDRESS = 19;
  private static final int LABELS = 20;
  private static final int CONTAINER_NAME = 21;
  private static final int APP = 22;
  private static final int K8S_APP_NAME = 23;

  private static final int TABLE_SIZE = 256;
  private static final byte[][] KEYS = new byte[TABLE_SIZE][];
  private static final int[] CODES = new int[TABLE_SIZE];

  static {
    name(MESSAGE, "message");
    name(FIELDS, "fields");
    name(ORIGIN, "origin");
    name(ID, "id");
    name(SCHEMA_VERSION, "schemaVersion");
    name(ENRICHMENT, "enrichment");
    name(LOG_GROUP, "logGroup");
    name(SERVICE, "service");
    name(SERVICE_NAME, "service.name");
    name(HOST, "host");
    name(HOSTNAME, "hostname", "host.name");
    name(TRACE, "traceId", "trace_id", "trace.id", "xrayTraceId", "xray_trace_id", "traceparent",
        "X-Amzn-Trace-Id", "x-amzn-trace-id", "_X_AMZN_TRACE_ID", "AWS-XRAY-TRACE-ID");
    name(REQUEST, "requestId", "request_id", "awsRequestId", "aws_request_id", "functionRequestId",
        "function_request_id");
    name(IP, "clientIp", "client_ip", "clientIP", "client.ip", "ip", "remote_addr", "remoteAddr", "remote_ip",
        "remoteIp", "sourceIPAddress", "sourceIp", "source_ip", "source.ip", "src_ip", "srcaddr");
    name(FORWARDED_FOR, "x-forwarded-for", "X-Forwarded-For", "xForwardedFor", "x_forwarded_for");
    name(KUBERNETES, "kubernetes");
    name(CLIENT_OR_SOURCE, "client", "source");
    name(NAME, "name");
    name(ADDRESS, "address");
    name(LABELS, "labels");
    name(CONTAINER_NAME, "container_name");
    name(APP, "app");
    name(K8S_APP_NAME, "app.kubernetes.io/name");
  }

  private static void name(int code, String... names) {
    for (String n : names) {
      byte[] key = n.getBytes(StandardCharsets.UTF_8);
      int slot = hash(key, 0, key.length) & (TABLE_SIZE - 1);
      while (KEYS[slot] != null) {
        slot = (slot + 1) & (TABLE_SIZE - 1);
      }
      KEYS[slot] = key;
      CODES[slot] = code;
    }
  }

  /**
   * Length and four sample bytes: enough to spread the ~70 known names over the table, and
   * constant-time for the many unknown names of a record (a collision only costs one compare).
   */
  private static int hash(byte[] b, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return 0;
    }
    int h = n * 0x9E3779B1;
    h ^= b[from] * 31 + b[to - 1];
    h = h * 31 + b[from + (n >> 1)];
    h = h * 31 + b[from + (n >> 2)];
    return h ^ (h >>> 11) ^ (h >>> 5);
  }

  /** Reads data[off, off+len) into {@code f}. */
  public Shape read(byte[] data, int off, int len, RecordFacts f) throws MalformedJsonException {
    f.reset();
    b = data;
    pos = off;
    start = off;
    end = off + len;
    depth = 0;
    try {
      skipWs();
      if (pos == end) {
        return Shape.EMPTY;
      }
      Shape shape;
      if (b[pos] == '{') {
        topObject(f);
        shape = Shape.OBJECT;
      } else {
        skipValue();
        shape = Shape.NOT_AN_OBJECT;
      }
      skipWs();
      return pos == end ? shape : Shape.TRAILING_DATA;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new MalformedJsonException("unexpected end of input", len);
    } finally {
      b = null;
    }
  }

  private void topObject(RecordFacts f) throws MalformedJsonException {
    pos++; // {
    skipWs();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      int code = memberName();
      f.members++;
      byte c = peek();
      switch (code) {
        case MESSAGE -> {
          if (c == '"') {
            f.message = stringValue();
          } else {
            skipValue();
          }
        }
        case FIELDS -> {
          if (c == '{') {
            object(f, FIELDS);
          } else {
            skipValue();
          }
        }
        case ORIGIN -> {
          if (c == '{') {
            object(f, ORIGIN);
          } else {
            skipValue();
          }
        }
        case ID -> {
          f.hasId = c == '"';
          skipValue();
        }
        case SCHEMA_VERSION -> f.schemaVersion = intValue();
        case ENRICHMENT -> {
          f.hasEnrichment = true;
          skipValue();
        }
        default -> skipValue();
      }
      if (!nextMember()) {
        return;
      }
    }
  }

  /** An object in a context that reads some members: FIELDS, ORIGIN, SERVICE, HOST, CLIENT_OR_SOURCE, KUBERNETES, LABELS. */
  private void object(RecordFacts f, int context) throws MalformedJsonException {
    enter();
    pos++; // {
    skipWs();
    if (peek() == '}') {
      pos++;
      depth--;
      return;
    }
    while (true) {
      int code = memberName();
      byte c = peek();
      if (c == '"') {
        stringMember(f, context, code);
      } else if (c == '{' && nestedContext(context, code) != NONE) {
        object(f, nestedContext(context, code));
      } else {
        skipValue();
      }
      if (!nextMember()) {
        depth--;
        return;
      }
    }
  }

  private static int nestedContext(int context, int code) {
    if (context == FIELDS) {
      return switch (code) {
        case SERVICE, HOST, CLIENT_OR_SOURCE, KUBERNETES -> code;
        default -> NONE;
      };
    }
    return context == KUBERNETES && code == LABELS ? LABELS : NONE;
  }

  /** A string value at pos, in a context: keep it when the context uses it, else skip it. */
  private void stringMember(RecordFacts f, int context, int code) throws MalformedJsonException {
    switch (context) {
      case ORIGIN -> {
        if (code == LOG_GROUP) {
          f.logGroup = stringValue();
          return;
        }
      }
      case FIELDS -> {
        switch (code) {
          case SERVICE, SERVICE_NAME -> {
            if (f.service == null) {
              f.service = serviceName(stringValue());
              return;
            }
          }
          case HOST, HOSTNAME -> {
            if (f.host == null) {
              f.host = bounded(stringValue());
              return;
            }
          }
          case TRACE -> {
            if (f.traceId == null) {
              f.traceId = TextScan.traceIdFromField(stringValue());
              return;
            }
          }
          case REQUEST -> {
            if (f.requestId == null) {
              f.requestId = bounded(stringValue());
              return;
            }
          }
          case IP -> {
            if (f.ip == null) {
              f.ip = IpAddress.parse(stringValue());
              return;
            }
          }
          case FORWARDED_FOR -> {
            if (f.ip == null) {
              String v = stringValue();
              int comma = v.indexOf(',');
              f.ip = IpAddress.parse(comma < 0 ? v : v.substring(0, comma)); // the client is listed first
              return;
            }
          }
          default -> { }
        }
      }
      case SERVICE -> {
        if (code == NAME && f.service == null) {
          f.service = serviceName(stringValue());
          return;
        }
      }
      case HOST -> {
        if ((code == NAME || code == HOSTNAME) && f.host == null) {
          f.host = bounded(stringValue());
          return;
        }
      }
      case CLIENT_OR_SOURCE -> {
        if ((code == IP || code == ADDRESS) && f.ip == null) {
          f.ip = IpAddress.parse(stringValue());
          return;
        }
      }
      case KUBERNETES -> {
        if (code == CONTAINER_NAME) {
          f.k8sContainer = serviceName(stringValue());
          return;
        }
      }
      case LABELS -> {
        if (code == K8S_APP_NAME) {
          f.k8sAppName = serviceName(stringValue());
          return;
        }
        if (code == APP) {
          f.k8sApp = serviceName(stringValue());
          return;
        }
      }
      default -> { }
    }
    scanString();
  }

  /** A member name (pos at its quote) and the ':' after it; returns its code. */
  private int memberName() throws MalformedJsonException {
    if (peek() != '"') {
      throw error("expected a member name");
    }
    scanString();
    int code;
    if (strPlain) {
      code = lookup(b, strFrom, strTo);
    } else {
      byte[] decoded = decode().getBytes(StandardCharsets.UTF_8);
      code = lookup(decoded, 0, decoded.length);
    }
    skipWs();
    if (peek() != ':') {
      throw error("expected ':'");
    }
    pos++;
    skipWs();
    return code;
  }

  private static int lookup(byte[] src, int from, int to) {
    int slot = hash(src, from, to) & (TABLE_SIZE - 1);
    byte[] key;
    while ((key = KEYS[slot]) != null) {
      if (Arrays.equals(key, 0, key.length, src, from, to)) {
        return CODES[slot];
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return NONE;
  }

  /** Powertools' placeholder "service_undefined" names no service. */
  private static String serviceName(String v) {
    String s = bounded(v);
    return s == null || "service_undefined".equals(s) ? null : s;
  }

  /** Trimmed, non-empty and at most 256 characters (longer values are not identifiers). */
  static String bounded(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    return s.isEmpty() || s.length() > MAX_FIELD_VALUE ? null : s;
  }
}

