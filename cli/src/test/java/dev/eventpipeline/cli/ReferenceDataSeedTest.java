package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.lambda.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** `up` seeds samples/catalog.json where enrich reads its catalog, and never overwrites one already there. */
class ReferenceDataSeedTest {
  @TempDir
  static Path dir;
  static MotoServer moto;
  static LocalAws aws;
  static S3Client s3;
  static Path sample;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    aws = new LocalAws(moto.endpoint(), "us-east-1");
    s3 = aws.s3();
    sample = dir.resolve("catalog.json");
    Files.writeString(sample, "{\"formatVersion\":1,\"services\":{}}");
  }

  @AfterAll
  static void stop() {
    s3.close();
    aws.close();
    moto.close();
  }

  private static FunctionSpec function(Map<String, String> env) {
    return new FunctionSpec("EnrichFunction", "EventPipeline-EnrichFunction", "EnrichFunction",
        "arn:aws:lambda:us-east-1:123456789012:function:EventPipeline-EnrichFunction", "x::y", "java21", 512, 30, env,
        dir, 0, "JSON", null);
  }

  @Test
  void putsTheSampleCatalogUnderTheEnrichFunctionsCatalogKeyWhenAbsent() {
    s3.createBucket(b -> b.bucket("refdata-a"));
    List<String> log = new ArrayList<>();

    PipelineStackHook.seedReferenceData(Map.of("ReferenceDataBucketName", "refdata-a"),
        List.of(function(Map.of("CATALOG_BUCKET", "refdata-a", "CATALOG_KEY", "ref/catalog-v1.json"))), s3, sample,
        "samples/catalog.json", log::add);

    assertThat(s3.getObjectAsBytes(b -> b.bucket("refdata-a").key("ref/catalog-v1.json")).asUtf8String())
        .contains("formatVersion");
    assertThat(log).containsExactly("Reference data: seeded s3://refdata-a/ref/catalog-v1.json from samples/catalog.json");
  }

  @Test
  void keepsACatalogAlreadyThere() {
    s3.createBucket(b -> b.bucket("refdata-b"));
    s3.putObject(b -> b.bucket("refdata-b").key("catalog.json"), RequestBody.fromString("{\"mine\":true}"));
    List<String> log = new ArrayList<>();

    PipelineStackHook.seedReferenceData(Map.of("ReferenceDataBucketName", "refdata-b"),
        List.of(function(Map.of("CATALOG_BUCKET", "refdata-b"))), s3, sample, "samples/catalog.json", log::add);

    assertThat(s3.getObjectAsBytes(b -> b.bucket("refdata-b").key("catalog.json")).asUtf8String())
        .isEqualTo("{\"mine\":true}");
    assertThat(log).containsExactly("Reference data: s3://refdata-b/catalog.json already present (kept)");
  }

  @Test
  void doesNothingWithoutAReferenceDataBucketOrAFunctionReadingIt() {
    List<String> log = new ArrayList<>();

    PipelineStackHook.seedReferenceData(Map.of(), List.of(function(Map.of("CATALOG_BUCKET", "x"))), s3, sample, "s", log::add);
    PipelineStackHook.seedReferenceData(Map.of("ReferenceDataBucketName", "unused"), List.of(function(Map.of())), s3, sample,
        "s", log::add);

    assertThat(log).isEmpty();
  }
}
