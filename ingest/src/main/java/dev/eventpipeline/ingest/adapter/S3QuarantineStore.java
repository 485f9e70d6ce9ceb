package dev.eventpipeline.ingest.adapter;

import dev.eventpipeline.ingest.port.QuarantineStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter: quarantine objects in S3 (PutObject; the SDK's standard retries apply). The bucket's
 * default encryption applies; the raw bytes are stored as application/octet-stream.
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
    try {
      s3.putObject(b -> b.bucket(bucket)
              .key(object.key())
              .contentType("application/octet-stream")
              .metadata(object.metadata()),
          RequestBody.fromBytes(object.bytes()));
    } catch (SdkException e) {
      throw new QuarantineException("PutObject s3://" + bucket + "/" + object.key() + " failed: "
          + e.getClass().getSimpleName(), e);
    }
  }
}
