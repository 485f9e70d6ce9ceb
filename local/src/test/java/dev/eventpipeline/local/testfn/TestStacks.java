package dev.eventpipeline.local.testfn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Hand-written templates in the shapes the CDK synthesizes, staged like a cdk.out directory: the
 * template next to the test function's jar under the asset name its metadata names.
 */
public final class TestStacks {
  private TestStacks() {}

  /** mini-pipeline.template.json: a stream, queues with redrive, a bucket with notifications, a topic with a filtered
   *  subscription, a table, a secret, the test function with Kinesis and SQS mappings and a URL. */
  public static Path miniPipeline(Path cdkOut) {
    return stage(cdkOut, "mini-pipeline.template.json", "asset.0123456789abcdef.jar");
  }

  static Path stage(Path cdkOut, String template, String assetName) {
    try {
      Files.createDirectories(cdkOut);
      Path jar = TestFunctionJar.build(cdkOut.resolve("build"));
      Files.copy(jar, cdkOut.resolve(assetName), StandardCopyOption.REPLACE_EXISTING);
      Path target = cdkOut.resolve("EventPipeline.template.json");
      try (InputStream in = TestStacks.class.getResourceAsStream("/templates/" + template)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
