package dev.eventpipeline.thumbnail.domain;

/**
 * One record of an S3 event notification, key already URL-decoded.
 *
 * @param etag as S3 reports it in notifications (no quotes); may be null
 * @param versionId null when the bucket is not versioned
 */
public record S3ObjectEvent(String eventName, String bucket, String key, Long size, String etag, String versionId) {

  /** Only object creation (Put, Post, Copy, CompleteMultipartUpload) makes thumbnails. */
  public boolean isObjectCreated() {
    return eventName != null && eventName.startsWith("ObjectCreated:");
  }
}
