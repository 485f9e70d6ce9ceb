package dev.eventpipeline.cli;

import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.cloud.StackHook;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.provision.ProvisionedStack;
import dev.eventpipeline.settings.EnvVars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the Lambda Event Pipeline's stack needs on this machine beyond its template: enrich's catalog
 * in the reference-data bucket (deployed separately on AWS) and, for notify, webhook receivers on
 * loopback (NOTIFY_ALLOW_PRIVATE_TARGETS, never set by the deployed stack).
 */
public final class PipelineStackHook implements StackHook {
  /** The sample catalog seeded when the reference-data bucket does not hold one. */
  static final String SAMPLE_CATALOG = "samples/catalog.json";
  /** Handlers in this package deliver webhooks; locally their receivers live on loopback. */
  static final String NOTIFY_PACKAGE = "dev.eventpipeline.notify.";

  private final Path home;

  public PipelineStackHook(Path home) {
    this.home = home;
  }

  @Override
  public void afterProvision(ProvisionedStack stack, LocalAws aws, Consumer<String> log) {
    try (S3Client s3 = aws.s3()) {
      Path sample = home.resolve(SAMPLE_CATALOG);
      seedReferenceData(stack.outputs(), stack.functions(), s3, sample, SAMPLE_CATALOG, log);
    }
  }

  @Override
  public Map<String, String> environmentOverrides(FunctionSpec function) {
    return function.handler().startsWith(NOTIFY_PACKAGE) ? Map.of(EnvVars.NOTIFY_ALLOW_PRIVATE_TARGETS, "true") : Map.of();
  }

  /**
   * Puts the sample catalog into the reference-data bucket (output ReferenceDataBucketName) under each
   * key the functions read it from (CATALOG_KEY of the functions whose CATALOG_BUCKET is that bucket,
   * default catalog.json), unless an object is already there: on AWS the catalog is deployed
   * separately; locally enrich's lookups would otherwise find nothing.
   */
  static void seedReferenceData(Map<String, String> outputs, List<FunctionSpec> functions, S3Client s3, Path sample,
      String sampleName, Consumer<String> log) {
    String bucket = outputs.get("ReferenceDataBucketName");
    if (bucket == null) {
      return;
    }
    Set<String> keys = new TreeSet<>();
    for (FunctionSpec f : functions) {
      if (bucket.equals(f.environment().get(EnvVars.CATALOG_BUCKET))) {
        keys.add(f.environment().getOrDefault(EnvVars.CATALOG_KEY, "catalog.json"));
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    if (!Files.isRegularFile(sample)) {
      log.accept("Reference data: " + sampleName + " not found; s3://" + bucket + " is left as it is");
      return;
    }
    for (String key : keys) {
      if (objectExists(s3, bucket, key)) {
        log.accept("Reference data: s3://" + bucket + "/" + key + " already present (kept)");
        continue;
      }
      s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromFile(sample));
      log.accept("Reference data: seeded s3://" + bucket + "/" + key + " from " + sampleName);
    }
  }

  private static boolean objectExists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
