package dev.eventpipeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.cli.client.EventTail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo saw arrive, and what it expected but did not see.
 *
 * @param missing one line per expectation not met; empty when the demo succeeded
 */
public record DemoResult(long logRecordsPushed, long logRecordsArchived, int imagesUploaded, int imagesDone,
    int thumbnailsCreated, int thumbnailsFailed, int logBatchesArchived, int events, List<String> missing,
    Duration elapsed) {

  public DemoResult {
    missing = List.copyOf(missing);
  }

  public boolean success() {
    return missing.isEmpty();
  }

  /** Accumulates observations while the demo waits. */
  static final class Builder {
    private final long logRecordsPushed;
    private final Map<String, Boolean> images;
    private final Map<String, String> outcomes = new LinkedHashMap<>();
    private long archived;
    private int batches;
    private int events;

    /** @param images uploaded key → whether ThumbnailCreated (else ThumbnailFailed) is expected */
    Builder(long logRecordsPushed, Map<String, Boolean> images) {
      this.logRecordsPushed = logRecordsPushed;
      this.images = images;
    }

    void observe(long archivedRecords, List<EventTail.Received> received) {
      archived = archivedRecords;
      events = received.size();
      batches = 0;
      for (EventTail.Received r : received) {
        JsonNode e = r.event();
        if (e == null) {
          continue;
        }
        String type = e.path("type").asText();
        if (type.equals("LogBatchArchived")) {
          batches++;
        } else if (type.equals("ThumbnailCreated") || type.equals("ThumbnailFailed")) {
          String key = e.path("data").path("source").path("key").asText();
          if (images.containsKey(key)) {
            outcomes.put(key, type);
          }
        }
      }
    }

    boolean complete() {
      return missing().isEmpty();
    }

    private List<String> missing() {
      List<String> missing = new ArrayList<>();
      if (archived < logRecordsPushed) {
        missing.add((logRecordsPushed - archived) + " of " + logRecordsPushed + " log records not in the archive");
      }
      if (batches == 0) {
        missing.add("no LogBatchArchived event");
      }
      images.forEach((key, created) -> {
        String expected = created ? "ThumbnailCreated" : "ThumbnailFailed";
        String got = outcomes.get(key);
        if (got == null) {
          missing.add(expected + " for " + key + " (no outcome event)");
        } else if (!got.equals(expected)) {
          missing.add(expected + " for " + key + " (got " + got + ")");
        }
      });
      return missing;
    }

    DemoResult build(Duration elapsed) {
      int created = (int) outcomes.values().stream().filter("ThumbnailCreated"::equals).count();
      return new DemoResult(logRecordsPushed, archived, images.size(), outcomes.size(), created,
          outcomes.size() - created, batches, events, missing(), elapsed);
    }
  }
}
