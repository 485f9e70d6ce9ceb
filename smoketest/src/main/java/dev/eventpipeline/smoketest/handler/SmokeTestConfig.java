package dev.eventpipeline.smoketest.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import dev.eventpipeline.settings.ThumbnailSettings;
import java.time.Duration;

/** The smoke test's configuration, read once at init (docs/functions.md). */
public record SmokeTestConfig(String stream, String uploads, String archive, String archivePrefix, String thumbnails,
    int expectedThumbnails, Duration timeout) {

  public static SmokeTestConfig from(Env env) {
    int sizes = ThumbnailSettings.DEFAULT_SIZES.size();
    String text = env.raw(EnvVars.THUMBNAIL_SIZES);
    if (text != null) {
      try {
        sizes = ThumbnailSettings.parseSizes(text).size();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(EnvVars.THUMBNAIL_SIZES, "Invalid value for environment variable "
            + EnvVars.THUMBNAIL_SIZES + ": " + e.getMessage());
      }
    }
    return new SmokeTestConfig(env.required(EnvVars.CANARY_STREAM_NAME), env.required(EnvVars.UPLOADS_BUCKET),
        env.required(EnvVars.ARCHIVE_BUCKET), env.optional(EnvVars.ARCHIVE_PREFIX, "logs/"),
        env.required(EnvVars.THUMBNAILS_BUCKET), sizes,
        Duration.ofSeconds(env.intValue(EnvVars.SMOKE_TEST_TIMEOUT_SECONDS, 240, 10, 840)));
  }
}
