package dev.eventpipeline.mask.adapter;

import dev.eventpipeline.mask.port.ArchiveStore;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Adapter: archive and quarantine objects in S3 (PutObject replaces, so retries overwrite). A missing
 * object (404 NoSuchKey) reads as empty; S3 answers that only with s3:ListBucket on the bucket,
 * without it a missing object is a 403 and the read fails (the batch is retried, nothing is lost).
 */
public final class S3ArchiveStore implements ArchiveStore {
  private final S3Client s3;
  private final String bucket;

  public S3ArchiveStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(String key, byte[] body, String contentType, String contentEncoding) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
    if (contentEncoding != null) {
      request.contentEncoding(contentEncoding);
    }
    s3.putObject(request.build(), RequestBody.fromBytes(body));
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      // only NoSuchKey: a 404 NoSuchBucket (a wrong bucket name) must not read as "nothing archived yet"
      return Optional.empty();
    }
  }
}
