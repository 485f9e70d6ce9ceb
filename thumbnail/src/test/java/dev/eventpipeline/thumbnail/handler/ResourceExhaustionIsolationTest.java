package dev.eventpipeline.thumbnail.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.lifecycle.ExecutionEnvironment;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.thumbnail.InMemoryObjectStore;
import dev.eventpipeline.thumbnail.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OutOfMemoryError in one message, in a JVM with a small heap (a child process, as a
 * function's environment is): that message gets ThumbnailFailed RESOURCE_LIMIT, the message before
 * it is thumbnailed, the one after it is not started in the distrusted JVM but reported as a batch
 * item failure (retried in a fresh environment), and the environment is retired: its next
 * invocation exits (status 70) before touching its event, so Lambda replaces it.
 */
class ResourceExhaustionIsolationTest {

  @Test
  void anOutOfMemoryErrorFailsItsMessageOnlyAndRetiresTheEnvironment(@TempDir Path dir) throws Exception {
    // 4000 x 3000 at full scale (a 4096 px thumbnail) needs ~36 MB of RGB plus planes: over a 40 MB heap.
    Path big = dir.resolve("big.jpg");
    Files.write(big, TestImages.jpeg(new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR), 0.5f, false));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx40m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), big.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

    // the third message is not started in the distrusted JVM: it is reported for a retry elsewhere
    assertThat(output).contains("failures=[SQSBatchResponse.BatchItemFailure(itemIdentifier=m2)]")
        .contains("events=[ThumbnailCreated, ThumbnailFailed RESOURCE_LIMIT]")
        .contains("retired=true")
        .doesNotContain("second invocation ran");
    assertThat(child.exitValue()).as(output).isEqualTo(ExecutionEnvironment.EXIT_STATUS);
  }

  /** The function's side: one batch with a small, a too-big-for-this-heap and a small image; then another invocation. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      ThumbnailConfig config = ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "thumbs",
          "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events", "THUMBNAIL_SIZES", "4096")));
      byte[] big = Files.readAllBytes(Path.of(args[0]));
      byte[] small = TestImages.jpeg(TestImages.quadrants(64, 48), 0.9f, false);
      InMemoryObjectStore store = new InMemoryObjectStore().add("mybucket", "a.jpg", small, "e1")
          .add("mybucket", "big.jpg", big, "e2").add("mybucket", "b.jpg", small, "e3");
      RecordingEventPublisher events = new RecordingEventPublisher();
      ThumbnailHandler handler = new ThumbnailHandler(config, store, events);

      SQSBatchResponse response = handler.handleRequest(sqsEvent("a.jpg", "big.jpg", "b.jpg"), null);

      List<String> published = new ArrayList<>();
      for (PipelineEvent e : events.events()) {
        String reason = e.data().path("reason").asText("");
        published.add(e.type().name() + (reason.isEmpty() ? "" : " " + reason));
      }
      System.out.println("failures=" + response.getBatchItemFailures());
      System.out.println("events=" + published);
      System.out.println("retired=" + ExecutionEnvironment.retired());
      System.out.flush();
      handler.handleRequest(sqsEvent("a.jpg"), null);
      System.out.println("second invocation ran");
    }

    private static SQSEvent sqsEvent(String... keys) throws IOException {
      String put;
      try (InputStream in = Child.class.getResourceAsStream("/events/s3-put-event.json")) {
        put = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      SQSEvent event = EventLoader.loadSQSEvent("events/s3SqsEvent.json");
      SQSEvent.SQSMessage template = event.getRecords().get(0);
      List<SQSEvent.SQSMessage> messages = new ArrayList<>();
      for (int i = 0; i < keys.length; i++) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m" + i);
        m.setReceiptHandle(template.getReceiptHandle());
        m.setEventSourceArn(template.getEventSourceArn());
        m.setBody(put.replace("\"HappyFace.jpg\"", "\"" + keys[i] + "\""));
        messages.add(m);
      }
      event.setRecords(messages);
      return event;
    }
  }
}
