package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * The post-deploy smoke test: a CDK Trigger that, once everything else in the stack is deployed,
 * invokes the smoke test function: it pushes a canary log record and a tiny image and waits for the
 * archive object and the thumbnails. A failure (or the Trigger's timeout) fails the deployment, which
 * CloudFormation rolls back. The function may put to raw-logs, put and delete under the uploads bucket's
 * {@code canary/} prefix, read the archive's logs, and list and delete the canary's thumbnails.
 */
public final class SmokeTest extends Construct {
  /** What the smoke test touches; {@code logsWorker} is null unless it runs the log stages. */
  public record Props(FunctionFactory functions, Artifacts artifacts, IStream rawLogs, IBucket uploads,
      IBucket archive, IBucket thumbnails, List<Construct> after, LogsWorker logsWorker) {}

  private final PipelineFunction function;
  private final Trigger trigger;

  public SmokeTest(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.functions().settings();
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvVars.CANARY_STREAM_NAME, props.rawLogs().getStreamName());
    env.put(EnvVars.UPLOADS_BUCKET, props.uploads().getBucketName());
    env.put(EnvVars.ARCHIVE_BUCKET, props.archive().getBucketName());
    env.put(EnvVars.ARCHIVE_PREFIX, PipelineSettings.ARCHIVE_PREFIX);
    env.put(EnvVars.THUMBNAILS_BUCKET, props.thumbnails().getBucketName());
    env.put(EnvVars.THUMBNAIL_SIZES, s.thumbnailSizes());
    env.put(EnvVars.SMOKE_TEST_TIMEOUT_SECONDS, Integer.toString(s.smokeTestWaitSeconds()));
    // A Trigger runs when its function changes: with the digest of every function's code (and of the
    // logs worker's image, with logCompute=fargate) in its configuration, any deployment that changes
    // code runs the smoke test again.
    env.put(EnvVars.SMOKE_TEST_FINGERPRINT, props.logsWorker() == null
        ? fingerprint(props.artifacts())
        : fingerprint(props.artifacts(), LogsWorker.STAGES, props.logsWorker().imageAssetHash()));
    function = props.functions().create(this, FunctionId.SMOKE_TEST, env,
        "Post-deploy smoke test: a canary record and image through the pipeline (run by a CDK Trigger)");

    props.rawLogs().grant(function.alias(), "kinesis:PutRecord");
    LogPipeline.objectAccess(props.uploads(), function, "canary/", "s3:PutObject", "s3:DeleteObject");
    LogPipeline.objectAccess(props.archive(), function, PipelineSettings.ARCHIVE_PREFIX, "s3:GetObject");
    LogPipeline.listBucket(props.archive(), function);
    LogPipeline.objectAccess(props.thumbnails(), function, "thumbnails/canary/", "s3:DeleteObject");
    LogPipeline.listBucket(props.thumbnails(), function);

    trigger = Trigger.Builder.create(this, "Trigger")
        .handler(function.function())
        .timeout(Duration.seconds(s.function(FunctionId.SMOKE_TEST).timeoutSeconds()))
        .executeAfter(props.after())
        .executeOnHandlerChange(true)
        .build();
  }

  /** SHA-256 over every other function's deployment package, 16 hex digits. */
  static String fingerprint(Artifacts artifacts) {
    return fingerprint(artifacts, List.of(), null);
  }

  /**
   * SHA-256 over the deployment package of every other function but {@code notDeployed}, then
   * {@code alsoDeployed} (e.g. the logs worker image's asset hash) when not null; 16 hex digits.
   */
  static String fingerprint(Artifacts artifacts, List<FunctionId> notDeployed, String alsoDeployed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (FunctionId id : FunctionId.values()) {
        if (id == FunctionId.SMOKE_TEST || notDeployed.contains(id)) {
          continue;
        }
        try (InputStream in = Files.newInputStream(artifacts.artifact(id))) {
          byte[] buffer = new byte[1 << 16];
          for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            sha.update(buffer, 0, n);
          }
        }
      }
      if (alsoDeployed != null) {
        sha.update(alsoDeployed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  public PipelineFunction function() {
    return function;
  }

  public Trigger trigger() {
    return trigger;
  }
}
