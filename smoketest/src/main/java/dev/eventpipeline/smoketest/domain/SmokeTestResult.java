package dev.eventpipeline.smoketest.domain;

import java.util.List;

/** A passed smoke test: the canary's id, where it was found, and how long each leg took. */
public record SmokeTestResult(String canaryId, String status, String archiveObject, long archivedAfterMillis,
    List<String> thumbnails, long thumbnailsAfterMillis, boolean cleanedUp) {}
