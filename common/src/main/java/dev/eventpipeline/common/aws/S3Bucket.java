package dev.eventpipeline.common.aws;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One bucket, the way the functions' S3 adapters write and read whole objects: PutObject (which
 * replaces, so a retried write overwrites) with a content type, optional content encoding and user
 * metadata; GetObject where a missing key (404 NoSuchKey) reads as empty. The bucket's default
 * encryption applies. SDK exceptions propagate: the adapter decides what they mean.
 */
public final class S3Bucket {
  private final S3Client s3;
  private final String name;

  public S3Bucket(S3Client s3, String name) {
    this.s3 = s3;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void put(String key, byte[] body, String contentType, String contentEncoding, Map<String, String> metadata) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(name).key(key).contentType(contentType);
    if (contentEncoding != null) {
      request.contentEncoding(contentEncoding);
    }
    if (!metadata.isEmpty()) {
      request.metadata(metadata);
    }
    s3.putObject(request.build(), RequestBody.fromBytes(body));
  }

  /**
   * The object's bytes, or empty when the key does not exist. S3 answers a missing key with 404
   * only to a caller allowed s3:ListBucket; without it the answer is 403 and this throws. Only
   * NoSuchKey reads as empty: a 404 NoSuchBucket (a wrong bucket name) must not read as "nothing yet".
   */
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(name).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }
}
