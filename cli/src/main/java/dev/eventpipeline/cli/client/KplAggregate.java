package dev.eventpipeline.cli.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one KPL aggregated record the way the Kinesis Producer Library does: the magic bytes
 * F3 89 9A C2, the protobuf {@code AggregatedRecord}, and the MD5 of the protobuf bytes.
 *
 * <pre>
 * message AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 *                            repeated Record records = 3; }
 * message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                  required bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 * Encoded by hand: three field types, no need for a protobuf runtime on the CLI's classpath.
 */
public final class KplAggregate {
  public static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  /** The KPL's default AggregationMaxSize. */
  public static final int DEFAULT_MAX_BYTES = 51_200;

  private final List<String> keys = new ArrayList<>();
  private final Map<String, Integer> keyIndex = new HashMap<>();
  private final ByteArrayOutputStream keyTable = new ByteArrayOutputStream();
  private final ByteArrayOutputStream records = new ByteArrayOutputStream();
  private int count;

  /** Adds one user record. */
  public void add(String partitionKey, byte[] data) {
    Integer index = keyIndex.get(partitionKey);
    if (index == null) {
      index = keys.size();
      keys.add(partitionKey);
      keyIndex.put(partitionKey, index);
      byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
      keyTable.write(0x0A); // field 1, length-delimited
      writeVarint(keyTable, key.length);
      keyTable.writeBytes(key);
    }
    ByteArrayOutputStream record = new ByteArrayOutputStream(data.length + 8);
    record.write(0x08); // field 1, varint
    writeVarint(record, index);
    record.write(0x1A); // field 3, length-delimited
    writeVarint(record, data.length);
    record.writeBytes(data);
    records.write(0x1A); // AggregatedRecord field 3
    writeVarint(records, record.size());
    records.writeBytes(record.toByteArray());
    count++;
  }

  /** The protobuf size a further record of this size and key would bring the aggregate to. */
  public int sizeWith(String partitionKey, int dataLength) {
    int keyBytes = keyIndex.containsKey(partitionKey) ? 0 : 6 + partitionKey.length() * 4;
    int recordBytes = 2 + 5 + 1 + 5 + dataLength + 5;
    return keyTable.size() + records.size() + keyBytes + recordBytes + MAGIC.length + 16;
  }

  public int count() {
    return count;
  }

  /** The first partition key: the KPL uses it as the Kinesis record's partition key. */
  public String firstPartitionKey() {
    return keys.isEmpty() ? null : keys.get(0);
  }

  /** Magic + protobuf + MD5(protobuf). */
  public byte[] toBytes() {
    ByteArrayOutputStream protobuf = new ByteArrayOutputStream(keyTable.size() + records.size());
    protobuf.writeBytes(keyTable.toByteArray());
    protobuf.writeBytes(records.toByteArray());
    byte[] message = protobuf.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 20);
    out.writeBytes(MAGIC);
    out.writeBytes(message);
    out.writeBytes(md5(message));
    return out.toByteArray();
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }
}
