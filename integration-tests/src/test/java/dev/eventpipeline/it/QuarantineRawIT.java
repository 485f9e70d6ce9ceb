package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.core.ResponseBytes;

/**
 * The opt-in raw quarantine copies on the local cloud (moto): the real CDK app synthesized with
 * {@code -c quarantineRaw=true} provisions and runs (the raw bucket is created; its KMS key and reader
 * role have no local effect, as IAM and KMS are not emulated), ingest learns the raw bucket from its
 * template environment, and an undecodable record holding an e-mail address and a password ends masked
 * in the archive bucket and byte for byte in the raw bucket, where the document says.
 */
class QuarantineRawIT {
  private static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  static Path dir;
  static final ConsoleCapture console = new ConsoleCapture();
  static LocalCloud cloud;
  static Map<String, String> outputs;
  static KinesisClient kinesis;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    Path template = EndToEndSuite.synthesize(dir.resolve("cdk.out"), "quarantineRaw=true");
    assumeTrue(EndToEndSuite.assetsCarryJoda(template.getParent()), "function artifacts without joda-time"
        + " (see EndToEndSuite)");
    cloud = new LocalCloud(LocalCloudOptions.defaults(HOME, console.stream).with(o -> {
      o.hook = new PipelineStackHook(HOME);
      o.template = template;
      o.stateDir = dir.resolve(".pipeline");
      o.port = LocalCloudIT.freePort();
    })).start();
    outputs = cloud.outputs();
    kinesis = cloud.aws().kinesis();
    s3 = cloud.aws().s3();
  }

  @AfterAll
  static void stop() {
    if (cloud != null) {
      kinesis.close();
      s3.close();
      cloud.close();
      cloud = null;
    }
  }

  @Test
  void anUndecodableRecordIsQuarantinedMaskedInTheArchiveAndRawInTheRawBucket() throws Exception {
    String rawBucket = outputs.get("QuarantineRawBucketName");
    assertThat(rawBucket).as("output QuarantineRawBucketName").isNotBlank();
    assertThat(outputs.get("QuarantineRawReaderRoleArn")).contains(":role/");
    QuarantineChecks.Pushed pushed = QuarantineChecks.pushUndecodable(kinesis, outputs.get("RawLogsStreamName"), RUN);
    String archive = outputs.get("ArchiveBucketName");

    String key = QuarantineChecks.awaitDocumentKey(s3, archive, pushed);
    JsonNode document = QuarantineChecks.assertMaskedDocument(s3, archive, key, pushed);

    String rawKey = key.substring(0, key.length() - ".json".length()) + ".bin";
    assertThat(document.path("rawCopy").path("bucket").asText()).isEqualTo(rawBucket);
    assertThat(document.path("rawCopy").path("key").asText()).isEqualTo(rawKey);
    ResponseBytes<GetObjectResponse> raw = s3.getObjectAsBytes(b -> b.bucket(rawBucket).key(rawKey));
    assertThat(raw.asByteArray()).as("the raw copy, byte for byte").isEqualTo(pushed.data());
    assertThat(raw.response().metadata()).containsEntry("reason", "BINARY")
        .containsEntry("payload-sha256", document.path("payloadSha256").asText());
    // the archive bucket holds the masked document only
    assertThat(s3.listObjectsV2(b -> b.bucket(archive).prefix(key.substring(0, key.length() - ".json".length())))
        .contents()).extracting(o -> o.key()).containsExactly(key);
    assertThat(console.lines).noneMatch(l -> l.contains(QuarantineChecks.EMAIL) || l.contains(QuarantineChecks.PASSWORD));
  }
}
