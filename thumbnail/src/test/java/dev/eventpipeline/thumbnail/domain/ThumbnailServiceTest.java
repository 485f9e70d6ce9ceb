package dev.eventpipeline.thumbnail.domain;

import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.InMemoryObjectStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThumbnailServiceTest {
  private static final String THUMBS = "thumbs";
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final ThumbnailService service =
      new ThumbnailService(new Thumbnailer(ThumbnailSettings.defaults()), store, events, THUMBS);

  @AfterEach
  void everyPublishedEventMatchesItsSchema() {
    EventContract.assertValid(events.events());
  }

  private static String body(String... records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  private static String created(String encodedKey, String etag) {
    return "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"uploads\"},\"object\":{\"key\":\""
        + encodedKey + "\",\"size\":10,\"eTag\":\"" + etag + "\"}}}";
  }

  @Test
  void writesEverySizeAndPublishesThumbnailCreated() {
    store.add("uploads", "cats/tom.jpg", resource("fuzzdb_POC_phpinfo-metadata_progressive.jpg"), "e1");

    assertThat(service.handleMessage(body(created("cats/tom.jpg", "e1")))).containsExactly(ThumbnailService.Outcome.CREATED);

    assertThat(store.puts()).containsExactly("thumbs/thumbnails/cats/tom.jpg/128.jpg",
        "thumbs/thumbnails/cats/tom.jpg/256.jpg", "thumbs/thumbnails/cats/tom.jpg/512.jpg");
    assertThat(store.contentType(THUMBS, "thumbnails/cats/tom.jpg/256.jpg")).isEqualTo("image/jpeg");
    assertThat(store.metadata(THUMBS, "thumbnails/cats/tom.jpg/256.jpg")).containsEntry("source-etag", "e1");
    PipelineEvent event = events.ofType(EventType.ThumbnailCreated).get(0);
    JsonNode data = event.data();
    assertThat(event.subject()).isEqualTo("uploads/cats/tom.jpg");
    assertThat(data.at("/source/format").asText()).isEqualTo("JPEG");
    assertThat(data.at("/source/width").asInt()).isEqualTo(640);
    assertThat(data.at("/thumbnails/2/width").asInt()).isEqualTo(512);
    assertThat(data.at("/thumbnails/0/reused").asBoolean()).isFalse();
  }

  @Test
  void decodesTheKeyBeforeReadingTheObject() {
    store.add("uploads", "my photos/café 1+1.png", resource("pillow_hopper.png"), "e2");

    service.handleMessage(body(created("my+photos%2Fcaf%C3%A9+1%2B1.png", "e2")));

    assertThat(store.puts()).contains("thumbs/thumbnails/my photos/café 1+1.png/128.jpg");
    assertThat(events.ofType(EventType.ThumbnailCreated).get(0).data().at("/source/key").asText()).isEqualTo("my photos/café 1+1.png");
  }

  @Test
  void reprocessingTheSameVersionKeepsTheThumbnailsAndRepeatsTheEventId() {
    store.add("uploads", "a.png", resource("pillow_hopper.png"), "e3");
    service.handleMessage(body(created("a.png", "e3")));
    int writes = store.puts().size();

    assertThat(service.handleMessage(body(created("a.png", "e3")))).containsExactly(ThumbnailService.Outcome.REUSED);

    assertThat(store.puts()).hasSize(writes);
    List<PipelineEvent> created = events.ofType(EventType.ThumbnailCreated);
    assertThat(created.get(1).id()).isEqualTo(created.get(0).id());
    assertThat(created.get(1).data().at("/thumbnails/0/reused").asBoolean()).isTrue();
    assertThat(created.get(1).data().at("/thumbnails/0/bytes").asLong())
        .isEqualTo(created.get(0).data().at("/thumbnails/0/bytes").asLong());
  }

  @Test
  void aNewVersionOfTheObjectReplacesItsThumbnails() {
    store.add("uploads", "a.png", resource("pillow_hopper.png"), "v1");
    service.handleMessage(body(created("a.png", "v1")));
    store.add("uploads", "a.png", resource("pillow_hopper.bmp"), "v2");

    assertThat(service.handleMessage(body(created("a.png", "v2")))).containsExactly(ThumbnailService.Outcome.CREATED);

    assertThat(store.metadata(THUMBS, "thumbnails/a.png/256.jpg")).containsEntry("source-etag", "v2");
    List<PipelineEvent> created = events.ofType(EventType.ThumbnailCreated);
    assertThat(created.get(1).id()).isNotEqualTo(created.get(0).id());
  }

  @Test
  void anObjectDeletedBeforeProcessingIsNotFoundAndNotRetried() {
    assertThat(service.handleMessage(body(created("gone.jpg", "e4")))).containsExactly(ThumbnailService.Outcome.FAILED);

    JsonNode data = events.ofType(EventType.ThumbnailFailed).get(0).data();
    assertThat(data.at("/reason").asText()).isEqualTo("NOT_FOUND");
    assertThat(data.at("/source/etag").asText()).isEqualTo("e4");
  }

  @Test
  void publishesEveryReasonAsThumbnailFailed() {
    store.add("uploads", "bomb.jpg", resource("fuzzdb_lottapixel.jpg"), "b")
        .add("uploads", "page.gif", resource("fuzzdb_poc-img-phpinfo_actually_html.gif"), "h")
        .add("uploads", "broken.png", resource("pillow_broken.png"), "c")
        .add("uploads", "empty.jpg", new byte[0], "z");
    ThumbnailService tiny = new ThumbnailService(new Thumbnailer(new ThumbnailSettings(List.of(128), 10_000, 100_000_000, 82,
        ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES)),
        store.add("uploads", "big.png", resource("fuzzdb_poc-img-phpinfo_actually_html.gif"), "l"), events, THUMBS);

    service.handleMessage(body(created("bomb.jpg", "b"), created("page.gif", "h"), created("broken.png", "c"),
        created("empty.jpg", "z"), created("missing.jpg", "m")));
    tiny.handleMessage(body(created("big.png", "l")));

    assertThat(events.ofType(EventType.ThumbnailFailed)).extracting(e -> e.data().at("/reason").asText())
        .containsExactly("TOO_MANY_PIXELS", "UNSUPPORTED_FORMAT", "CORRUPT", "CORRUPT", "NOT_FOUND", "TOO_LARGE");
    assertThat(store.puts()).isEmpty();
  }

  @Test
  void aMessageWithTwoRecordsWhereOneFailsPublishesOneOfEach() {
    store.add("uploads", "good.png", resource("pillow_hopper.png"), "g")
        .add("uploads", "bad.png", resource("pillow_broken.png"), "b");

    List<ThumbnailService.Outcome> outcomes = service.handleMessage(body(created("good.png", "g"), created("bad.png", "b")));

    assertThat(outcomes).containsExactly(ThumbnailService.Outcome.CREATED, ThumbnailService.Outcome.FAILED);
    assertThat(events.ofType(EventType.ThumbnailCreated)).hasSize(1);
    assertThat(events.ofType(EventType.ThumbnailFailed)).hasSize(1);
  }

  @Test
  void transientFailuresPropagateSoTheMessageIsRetried() {
    store.add("uploads", "a.png", resource("pillow_hopper.png"), "e5").failNextPuts(1);

    assertThatThrownBy(() -> service.handleMessage(body(created("a.png", "e5")))).hasMessageContaining("injected");
    assertThat(events.events()).isEmpty();

    // The retry finishes the job.
    assertThat(service.handleMessage(body(created("a.png", "e5")))).containsExactly(ThumbnailService.Outcome.CREATED);
  }

  @Test
  void aFailedPublishIsRetriedAndFindsTheThumbnailsAlreadyWritten() {
    store.add("uploads", "a.png", resource("pillow_hopper.png"), "e6");
    events.failNext(1);

    assertThatThrownBy(() -> service.handleMessage(body(created("a.png", "e6"))));
    assertThat(service.handleMessage(body(created("a.png", "e6")))).containsExactly(ThumbnailService.Outcome.REUSED);
    assertThat(events.ofType(EventType.ThumbnailCreated)).hasSize(1);
  }

  @Test
  void ignoresTheTestEventAndNonCreationEvents() {
    String removed = created("x.jpg", "e").replace("ObjectCreated:Put", "ObjectRemoved:Delete");

    assertThat(service.handleMessage(S3NotificationsTest.fixture("s3-test-event.json"))).containsExactly(ThumbnailService.Outcome.IGNORED);
    assertThat(service.handleMessage(body(removed))).containsExactly(ThumbnailService.Outcome.IGNORED);
    assertThat(events.events()).isEmpty();
  }

  @Test
  void neverProcessesObjectsInTheThumbnailsBucket() {
    String own = created("thumbnails/a.png/128.jpg", "e").replace("\"uploads\"", "\"thumbs\"");

    assertThat(service.handleMessage(body(own))).containsExactly(ThumbnailService.Outcome.IGNORED);
  }

  @Test
  void eventIdsAreDerivedFromBucketKeyAndEtag() {
    store.add("uploads", "a.png", resource("pillow_hopper.png"), "same");
    ThumbnailService other = new ThumbnailService(new Thumbnailer(ThumbnailSettings.defaults()), store,
        new RecordingEventPublisher(), "elsewhere");
    service.handleMessage(body(created("a.png", "same")));
    RecordingEventPublisher second = new RecordingEventPublisher();
    new ThumbnailService(new Thumbnailer(ThumbnailSettings.defaults()), store, second, "elsewhere2")
        .handleMessage(body(created("a.png", "same")));

    assertThat(second.events().get(0).id()).isEqualTo(events.events().get(0).id());
    assertThat(other).isNotNull();
  }

  @Test
  void truncatesLongDetailsToTheSchemaLimit() {
    String longKey = "k".repeat(2000);
    store.add("uploads", longKey, resource("pillow_broken.png"), "e");

    service.handleMessage(body(created(longKey, "e")));

    assertThat(events.ofType(EventType.ThumbnailFailed).get(0).data().at("/detail").asText().length()).isLessThanOrEqualTo(1000);
  }
}
