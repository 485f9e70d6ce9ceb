package dev.eventpipeline.mask.adapter;

import dev.eventpipeline.mask.port.ArchiveStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Adapter: archive and quarantine objects in S3 (PutObject replaces, so retries overwrite). */
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
}
