package dev.eventpipeline.infra.constructs;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A bucket the way every pipeline bucket is made: public access blocked, ACLs off, SSE-S3 at rest
 * (see docs/deploy.md for why not KMS) unless a customer managed key is given, TLS 1.2+ enforced by
 * the bucket policy, server access logs to the access-logs bucket, incomplete multipart uploads cleaned
 * up.
 */
public final class SecureBucket {
  private SecureBucket() {}

  /**
   * Optional parts; {@code accessLogs} null means "this is the access-logs bucket itself";
   * {@code encryptionKey} null means SSE-S3, otherwise SSE-KMS with that key (and S3 Bucket Keys, so
   * S3 asks KMS for a data key per bucket and period, not per object).
   */
  public record Props(String logicalId, IBucket accessLogs, boolean versioned, boolean retain,
      List<LifecycleRule> lifecycleRules, IKey encryptionKey) {

    /** SSE-S3. */
    public Props(String logicalId, IBucket accessLogs, boolean versioned, boolean retain,
        List<LifecycleRule> lifecycleRules) {
      this(logicalId, accessLogs, versioned, retain, lifecycleRules, null);
    }
  }

  public static Bucket create(Construct scope, String id, Props props) {
    Bucket.Builder b = Bucket.Builder.create(scope, id)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        .versioned(props.versioned())
        .removalPolicy(props.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    if (props.encryptionKey() == null) {
      b.encryption(BucketEncryption.S3_MANAGED);
    } else {
      b.encryption(BucketEncryption.KMS).encryptionKey(props.encryptionKey()).bucketKeyEnabled(true);
    }
    if (props.accessLogs() != null) {
      b.serverAccessLogsBucket(props.accessLogs()).serverAccessLogsPrefix(props.logicalId() + "/");
    }
    List<LifecycleRule> rules = new java.util.ArrayList<>(props.lifecycleRules());
    rules.add(LifecycleRule.builder()
        .id("abort-incomplete-uploads")
        .abortIncompleteMultipartUploadAfter(Duration.days(7))
        .build());
    Bucket bucket = b.lifecycleRules(rules).build();
    LogicalIds.set(bucket, props.logicalId());
    return bucket;
  }
}
