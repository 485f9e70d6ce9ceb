package dev.eventpipeline.thumbnail.adapter;

import dev.eventpipeline.thumbnail.port.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Adapter: {@link ObjectStore} on S3 (SDK v2, sync client built once by the handler). */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public StoredObject get(String bucket, String key, String versionId, long maxBytes) {
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
    } catch (NoSuchKeyException e) {
      throw new ObjectNotFoundException("s3://" + bucket + "/" + key + " does not exist");
    } catch (S3Exception e) {
      if (e.statusCode() == 404) { // NoSuchVersion, or a missing key without a typed exception
        throw new ObjectNotFoundException("s3://" + bucket + "/" + key + " does not exist (" + e.awsErrorDetails().errorCode() + ")");
      }
      throw e;
    }
    try (in) {
      GetObjectResponse response = in.response();
      Long length = response.contentLength();
      if (length != null && length > maxBytes) {
        in.abort(); // do not download what will be refused
        throw new ObjectTooLargeException(length, maxBytes);
      }
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        in.abort();
        throw new ObjectTooLargeException(data.length, maxBytes);
      }
      return new StoredObject(data, unquote(response.eTag()), response.versionId());
    } catch (IOException e) {
      throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " failed", e); // transient
    }
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) {
    try {
      HeadObjectResponse response = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(new ObjectInfo(response.contentLength() == null ? 0 : response.contentLength(), response.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata), RequestBody.fromBytes(data));
  }

  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }
}
