package dev.eventpipeline.ingest.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.ingest.domain.format.CwlPayload;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.domain.format.Inflate;
import dev.eventpipeline.ingest.domain.format.KplAggregate;
import dev.eventpipeline.ingest.domain.format.LimitedJson;
import dev.eventpipeline.ingest.domain.format.RejectReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Detects the format of a raw Kinesis record and decodes it into normalized records (pure: no AWS,
 * no I/O, thread-safe). Detection, in order (docs/ingest.md):
 *
 * <ol>
 *   <li>gzip magic 1F 8B: inflate; a CloudWatch Logs subscription payload if the JSON has a
 *       messageType, else the inflated content is decoded as below. Invalid gzip is quarantined.
 *   <li>a zlib header (78 9C, 78 DA, ... with valid check bits): the same; if it does not inflate,
 *       the bytes were text that happened to start like zlib and are decoded as text.
 *   <li>KPL magic F3 89 9A C2: deaggregated; each user record's data is decoded as below.
 *   <li>otherwise, after a UTF-8 BOM is dropped: binary data is quarantined; one JSON object
 *       (possibly pretty-printed) is {@code json}; several lines of which some are JSON objects are
 *       {@code ndjson} (each JSON line) and {@code text} (each other line); anything else is text,
 *       one record per non-blank line.
 * </ol>
 *
 * Any unexpected exception quarantines the raw record (DECODER_ERROR) instead of failing the batch.
 */
public final class RecordDecoder {
  private static final int BINARY_SAMPLE_BYTES = 4096;
  private static final int MAX_PARTITION_KEY_CHARS = 256;

  private final DecodeLimits limits;
  private final LimitedJson json;
  private final RecordSerializer serializer;

  public RecordDecoder(DecodeLimits limits) {
    this.limits = limits;
    this.json = new LimitedJson(limits);
    this.serializer = new RecordSerializer();
  }

  public DecodeLimits limits() {
    return limits;
  }

  /** Decodes one raw record; never throws for any input. */
  public DecodeResult decode(RawRecord raw) {
    DecodeResult result = new DecodeResult();
    try {
      decodeInto(raw, result);
    } catch (RuntimeException | StackOverflowError e) {
      DecodeResult failed = new DecodeResult();
      failed.rejections.add(Rejection.ofRecord(RejectReason.DECODER_ERROR,
          "decoder failed: " + e.getClass().getSimpleName(), raw.data()));
      return failed;
    }
    return result;
  }

  private void decodeInto(RawRecord raw, DecodeResult res) {
    byte[] d = raw.data();
    if (d.length == 0) {
      res.empty = true;
      return;
    }
    if (Inflate.isGzip(d)) {
      byte[] inflated;
      try {
        inflated = Inflate.gunzip(d, limits.maxInflatedBytes());
      } catch (Inflate.InvalidException e) {
        res.rejections.add(Rejection.ofCompressedRecord(RejectReason.INVALID_GZIP, e.getMessage(), d,
            e.inflatedPrefix(), false));
        return;
      } catch (Inflate.TooLargeException e) {
        res.rejections.add(Rejection.ofCompressedRecord(RejectReason.DECOMPRESSED_TOO_LARGE, e.getMessage(), d,
            e.inflatedPrefix(), false));
        return;
      }
      decompressed(raw, inflated, "gzip", res);
      return;
    }
    if (Inflate.isZlib(d)) {
      try {
        byte[] inflated = Inflate.inflateZlib(d, limits.maxInflatedBytes());
        decompressed(raw, inflated, "zlib", res);
        return;
      } catch (Inflate.InvalidException notZlib) {
        // text that merely starts like a zlib header ("x^...", "H...") — decode it as content below
      } catch (Inflate.TooLargeException e) {
        res.rejections.add(Rejection.ofCompressedRecord(RejectReason.DECOMPRESSED_TOO_LARGE, e.getMessage(), d,
            e.inflatedPrefix(), false));
        return;
      }
    }
    if (KplAggregate.hasMagic(d)) {
      kpl(raw, res);
      return;
    }
    content(raw, new Context(raw, 0, raw.partitionKey(), false, null), d, 0, d.length, res);
  }

