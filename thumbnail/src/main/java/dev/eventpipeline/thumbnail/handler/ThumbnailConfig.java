package dev.eventpipeline.thumbnail.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import dev.eventpipeline.thumbnail.domain.ThumbnailSettings;
import java.util.ArrayList;
import java.util.List;

/** The thumbnail function's configuration, read once at init (docs/functions.md). */
public record ThumbnailConfig(String thumbnailsBucket, String eventsTopicArn, ThumbnailSettings settings) {
  /** Largest accepted THUMBNAIL_SIZES entry. */
  public static final int MAX_SIZE = 4096;
  /**
   * Most distinct THUMBNAIL_SIZES: ThumbnailCreated lists every thumbnail, and with 16 keys of S3's
   * 1,024-byte maximum it stays far below SNS's 256 KiB (docs/events/README.md).
   */
  public static final int MAX_SIZES = 16;

  public static ThumbnailConfig from(Env env) {
    String bucket = env.required(EnvVars.THUMBNAILS_BUCKET);
    String topic = env.required(EnvVars.EVENTS_TOPIC_ARN);
    List<Integer> sizes = new ArrayList<>();
    for (String item : env.list(EnvVars.THUMBNAIL_SIZES, List.of("128", "256", "512"))) {
      int size;
      try {
        size = Integer.parseInt(item);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_SIZE) {
        throw new ConfigException(EnvVars.THUMBNAIL_SIZES, "Invalid value for environment variable THUMBNAIL_SIZES: '"
            + env.raw(EnvVars.THUMBNAIL_SIZES) + "' (expected comma-separated integers between 1 and " + MAX_SIZE + ")");
      }
      sizes.add(size);
    }
    if (sizes.isEmpty()) {
      throw new ConfigException(EnvVars.THUMBNAIL_SIZES, "Invalid value for environment variable THUMBNAIL_SIZES: no size given");
    }
    long distinct = sizes.stream().distinct().count();
    if (distinct > MAX_SIZES) {
      throw new ConfigException(EnvVars.THUMBNAIL_SIZES, "Invalid value for environment variable THUMBNAIL_SIZES: " + distinct
          + " distinct sizes, at most " + MAX_SIZES + " (every thumbnail is listed in one ThumbnailCreated event)");
    }
    long maxBytes = env.longValue(EnvVars.MAX_SOURCE_BYTES, ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES, 1, 1L << 30);
    long maxPixels = env.longValue(EnvVars.MAX_SOURCE_PIXELS, ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 1, 1_000_000_000L);
    int quality = env.intValue(EnvVars.JPEG_QUALITY, ThumbnailSettings.DEFAULT_JPEG_QUALITY, 1, 100);
    long maxDecodeBytes = env.longValue(EnvVars.MAX_DECODE_BYTES, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES, 1, 1L << 34);
    return new ThumbnailConfig(bucket, topic, new ThumbnailSettings(sizes, maxBytes, maxPixels, quality, maxDecodeBytes));
  }
}
