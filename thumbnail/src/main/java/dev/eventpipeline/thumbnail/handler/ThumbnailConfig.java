package dev.eventpipeline.thumbnail.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import dev.eventpipeline.settings.ThumbnailSettings;
import java.util.List;

/** The thumbnail function's configuration, read once at init (docs/functions.md). */
public record ThumbnailConfig(String thumbnailsBucket, String eventsTopicArn, ThumbnailSettings settings) {
  public static ThumbnailConfig from(Env env) {
    String bucket = env.required(EnvVars.THUMBNAILS_BUCKET);
    String topic = env.required(EnvVars.EVENTS_TOPIC_ARN);
    List<Integer> sizes = ThumbnailSettings.DEFAULT_SIZES;
    String sizesText = env.raw(EnvVars.THUMBNAIL_SIZES);
    if (sizesText != null) {
      try {
        sizes = ThumbnailSettings.parseSizes(sizesText);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(EnvVars.THUMBNAIL_SIZES, "Invalid value for environment variable "
            + EnvVars.THUMBNAIL_SIZES + ": " + e.getMessage());
      }
    }
    long maxBytes = env.longValue(EnvVars.MAX_SOURCE_BYTES, ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES, 1, 1L << 30);
    long maxPixels = env.longValue(EnvVars.MAX_SOURCE_PIXELS, ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 1, 1_000_000_000L);
    int quality = env.intValue(EnvVars.JPEG_QUALITY, ThumbnailSettings.DEFAULT_JPEG_QUALITY, 1, 100);
    long maxDecodeBytes = env.longValue(EnvVars.MAX_DECODE_BYTES, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES, 1, 1L << 34);
    return new ThumbnailConfig(bucket, topic, new ThumbnailSettings(sizes, maxBytes, maxPixels, quality, maxDecodeBytes));
  }
}
