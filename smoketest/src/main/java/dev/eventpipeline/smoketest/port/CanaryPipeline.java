package dev.eventpipeline.smoketest.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The deployed pipeline as the smoke test uses it: its entry points, its outputs, its clean-up. */
public interface CanaryPipeline {
  /** Puts the canary record into the raw-logs stream. */
  void putLogRecord(String partitionKey, byte[] record);

  /** Uploads the canary image. */
  void putImage(String key, byte[] png);

  /** The archive object holding a record with this canary id, written since {@code since}, if any yet. */
  Optional<String> archiveObjectWith(String canaryId, Instant since);

  /** The thumbnails of the image written so far. */
  List<String> thumbnailsOf(String imageKey);

  /** Deletes the canary image and its thumbnails (the archived record stays, marked). */
  void cleanUp(String imageKey, List<String> thumbnails);
}
