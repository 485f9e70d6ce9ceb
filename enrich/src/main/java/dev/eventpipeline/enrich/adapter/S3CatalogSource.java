package dev.eventpipeline.enrich.adapter;

import dev.eventpipeline.enrich.port.CatalogSource;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter: the catalog document in S3, fetched with a conditional GetObject (If-None-Match on the
 * last ETag; S3 answers 304 when unchanged). Each call has its own short timeout so a slow S3
 * cannot eat the invocation's time; the document is capped in size.
 */
public final class S3CatalogSource implements CatalogSource {
  /** Largest catalog accepted; a larger one is refused (the cache keeps its last good copy). */
  public static final long MAX_BYTES = 8L * 1024 * 1024;
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Duration callTimeout;
  private final long maxBytes;

  public S3CatalogSource(S3Client s3, String bucket, String key) {
    this(s3, bucket, key, CALL_TIMEOUT, MAX_BYTES);
  }

  public S3CatalogSource(S3Client s3, String bucket, String key, Duration callTimeout, long maxBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.callTimeout = callTimeout;
    this.maxBytes = maxBytes;
  }

  @Override
  public Fetch fetch(String ifNoneMatch) throws CatalogUnavailableException {
    GetObjectRequest request = GetObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .ifNoneMatch(ifNoneMatch)
        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout))
        .build();
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
      GetObjectResponse response = in.response();
      Long length = response.contentLength();
      if (length != null && length > maxBytes) {
        return new Unusable(response.eTag(), "document of " + length + " bytes exceeds the " + maxBytes + "-byte cap");
      }
      byte[] document = in.readNBytes((int) maxBytes + 1);
      if (document.length > maxBytes) {
        return new Unusable(response.eTag(), "document exceeds the " + maxBytes + "-byte cap");
      }
      return new Found(document, response.eTag());
    } catch (S3Exception e) {
      if (e.statusCode() == 304) {
        return new NotModified();
      }
      if (e.statusCode() == 404) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return new Missing(code == null ? "404" : code);
      }
      throw new CatalogUnavailableException("S3 answered " + e.statusCode()
          + (e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode()), e);
    } catch (SdkException | IOException e) {
      throw new CatalogUnavailableException(e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + key;
  }
}
