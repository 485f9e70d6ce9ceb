package dev.eventpipeline.ingest.domain.format;

/**
 * Bounds that keep hostile input from costing unbounded memory or time.
 *
 * @param maxRecordBytes largest normalized record (JSON plus partition key) before it is split
 * @param maxInflatedBytes largest decompressed payload (a CloudWatch Logs batch is ~1 MB uncompressed)
 * @param maxJsonDepth deepest JSON nesting accepted in a log record
 * @param maxJsonMembers most object members plus array elements accepted in one JSON record
 */
public record DecodeLimits(int maxRecordBytes, int maxInflatedBytes, int maxJsonDepth, int maxJsonMembers) {
  public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;
  public static final DecodeLimits DEFAULT = new DecodeLimits(KINESIS_MAX_RECORD_BYTES, 32 * 1024 * 1024, 64, 10_000);

  public DecodeLimits {
    if (maxRecordBytes < 1024 || maxRecordBytes > KINESIS_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("maxRecordBytes must be between 1024 and " + KINESIS_MAX_RECORD_BYTES);
    }
  }

  public DecodeLimits withMaxRecordBytes(int bytes) {
    return new DecodeLimits(bytes, maxInflatedBytes, maxJsonDepth, maxJsonMembers);
  }
}
