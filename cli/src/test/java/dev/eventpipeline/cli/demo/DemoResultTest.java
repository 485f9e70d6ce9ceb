package dev.eventpipeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.client.EventTail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoResultTest {
  private static EventTail.Received event(String type, String key) throws Exception {
    String body = Json.MAPPER.createObjectNode().put("type", type).set("data", Json.MAPPER.createObjectNode()
        .set("source", Json.MAPPER.createObjectNode().put("key", key))).toString();
    return new EventTail.Received(body, Json.MAPPER.readTree(body));
  }

  private static Map<String, Boolean> images() {
    Map<String, Boolean> images = new LinkedHashMap<>();
    images.put("demo/r/flower.jpg", true);
    images.put("demo/r/not-a-photo.jpg", false);
    return images;
  }

  @Test
  void succeedsWhenEveryRecordIsArchivedAndEveryImageHasTheExpectedOutcome() throws Exception {
    DemoResult.Builder b = new DemoResult.Builder(10, images());

    b.observe(10, List.of(event("LogBatchArchived", null), event("ThumbnailCreated", "demo/r/flower.jpg"),
        event("ThumbnailFailed", "demo/r/not-a-photo.jpg"), event("ThumbnailCreated", "someone-else.jpg")));
    DemoResult r = b.build(Duration.ofSeconds(3));

    assertThat(b.complete()).isTrue();
    assertThat(r.success()).isTrue();
    assertThat(r.thumbnailsCreated()).isEqualTo(1);
    assertThat(r.thumbnailsFailed()).isEqualTo(1);
    assertThat(r.logBatchesArchived()).isEqualTo(1);
  }

  @Test
  void namesWhatIsMissing() throws Exception {
    DemoResult.Builder b = new DemoResult.Builder(10, images());

    b.observe(7, List.of(event("ThumbnailFailed", "demo/r/flower.jpg")));
    DemoResult r = b.build(Duration.ofSeconds(90));

    assertThat(r.success()).isFalse();
    assertThat(r.missing()).containsExactly("3 of 10 log records not in the archive", "no LogBatchArchived event",
        "ThumbnailCreated for demo/r/flower.jpg (got ThumbnailFailed)",
        "ThumbnailFailed for demo/r/not-a-photo.jpg (no outcome event)");
  }

  @Test
  void expectsAThumbnailOnlyForFilesWhoseBytesAreAnImage(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("not-a-photo.jpg"), "hello, I am text");
    Path png = Files.write(dir.resolve("x.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    Path jpeg = Files.write(dir.resolve("y"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});

    assertThat(Demo.looksLikeImage(text)).isFalse();
    assertThat(Demo.looksLikeImage(png)).isTrue();
    assertThat(Demo.looksLikeImage(jpeg)).isTrue();
  }
}
