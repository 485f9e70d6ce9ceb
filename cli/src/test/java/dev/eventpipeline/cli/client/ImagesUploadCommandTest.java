package dev.eventpipeline.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

class ImagesUploadCommandTest {
  private static final Path SAMPLE_IMAGES = Path.of("..", "samples", "images").toAbsolutePath().normalize();

  @TempDir
  static Path home;
  static MotoPipeline pipeline;
  @TempDir
  Path dir;
  String bucket;

  @BeforeAll
  static void startMoto() {
    pipeline = MotoPipeline.start(home);
  }

  @AfterAll
  static void stopMoto() {
    pipeline.close();
  }

  @BeforeEach
  void freshBucket() {
    bucket = pipeline.createBucket("UploadsBucketName");
  }

  @Test
  void uploadsEachFileUnderThePrefixWithItsContentTypeAndPrintsTheKeys() throws IOException {
    Path jpeg = SAMPLE_IMAGES.resolve("flower.jpg");
    Path png = SAMPLE_IMAGES.resolve("hopper.png");

    MotoPipeline.Run run = pipeline.run("images", "upload", "--prefix", "demo/", jpeg.toString(), png.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly(
        "s3://" + bucket + "/demo/flower.jpg  image/jpeg  32.0 KiB",
        "s3://" + bucket + "/demo/hopper.png  image/png  29.9 KiB");
    HeadObjectResponse head = pipeline.s3.headObject(b -> b.bucket(bucket).key("demo/flower.jpg"));
    assertThat(head.contentType()).isEqualTo("image/jpeg");
    assertThat(head.contentLength()).isEqualTo(Files.size(jpeg));
    byte[] stored = pipeline.s3.getObjectAsBytes(b -> b.bucket(bucket).key("demo/hopper.png")).asByteArray();
    assertThat(stored).isEqualTo(Files.readAllBytes(png));
  }

  @Test
  void aDirectoryUploadsItsFilesIncludingTheBadOneAsTheUserNamedIt() {
    MotoPipeline.Run run = pipeline.run("images", "upload", SAMPLE_IMAGES.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pipeline.s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .contains("flower.jpg", "hopper-orientation-6.jpg", "hopper.png", "not-a-photo.jpg");
    // The upload trusts the name, like a browser would; the thumbnail function sniffs the real format.
    assertThat(pipeline.s3.headObject(b -> b.bucket(bucket).key("not-a-photo.jpg")).contentType())
        .isEqualTo("image/jpeg");
  }

  @Test
  void aFileWithoutAKnownExtensionGetsItsTypeFromItsMagicBytes() throws IOException {
    Path noExtension = dir.resolve("scan");
    Files.copy(SAMPLE_IMAGES.resolve("hopper.png"), noExtension);
    Path text = dir.resolve("notes");
    Files.writeString(text, "hello");

    MotoPipeline.Run run = pipeline.run("images", "upload", noExtension.toString(), text.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pipeline.s3.headObject(b -> b.bucket(bucket).key("scan")).contentType()).isEqualTo("image/png");
    assertThat(pipeline.s3.headObject(b -> b.bucket(bucket).key("notes")).contentType())
        .isEqualTo("application/octet-stream");
  }

  @Test
  void missingFileIsAUsageErrorAndNothingIsUploaded() {
    MotoPipeline.Run run = pipeline.run("images", "upload", SAMPLE_IMAGES.resolve("flower.jpg").toString(),
        dir.resolve("missing.jpg").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("No such file: " + dir.resolve("missing.jpg"));
    assertThat(pipeline.s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void aMissingBucketOutputIsAFailureThatSaysWhatToPass() {
    pipeline.removeOutput("UploadsBucketName");
    try {
      MotoPipeline.Run run = pipeline.run("images", "upload", SAMPLE_IMAGES.resolve("flower.jpg").toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("stack output UploadsBucketName not found").contains("--bucket NAME");
    } finally {
      pipeline.output("UploadsBucketName", bucket);
    }
  }

  @Test
  void withoutASubcommandImagesIsAUsageError() {
    MotoPipeline.Run run = pipeline.run("images");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing subcommand: upload");
  }
}
