package dev.eventpipeline.ingest.adapter;

import dev.eventpipeline.ingest.port.QuarantineStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter: quarantine objects in S3 (PutObject; the SDK's standard retries apply). The masked
 * document goes to the archive bucket as application/json; a raw copy, when the domain hands one over,
 * goes first to its own bucket as application/octet-stream. Each bucket's default encryption applies
 * (the raw bucket's is its customer managed KMS key, which ingest may only generate data keys with).
 */
public final class S3QuarantineStore implements QuarantineStore {
  private final S3Client s3;
  private final String bucket;

  public S3QuarantineStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(QuarantinedObject object) {
    RawCopy raw = object.rawCopy();
    if (raw != null) {
      put(raw.bucket(), raw.key(), "application/octet-stream", object, raw.bytes());
    }
    put(bucket, object.key(), "application/json", object, object.document());
  }

  private void put(String target, String key, String contentType, QuarantinedObject object, byte[] bytes) {
    try {
      s3.putObject(b -> b.bucket(target)
              .key(key)
              .contentType(contentType)
              .metadata(object.metadata()),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new QuarantineException("PutObject s3://" + target + "/" + key + " failed: "
          + e.getClass().getSimpleName(), e);
    }
  }
}