  private void decompressed(RawRecord raw, byte[] inflated, String compression, DecodeResult res) {
    int first = skipWhitespace(inflated, 0, inflated.length);
    if (first < inflated.length && inflated[first] == '{') {
      CwlPayload cwl;
      try {
        cwl = CwlPayload.parse(json.factory(), inflated);
      } catch (CwlPayload.MalformedException e) {
        boolean whole = inflated.length <= Inflate.PREFIX_KEPT_BYTES;
        res.rejections.add(Rejection.ofCompressedRecord(RejectReason.CWL_MALFORMED, e.getMessage(), raw.data(),
            whole ? inflated : Arrays.copyOf(inflated, Inflate.PREFIX_KEPT_BYTES), whole));
        return;
      }
      if (cwl != null) {
        cloudWatch(raw, cwl, res);
        return;
      }
    }
    content(raw, new Context(raw, 0, raw.partitionKey(), false, compression), inflated, 0, inflated.length, res);
  }

  // ---- CloudWatch Logs ----

  private void cloudWatch(RawRecord raw, CwlPayload cwl, DecodeResult res) {
    res.inputFormat = Format.CWL;
    if (cwl.isControl()) {
      res.control = true;
      return;
    }
    String outKey = cwlPartitionKey(cwl.logGroup(), cwl.logStream());
    List<CwlPayload.Event> events = cwl.logEvents();
    for (int i = 0; i < events.size(); i++) {
      CwlPayload.Event event = events.get(i);
      NormalizedRecord r = base(raw, Format.CWL, 0, i, raw.partitionKey());
      r.logGroup = cwl.logGroup();
      r.logStream = cwl.logStream();
      r.owner = cwl.owner();
      r.subscriptionFilters = cwl.subscriptionFilters();
      r.eventId = event.id();
      Supplier<byte[]> source = () -> event.message().getBytes(StandardCharsets.UTF_8);
      try {
        r.innerFormat = Normalizer.fromCwlEvent(r, event, raw.arrivalMillis(), json);
      } catch (LimitedJson.JsonLimitException e) {
        res.rejections.add(new Rejection(e.reason(), e.getMessage(), Rejection.Scope.ITEM, 0, i, source.get()));
        continue;
      }
      emit(res, r, outKey, 0, i, source);
    }
  }

  /**
   * The output partition key of a CloudWatch Logs record: log group and log stream, so each source
   * stream keeps its order. Kinesis allows 256 characters; a longer key keeps its first 191
   * characters and appends '#' and a SHA-256 prefix of the whole key (still unique, still stable).
   */
  public static String cwlPartitionKey(String logGroup, String logStream) {
    return boundedPartitionKey(logGroup + ":" + logStream);
  }

