package dev.eventpipeline.ingest.testing;

import dev.eventpipeline.ingest.port.QuarantineStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** A quarantine store in memory that can be told to fail its next puts. */
public final class FakeQuarantine implements QuarantineStore {
  public final Map<String, QuarantinedObject> objects = new LinkedHashMap<>();
  public int puts;
  private int failures;

  public FakeQuarantine failNext(int n) {
    failures = n;
    return this;
  }

  @Override
  public String bucket() {
    return "log-archive";
  }

  @Override
  public void put(QuarantinedObject object) {
    puts++;
    if (failures > 0) {
      failures--;
      throw new QuarantineException("injected S3 failure", null);
    }
    objects.put(object.key(), object);
  }
}
