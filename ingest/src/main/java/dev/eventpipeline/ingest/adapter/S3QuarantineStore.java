package dev.eventpipeline.ingest.adapter;

import dev.eventpipeline.common.aws.S3Bucket;
import dev.eventpipeline.ingest.port.QuarantineStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter: quarantine objects in S3 (PutObject; the SDK's standard retries apply). The masked
 * document goes to the archive bucket as application/json; a raw copy, when the domain hands one over,
 * goes first to its own bucket as application/octet-stream. Each bucket's default encryption applies
 * (the raw bucket's is its customer managed KMS key, which ingest may only generate data keys with).
 */
public final class S3QuarantineStore implements QuarantineStore {
  private final S3Client s3;
  private final S3Bucket archive;

  public S3QuarantineStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.archive = new S3Bucket(s3, bucket);
  }

  @Override
  public String bucket() {
    return archive.name();
  }

  @Override
  public void put(QuarantinedObject object) {
    RawCopy raw = object.rawCopy();
    if (raw != null) {
      put(new S3Bucket(s3, raw.bucket()), raw.key(), "application/octet-stream", object, raw.bytes());
    }
    put(archive, object.key(), "application/json", object, object.document());
  }

  private static void put(S3Bucket target, String key, String contentType, QuarantinedObject object, byte[] bytes) {
    try {
      target.put(key, bytes, contentType, null, object.metadata());
    } catch (SdkException e) {
      throw new QuarantineException("PutObject s3://" + target.name() + "/" + key + " failed: "
          + e.getClass().getSimpleName(), e);
    }
  }
}