  /**
   * A partition key Kinesis accepts (at most 256 characters) that stays stable and unique: a longer
   * key keeps its first characters and appends '#' and the SHA-256 of the whole key. KPL producers
   * can put any key in an aggregate, so their keys go through here too.
   */
  public static String boundedPartitionKey(String key) {
    if (key.length() <= MAX_PARTITION_KEY_CHARS) {
      return key;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(hash);
      int keep = MAX_PARTITION_KEY_CHARS - 1 - hex.length();
      if (Character.isHighSurrogate(key.charAt(keep - 1))) {
        keep--;
      }
      return key.substring(0, keep) + "#" + hex;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  // ---- KPL ----

  private void kpl(RawRecord raw, DecodeResult res) {
    List<KplAggregate.UserRecord> users;
    try {
      users = KplAggregate.decode(raw.data());
    } catch (KplAggregate.KplException e) {
      res.rejections.add(Rejection.ofRecord(e.reason(), e.getMessage(), raw.data()));
      return;
    }
    res.inputFormat = Format.KPL;
    if (users.isEmpty()) {
      res.empty = true;
      return;
    }
    for (KplAggregate.UserRecord u : users) {
      String pk = u.partitionKey().isEmpty() ? raw.partitionKey() : boundedPartitionKey(u.partitionKey());
      content(raw, new Context(raw, u.subSequenceNumber(), pk, true, null), raw.data(), u.dataOffset(),
          u.dataLength(), res);
    }
  }

  // ---- JSON, NDJSON, text ----

  /** Where the content being decoded came from. */
  private record Context(RawRecord raw, long subSequence, String partitionKey, boolean kpl, String compression) {}

  private void content(RawRecord raw, Context ctx, byte[] b, int off, int len, DecodeResult res) {
    int end = off + len;
    if (len >= 3 && (b[off] & 0xFF) == 0xEF && (b[off + 1] & 0xFF) == 0xBB && (b[off + 2] & 0xFF) == 0xBF) {
      off += 3;
    }
    if (isBinary(b, off, end)) {
      if (ctx.kpl()) {
        res.rejections.add(new Rejection(RejectReason.BINARY, "KPL user record holds binary data",
            Rejection.Scope.USER_RECORD, ctx.subSequence(), 0, Arrays.copyOfRange(b, off, end)));
      } else if (ctx.compression() != null) {
        // b is what inflated: masked instead of the compressed bytes
        boolean whole = end - off <= Inflate.PREFIX_KEPT_BYTES;
        res.rejections.add(Rejection.ofCompressedRecord(RejectReason.BINARY,
            "binary data, not a known format (inflated " + ctx.compression() + ")", raw.data(),
            Arrays.copyOfRange(b, off, whole ? end : off + Inflate.PREFIX_KEPT_BYTES), whole));
      } else {
        res.rejections.add(Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", raw.data()));
      }
      return;
    }
    int[] lines = lines(b, off, end); // triples: start, end, physical index
    int count = lines.length / 3;
    if (count == 0) {
      if (!ctx.kpl()) {
        res.empty = true;
      }
      return;
    }
    if (!ctx.kpl()) {
      res.inputFormat = Format.TEXT;
    }
    if (count == 1) {
      line(ctx, b, lines[0], lines[1], lines[2], true, res);
      return;
    }
    if (startsWithBrace(b, lines[0], lines[1])) {
      LimitedJson.Parsed first;
      try {
        first = json.readObject(b, lines[0], lines[1] - lines[0]);
      } catch (LimitedJson.JsonLimitException e) {
        first = null; // the line is refused below, with the others
      }
      if (first != null && first.shape() == LimitedJson.Shape.NOT_AN_OBJECT) {
        // maybe one pretty-printed object spanning the lines
        int wholeStart = lines[0];
        int wholeEnd = lines[lines.length - 2];
        try {
          LimitedJson.Parsed whole = json.readObject(b, wholeStart, wholeEnd - wholeStart);
          if (whole.shape() == LimitedJson.Shape.OBJECT) {
            if (!ctx.kpl()) {
              res.inputFormat = Format.JSON;
            }
            jsonItem(ctx, whole.object(), Format.JSON, lines[2], source(b, wholeStart, wholeEnd), res);
            return;
          }
        } catch (LimitedJson.JsonLimitException e) {
          reject(res, ctx, e.reason(), e.getMessage(), lines[2], source(b, wholeStart, wholeEnd));
          return;
        }
      }
    }
    for (int i = 0; i < count; i++) {
      line(ctx, b, lines[3 * i], lines[3 * i + 1], lines[3 * i + 2], false, res);
    }
  }

  private void line(Context ctx, byte[] b, int start, int end, int index, boolean single, DecodeResult res) {
    if (startsWithBrace(b, start, end)) {
      try {
        LimitedJson.Parsed parsed = json.readObject(b, start, end - start);
        if (parsed.shape() == LimitedJson.Shape.NOT_AN_OBJECT) {
          // Jackson refuses invalid UTF-8 (a Latin-1 "é" in a JSON log line); decoded with U+FFFD
          // replacements, as a text line would be, the object keeps its level, time and fields.
          byte[] replaced = new String(b, start, end - start, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
          if (!Arrays.equals(replaced, 0, replaced.length, b, start, end)) {
            parsed = json.readObject(replaced, 0, replaced.length);
          }
        }
        if (parsed.shape() == LimitedJson.Shape.OBJECT) {
          Format format = single ? Format.JSON : Format.NDJSON;
          if (!ctx.kpl() && (single || res.inputFormat == Format.TEXT)) {
            res.inputFormat = format;
          }
          jsonItem(ctx, parsed.object(), format, index, source(b, start, end), res);
          return;
        }
      } catch (LimitedJson.JsonLimitException e) {
        reject(res, ctx, e.reason(), e.getMessage(), index, source(b, start, end));
        return;
      }
    }
    RawRecord raw = ctx.raw();
    NormalizedRecord r = base(raw, ctx.kpl() ? Format.KPL : Format.TEXT, ctx.subSequence(), index, ctx.partitionKey());
    r.innerFormat = ctx.kpl() ? Format.TEXT : null;
    r.compression = ctx.compression();
    Normalizer.fromText(r, new String(b, start, end - start, StandardCharsets.UTF_8), raw.arrivalMillis());
    emit(res, r, ctx.partitionKey(), ctx.subSequence(), index, source(b, start, end));
  }

  private void jsonItem(Context ctx, ObjectNode object, Format format, int index, Supplier<byte[]> source,
      DecodeResult res) {
    RawRecord raw = ctx.raw();
    NormalizedRecord r = base(raw, ctx.kpl() ? Format.KPL : format, ctx.subSequence(), index, ctx.partitionKey());
    r.innerFormat = ctx.kpl() ? format : null;
    r.compression = ctx.compression();
    Normalizer.fromJson(r, object, raw.arrivalMillis(), true);
    emit(res, r, ctx.partitionKey(), ctx.subSequence(), index, source);
  }

  private static void reject(DecodeResult res, Context ctx, RejectReason reason, String detail, int index,
      Supplier<byte[]> source) {
    res.rejections.add(new Rejection(reason, detail, Rejection.Scope.ITEM, ctx.subSequence(), index, source.get()));
  }

  private static Supplier<byte[]> source(byte[] b, int start, int end) {
    return () -> Arrays.copyOfRange(b, start, end);
  }

  // ---- shared ----

  private static NormalizedRecord base(RawRecord raw, Format format, long subSequence, int lineIndex, String pk) {
    NormalizedRecord r = new NormalizedRecord();
    r.format = format;
    r.stream = raw.streamName();
    r.shardId = raw.shardId();
    r.sequenceNumber = raw.sequenceNumber();
    r.subSequenceNumber = subSequence;
    r.lineIndex = lineIndex;
    r.partitionKey = pk;
    r.ingestedAt = raw.arrivalMillis();
    return r;
  }

  private void emit(DecodeResult res, NormalizedRecord r, String outKey, long subSequence, int index,
      Supplier<byte[]> source) {
    int limit = Math.min(limits.maxRecordBytes(),
        DecodeLimits.KINESIS_MAX_RECORD_BYTES - outKey.getBytes(StandardCharsets.UTF_8).length);
    List<byte[]> parts;
    try {
      parts = serializer.serialize(r, limit);
    } catch (RecordSerializer.TooLargeException e) {
      res.rejections.add(new Rejection(RejectReason.RECORD_TOO_LARGE, e.getMessage(), Rejection.Scope.ITEM,
          subSequence, index, source.get()));
      return;
    }
    if (parts.size() > 1) {
      res.splitRecords++;
    }
    String id = r.id();
    for (int i = 0; i < parts.size(); i++) {
      res.outputs.add(new OutputRecord(outKey, parts.get(i), r.format, parts.size() > 1 ? id + ".p" + (i + 1) : id));
    }
  }

  /**
   * Non-blank lines of {@code b[off, end)} as (start, end, physical line index) triples. A line keeps
   * its leading whitespace (indentation means something in stack traces) and loses the CR of a CRLF.
   */
  static int[] lines(byte[] b, int off, int end) {
    int[] out = new int[12];
    int n = 0;
    int index = 0;
    int start = off;
    for (int i = off; i <= end; i++) {
      if (i == end || b[i] == '\n') {
        int e = i > start && b[i - 1] == '\r' ? i - 1 : i;
        if (skipWhitespace(b, start, e) < e) {
          if (n + 3 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          out[n++] = start;
          out[n++] = e;
          out[n++] = index;
        }
        index++;
        start = i + 1;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static boolean startsWithBrace(byte[] b, int start, int end) {
    int i = skipWhitespace(b, start, end);
    return i < end && b[i] == '{';
  }

  private static int skipWhitespace(byte[] b, int from, int end) {
    while (from < end && isWhitespace(b[from])) {
      from++;
    }
    return from;
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
  }

  /**
   * Binary, not text: a NUL byte, or more than 30% of the first 4 KiB being control characters
   * (other than tab, CR, LF, FF, ESC) or bytes that are not valid UTF-8. Latin-1 text (a few invalid
   * bytes) stays text and gets U+FFFD replacements.
   */
  static boolean isBinary(byte[] b, int off, int end) {
    int limit = Math.min(end, off + BINARY_SAMPLE_BYTES);
    int suspicious = 0;
    int i = off;
    while (i < limit) {
      int c = b[i] & 0xFF;
      if (c == 0) {
        return true;
      }
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) {
          suspicious++;
        }
        i++;
        continue;
      }
      int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
      boolean valid = need > 0;
      for (int k = 1; valid && k <= need; k++) {
        valid = i + k < end && (b[i + k] & 0xC0) == 0x80;
      }
      if (valid) {
        i += need + 1;
      } else {
        suspicious++;
        i++;
      }
    }
    int sampled = limit - off;
    return sampled > 0 && suspicious * 10 > sampled * 3;
  }
}
