package dev.eventpipeline.ingest.domain.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written reader of Kinesis Producer Library aggregates: the magic bytes F3 89 9A C2, a
 * protobuf {@code AggregatedRecord}, and an MD5 trailer over the protobuf bytes. The schema
 * (KPL's messages.proto):
 *
 * <pre>
 * message AggregatedRecord { repeated string partition_key_table = 1;
 *                            repeated string explicit_hash_key_table = 2;
 *                            repeated Record records = 3; }
 * message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                  required bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 *
 * Every length and index is bounds-checked; user-record data is returned as offsets into the input
 * (no copy). Unknown fields are skipped, as protobuf requires.
 */
public final class KplAggregate {
  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  static final int MD5_LENGTH = 16;

  /** One user record: its sub-sequence number (its index in the aggregate) and where its data is. */
  public record UserRecord(long subSequenceNumber, String partitionKey, String explicitHashKey,
      int dataOffset, int dataLength) {}

  /** The aggregate cannot be read; {@link #reason()} says how. */
  public static final class KplException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    KplException(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public RejectReason reason() {
      return reason;
    }
  }

  private KplAggregate() {}

  /** Whether the bytes start with the KPL magic number. */
  public static boolean hasMagic(byte[] data) {
    return data.length >= 4 && data[0] == MAGIC[0] && data[1] == MAGIC[1] && data[2] == MAGIC[2] && data[3] == MAGIC[3];
  }

  /**
   * Deaggregates. The protobuf is read first (so a cut-off aggregate reports KPL_TRUNCATED), then
   * the MD5 trailer is verified (KPL_BAD_MD5).
   */
  public static List<UserRecord> decode(byte[] data) throws KplException {
    if (data.length < MAGIC.length + MD5_LENGTH) {
      throw new KplException(RejectReason.KPL_TRUNCATED, "KPL aggregate shorter than magic + MD5 trailer");
    }
    int bodyEnd = data.length - MD5_LENGTH;
    List<String> partitionKeys = new ArrayList<>();
    List<String> hashKeys = new ArrayList<>();
    List<long[]> records = new ArrayList<>(); // {pkIndex, ehkIndex or -1, dataOffset, dataLength}
    Reader r = new Reader(data, MAGIC.length, bodyEnd);
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (field == 1 && wireType == 2) {
        partitionKeys.add(r.string());
      } else if (field == 2 && wireType == 2) {
        hashKeys.add(r.string());
      } else if (field == 3 && wireType == 2) {
        int len = r.length();
        records.add(readRecord(new Reader(data, r.pos, r.pos + len)));
        r.pos += len;
      } else {
        r.skip(field, wireType);
      }
    }
    verifyMd5(data, bodyEnd);
    List<UserRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      long[] rec = records.get(i);
      if (rec[0] >= partitionKeys.size()) {
        throw new KplException(RejectReason.KPL_MALFORMED, "user record " + i + " names partition key " + rec[0]
            + " of a table of " + partitionKeys.size());
      }
      if (rec[1] >= hashKeys.size()) {
        throw new KplException(RejectReason.KPL_MALFORMED, "user record " + i + " names explicit hash key " + rec[1]
            + " of a table of " + hashKeys.size());
      }
      out.add(new UserRecord(i, partitionKeys.get((int) rec[0]), rec[1] < 0 ? null : hashKeys.get((int) rec[1]),
          (int) rec[2], (int) rec[3]));
    }
    return out;
  }

  private static long[] readRecord(Reader r) throws KplException {
    long pk = -1;
    long ehk = -1;
    int dataOffset = -1;
    int dataLength = 0;
    while (r.hasMore()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (field == 1 && wireType == 0) {
        pk = r.varint();
      } else if (field == 2 && wireType == 0) {
        ehk = r.varint();
      } else if (field == 3 && wireType == 2) {
        dataLength = r.length();
        dataOffset = r.pos;
        r.pos += dataLength;
      } else {
        r.skip(field, wireType);
      }
    }
    if (pk < 0 || dataOffset < 0) {
      throw new KplException(RejectReason.KPL_MALFORMED, "user record without " + (pk < 0 ? "partition_key_index" : "data"));
    }
    return new long[] {pk, ehk, dataOffset, dataLength};
  }

  private static void verifyMd5(byte[] data, int bodyEnd) throws KplException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every JVM", e);
    }
    md5.update(data, MAGIC.length, bodyEnd - MAGIC.length);
    byte[] digest = md5.digest();
    for (int i = 0; i < MD5_LENGTH; i++) {
      if (digest[i] != data[bodyEnd + i]) {
        throw new KplException(RejectReason.KPL_BAD_MD5, "KPL aggregate MD5 trailer does not match its body");
      }
    }
  }

  /** A bounds-checked protobuf wire-format reader over {@code buf[pos, limit)}. */
  private static final class Reader {
    final byte[] buf;
    int pos;
    final int limit;

    Reader(byte[] buf, int pos, int limit) {
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
    }

    boolean hasMore() {
      return pos < limit;
    }

    long varint() throws KplException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= limit) {
          throw new KplException(RejectReason.KPL_TRUNCATED, "KPL aggregate ends inside a varint");
        }
        byte b = buf[pos++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new KplException(RejectReason.KPL_MALFORMED, "KPL aggregate has a varint longer than 10 bytes");
    }

    int length() throws KplException {
      long len = varint();
      if (len < 0 || len > limit - pos) {
        throw new KplException(RejectReason.KPL_TRUNCATED, "KPL aggregate field of " + len + " bytes runs past the end");
      }
      return (int) len;
    }

    String string() throws KplException {
      int len = length();
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    void skip(int field, int wireType) throws KplException {
      if (field == 0) {
        throw new KplException(RejectReason.KPL_MALFORMED, "KPL aggregate has field number 0");
      }
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new KplException(RejectReason.KPL_MALFORMED, "KPL aggregate uses wire type " + wireType);
      }
    }

    private void advance(int n) throws KplException {
      if (n > limit - pos) {
        throw new KplException(RejectReason.KPL_TRUNCATED, "KPL aggregate ends inside a field");
      }
      pos += n;
    }
  }
}
