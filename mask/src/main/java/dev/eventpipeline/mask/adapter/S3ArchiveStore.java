package dev.eventpipeline.mask.adapter;

import dev.eventpipeline.common.aws.S3Bucket;
import dev.eventpipeline.mask.port.ArchiveStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adapter: archive and quarantine objects in S3 (PutObject replaces, so retries overwrite). A missing
 * object (404 NoSuchKey) reads as empty; S3 answers that only with s3:ListBucket on the bucket,
 * without it a missing object is a 403 and the read fails (the batch is retried, nothing is lost).
 */
public final class S3ArchiveStore implements ArchiveStore {
  private final S3Bucket bucket;

  public S3ArchiveStore(S3Client s3, String bucket) {
    this.bucket = new S3Bucket(s3, bucket);
  }

  @Override
  public String bucket() {
    return bucket.name();
  }

  @Override
  public void put(String key, byte[] body, String contentType, String contentEncoding) {
    bucket.put(key, body, contentType, contentEncoding, Map.of());
  }

  @Override
  public Optional<byte[]> read(String key) {
    return bucket.read(key);
  }
}
