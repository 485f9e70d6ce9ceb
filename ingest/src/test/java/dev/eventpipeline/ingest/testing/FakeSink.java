package dev.eventpipeline.ingest.testing;

import dev.eventpipeline.ingest.port.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** A record sink that keeps what it was given and can be told to fail from a source index on. */
public final class FakeSink implements RecordSink {
  public final List<Entry> written = new ArrayList<>();
  private int failFromSource = Integer.MAX_VALUE;

  public FakeSink failFromSource(int index) {
    this.failFromSource = index;
    return this;
  }

  @Override
  public Result write(List<Entry> entries) {
    int firstFailed = -1;
    for (Entry e : entries) {
      if (e.sourceIndex() >= failFromSource) {
        firstFailed = e.sourceIndex();
        break;
      }
      written.add(e);
    }
    return new Result(written.size(), firstFailed, firstFailed < 0 ? null : "ProvisionedThroughputExceededException");
  }
}
