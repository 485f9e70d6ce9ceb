package dev.eventpipeline.thumbnail.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.eventpipeline.common.config.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming makes every configured size of a JPEG and a PNG, in memory. */
class ThumbnailPrimingTest {
  private static final ThumbnailConfig CONFIG = ThumbnailConfig.from(Env.of(Map.of(
      "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events")));

  @Test
  void makesEveryThumbnailOfBothImages() {
    List<String> written = new ArrayList<>();
    ThumbnailPriming.Images images = new ThumbnailPriming.Images() {
      @Override
      public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
        assertThat(data.length).isPositive();
        written.add(key);
      }
    };
    SQSBatchResponse response = ThumbnailPriming.prime(CONFIG, images);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(written).containsExactly("thumbnails/priming.jpg/128.jpg", "thumbnails/priming.jpg/256.jpg",
        "thumbnails/priming.jpg/512.jpg", "thumbnails/priming.png/128.jpg", "thumbnails/priming.png/256.jpg",
        "thumbnails/priming.png/512.jpg");
  }
}
