package dev.eventpipeline.thumbnail.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.thumbnail.InMemoryObjectStore;
import dev.eventpipeline.common.testing.OutputCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every file of the shared hostile-image corpus (shared/corpora/images/{bombs,malformed,non-image};
 * copies in src/test/resources/corpus and images, see ATTRIBUTION.md) through the real handler path:
 * SQS message with an S3 notification → object store → Thumbnailer → thumbnails + event. Each file
 * has its expected outcome (ThumbnailCreated, or ThumbnailFailed with a reason); the message is
 * always acknowledged. Memory is bounded and asserted (bytes allocated by the handling thread: an
 * upper bound on the heap the image could have used); the time each file took is reported at the
 * end, never asserted.
 */
class HostileImageCorpusTest {
  private static final ThumbnailConfig CONFIG = ThumbnailConfig.from(Env.of(Map.of(
      "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events")));
  /** What one corpus image may allocate on the handling thread, decoding included (the most here: ~30 MB). */
  private static final long MAX_ALLOCATED_BYTES = 64L * 1024 * 1024;
  /** What a file refused from its header may allocate: no pixel buffer, whatever it declares. */
  private static final long MAX_ALLOCATED_BYTES_REFUSED_FROM_HEADER = 2L * 1024 * 1024;
  private static final Map<String, String> REPORT = new ConcurrentSkipListMap<>();

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final ThumbnailHandler handler = new ThumbnailHandler(CONFIG, store, events);

  @BeforeAll
  static void warmUp() {
    // class loading and ImageIO's plugin scan happen once per JVM: keep them out of the measurements
    InMemoryObjectStore store = new InMemoryObjectStore().add("mybucket", "warm.png", corpusFile("pillow_broken.png"), "w")
        .add("mybucket", "warm.jpg", corpusFile("pillow_truncated_app14.jpg"), "w");
    ThumbnailHandler warm = new ThumbnailHandler(CONFIG, store, new RecordingEventPublisher());
    warm.handleRequest(sqsEvent(putNotification("warm.png"), putNotification("warm.jpg")), null);
  }

  @AfterEach
  void everyPublishedEventMatchesItsSchema() {
    EventContract.assertValid(events.events());
  }

