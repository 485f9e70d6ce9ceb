package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.PipelineSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The opt-in store of raw copies of what ingest quarantines (context {@code quarantineRaw=true}; the
 * quarantine documents in the archive are masked and hold no raw bytes). Raw copies may hold exactly
 * what the pipeline promises to mask, so: a bucket of their own, encrypted with a customer managed key
 * (rotation on), public access blocked, TLS only, server access logs, every object expired after at most
 * 7 days, readable only through an operator role the stack outputs (a bucket policy denies every other
 * principal s3:GetObject). Ingest is granted s3:PutObject on its keys and kms:GenerateDataKey, nothing
 * else (see LogPipeline).
 */
public final class QuarantineRawStore extends Construct {
  /** What it needs: the access-log bucket, the settings, and whether data outlives the stack. */
  public record Props(IBucket accessLogs, PipelineSettings.QuarantineRaw settings, boolean retainData) {}

  private final Key key;
  private final Bucket bucket;
  private final Role readerRole;

  public QuarantineRawStore(Construct scope, String id, Props props) {
    super(scope, id);
    int days = props.settings().expirationDays();
    if (days < 1 || days > PipelineSettings.QuarantineRaw.MAX_EXPIRATION_DAYS) {
      throw new IllegalArgumentException("raw quarantine copies expire after 1 to "
          + PipelineSettings.QuarantineRaw.MAX_EXPIRATION_DAYS + " days, not " + days);
    }

    // The key policy is the default AWS recommends (the account root may do kms:* on the key, so IAM
    // policies decide who uses it, and the key can never become unmanageable). Deleting the stack
    // schedules its deletion after a 7-day window: no raw copy outlives its own expiry by much, and
    // until then the deletion can be cancelled to read what is left.
    key = Key.Builder.create(this, "Key")
        .description("Encrypts the raw copies of records the ingest function quarantined (opt-in)")
        .enableKeyRotation(true)
        .pendingWindow(Duration.days(7))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(key, "QuarantineRawKey");

    bucket = SecureBucket.create(this, "Bucket", new SecureBucket.Props(
        "QuarantineRawBucket", props.accessLogs(), false, props.retainData(), List.of(LifecycleRule.builder()
            .id("expire-raw-copies")
            .expiration(Duration.days(days))
            .build()), key));

    readerRole = Role.Builder.create(this, "ReaderRole")
        .assumedBy(readers(props.settings().readerPrincipals()))
        .description("Reads the raw copies of quarantined log records (unmasked; they expire after " + days
            + " days)")
        .maxSessionDuration(Duration.hours(1))
        .build();
    LogicalIds.set(readerRole, "QuarantineRawReaderRole");
    readerRole.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject"))
        .resources(List.of(bucket.arnForObjects("*")))
        .build());
    readerRole.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(bucket.getBucketArn()))
        .build());
    readerRole.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt"))
        .resources(List.of(key.getKeyArn()))
        .build());
    LogicalIds.setOnly(readerRole, CfnPolicy.class, "QuarantineRawReaderRolePolicy");
    Nag.suppress(readerRole, "AwsSolutions-IAM5",
        "The reader reads raw copies by key, and their keys are made at run time: s3:GetObject on the objects"
            + " of this one bucket, the narrowest resource that names objects not yet written.",
        List.of("Resource::<QuarantineRawBucket.Arn>/*"));

    // Whatever IAM policies of the account say, only the reader role may read a raw copy.
    bucket.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("OnlyTheReaderRoleReadsRawCopies")
        .effect(Effect.DENY)
        .principals(List.of(new AnyPrincipal()))
        .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
        .resources(List.of(bucket.arnForObjects("*")))
        .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", readerRole.getRoleArn())))
        .build());
  }

  private static IPrincipal readers(List<String> arns) {
    if (arns.isEmpty()) {
      return new AccountRootPrincipal();
    }
    if (arns.size() == 1) {
      return new ArnPrincipal(arns.get(0));
    }
    return new CompositePrincipal(arns.stream().map(ArnPrincipal::new).toArray(IPrincipal[]::new));
  }

  /** The customer managed key the bucket is encrypted with. */
  public Key key() {
    return key;
  }

  /** The raw copies' bucket. */
  public Bucket bucket() {
    return bucket;
  }

  /** The operator role that may read raw copies (output QuarantineRawReaderRoleArn). */
  public Role readerRole() {
    return readerRole;
  }
}