  @AfterAll
  static void report() {
    System.out.println("Hostile image corpus through ThumbnailHandler (time reported, not asserted):");
    REPORT.forEach((file, line) -> System.out.println("  " + file + ": " + line));
  }

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    // bombs: refused from the header in microseconds, or harmless once the pixels are counted
    "bombs, fuzzdb_lottapixel.jpg, TOO_MANY_PIXELS, 64250x64250",
    "bombs, fuzzdb_uber.gif, CREATED, GIF 1x1 40000 frames",
    "bombs, pillow_bmp_reallybig.bmp, TOO_MANY_PIXELS, 3000000x2000000",
    "bombs, pillow_decompression_bomb.gif, TOO_MANY_PIXELS, 65535x66601",
    "bombs, pillow_decompression_bomb.ico, UNSUPPORTED_FORMAT, ICO",
    "bombs, pillow_decompression_bomb_extents.gif, CREATED, GIF 100x100 2 frames",
    "bombs, pillow_oom_225817ca.tif, CORRUPT, runs past the end",
    "bombs, pillow_png_decompression_dos.png, CREATED, PNG 1x1 1 frames",
    // malformed: what browsers still show is thumbnailed; what is broken is CORRUPT
    "malformed, fuzzdb_POC_phpinfo-metadata_progressive.jpg, CREATED, JPEG 640x356 1 frames",
    "malformed, pillow_bmp_badrle.bmp, CREATED, BMP 127x64 1 frames",
    "malformed, pillow_bmp_shortfile.bmp, CORRUPT, could not decode the BMP image",
    "malformed, pillow_broken.png, CORRUPT, no IHDR",
    "malformed, pillow_broken_data_stream.png, CORRUPT, could not decode the PNG image",
    "malformed, pillow_exif-ifd-offset.jpg, CREATED, JPEG 200x200 1 frames",
    "malformed, pillow_hopper_bad_exif.jpg, CREATED, JPEG 500x500 1 frames",
    "malformed, pillow_icc-after-SOF.jpg, CREATED, JPEG 10x10 1 frames",
    "malformed, pillow_invalid-exif.jpg, CREATED, JPEG 200x200 1 frames",
    "malformed, pillow_junk_jpeg_header.jpg, CREATED, JPEG 1024x768 1 frames",
    "malformed, pillow_libtiff_segfault.tif, CORRUPT, TIFF declares 65535 samples per pixel",
    "malformed, pillow_multiple_exif.jpg, CREATED, JPEG 1x1 1 frames",
    "malformed, pillow_sugarshack_bad_mpo_header.jpg, CREATED, JPEG 640x480 1 frames",
    "malformed, pillow_tiff_overflow_rows_per_strip.tif, CREATED, TIFF 278x374 1 frames",
    "malformed, pillow_truncated_app14.jpg, CREATED, JPEG 100x100 1 frames",
    "malformed, pillow_truncated_end_chunk.png, CREATED, PNG 128x128 1 frames",
    "malformed, pillow_truncated_image.png, CORRUPT, could not decode the PNG image",
    "malformed, pillow_truncated_jpeg.jpg, CORRUPT, truncated",
    "malformed, pillow_zero_width.gif, CORRUPT, 0x32 logical screen",
    // non-image: the extension lies; the bytes decide
    "non-image, fuzzdb_POC_img_phpinfo-CR.gif, CORRUPT, GIF has no image data",
    "non-image, fuzzdb_poc-img-phpinfo_actually_html.gif, UNSUPPORTED_FORMAT, looks like HTML",
  })
  void everyCorpusFileEndsInThumbnailsOrAThumbnailFailedWithItsReason(String dir, String file, String outcome,
      String detail) {
    byte[] image = corpusFile(file);
    String key = "corpus/" + dir + "/" + file;
    store.add("mybucket", key, image, "etag-" + file);

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler.handleRequest(sqsEvent(putNotification(key)), null);
    }
    long micros = (System.nanoTime() - start) / 1000;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    REPORT.put(dir + "/" + file, String.format("%-18s %8.2f ms, %7.1f MB allocated, %,d bytes in", outcome,
        micros / 1000.0, allocated / 1048576.0, image.length));

    assertThat(response.getBatchItemFailures()).as("a bad image is a permanent outcome, never a retry").isEmpty();
    assertThat(events.events()).hasSize(1);
    PipelineEvent event = events.events().get(0);
    assertThat(event.data().at("/source/key").asText()).isEqualTo(key);
    if (outcome.equals("CREATED")) {
      assertThat(event.type()).isEqualTo(EventType.ThumbnailCreated);
      JsonNode source = event.data().path("source");
      assertThat(source.path("format").asText() + " " + source.path("width").asInt() + "x" + source.path("height").asInt()
          + " " + source.path("frames").asInt() + " frames").isEqualTo(detail);
      assertThat(store.puts()).hasSize(3);
      assertThat(out.metric("ThumbnailsCreated")).isEqualTo(1);
    } else {
      assertThat(event.type()).isEqualTo(EventType.ThumbnailFailed);
      assertThat(event.data().path("reason").asText()).isEqualTo(outcome);
      assertThat(event.data().path("detail").asText()).contains(detail);
      assertThat(store.puts()).isEmpty();
      assertThat(out.metric("ThumbnailsFailed")).isEqualTo(1);
      assertThat(out.logMessages("WARN")).contains("Thumbnail failed permanently: " + outcome + " ("
          + event.data().path("detail").asText() + ")");
    }
    assertThat(out.metric("MessagesRetried")).isZero();
    assertThat(allocated).as("bytes allocated handling %s", file).isLessThan(
        outcome.equals("TOO_MANY_PIXELS") ? MAX_ALLOCATED_BYTES_REFUSED_FROM_HEADER : MAX_ALLOCATED_BYTES);
  }

  @Test
  void theGeneratedUberGifIsByteForByteFuzzdbsFile() throws Exception {
    // Generated rather than checked in (920 KB): proven identical to the corpus file by its digest.
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uberGif()));
    assertThat(sha256).isEqualTo("8747ea96a49b1312767e357e8dda7e1d5537a9f09c451dbdaf582cb44e14f58a");
  }

  // ---- inputs ----

  /** A corpus file: generated (uber.gif), or from resources/corpus, or from resources/images. */
  static byte[] corpusFile(String name) {
    if (name.equals("fuzzdb_uber.gif")) {
      return uberGif();
    }
    for (String dir : List.of("/corpus/", "/images/")) {
      try (InputStream in = HostileImageCorpusTest.class.getResourceAsStream(dir + name)) {
        if (in != null) {
          return in.readAllBytes();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalArgumentException("no corpus file " + name);
  }

  /**
   * fuzzdb's uber.gif (attack/file-upload/malicious-images/uber.gif), rebuilt: a 1x1 GIF89a with a
   * two-colour table, a NETSCAPE2.0 loop extension and 40,000 1x1 frames, each with a graphic
   * control extension.
   */
  static byte[] uberGif() {
    HexFormat hex = HexFormat.of();
    byte[] gce = hex.parseHex("21f9040000000000");
    byte[] frame = hex.parseHex("2c0000000001000100000202440100");
    ByteArrayOutputStream out = new ByteArrayOutputStream(920_039);
    out.writeBytes(hex.parseHex("47494638396101000100f000007f7f87000000"));
    out.writeBytes(gce);
    out.writeBytes(hex.parseHex("21ff0b"));
    out.writeBytes("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(hex.parseHex("0301000000"));
    for (int i = 0; i < 40_000; i++) {
      out.writeBytes(frame);
      if (i < 39_999) {
        out.writeBytes(gce);
      }
    }
    out.write(0x3B);
    return out.toByteArray();
  }

  private static String text(String resource) {
    try (InputStream in = HostileImageCorpusTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The S3 User Guide's ObjectCreated:Put notification, for another (URL-encoded) key. */
  static String putNotification(String encodedKey) {
    return text("/events/s3-put-event.json").replace("\"HappyFace.jpg\"", "\"" + encodedKey + "\"");
  }

  /** Powertools' SQS fixture with one message per body. */
  static SQSEvent sqsEvent(String... bodies) {
    SQSEvent event = EventLoader.loadSQSEvent("events/s3SqsEvent.json");
    SQSEvent.SQSMessage template = event.getRecords().get(0);
    List<SQSEvent.SQSMessage> messages = new java.util.ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId("m" + i);
      m.setReceiptHandle(template.getReceiptHandle());
      m.setEventSource(template.getEventSource());
      m.setEventSourceArn(template.getEventSourceArn());
      m.setAttributes(template.getAttributes());
      m.setBody(bodies[i]);
      messages.add(m);
    }
    event.setRecords(messages);
    return event;
  }
}
