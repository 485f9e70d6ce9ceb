package dev.eventpipeline.ingest.testing;

import dev.eventpipeline.common.records.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** A record sink that keeps what it was given and can be told to fail from a source index on. */
public final class FakeSink implements RecordSink {
  public final List<Entry> written = new ArrayList<>();
  private int failFromSource = Integer.MAX_VALUE;

  /** Entries of source {@code index} and later fail (Integer.MAX_VALUE: none), until told otherwise. */
  public FakeSink failFromSource(int index) {
    this.failFromSource = index;
    return this;
  }

  @Override
  public Result write(List<Entry> entries) {
    int firstFailed = -1;
    int count = 0;
    for (Entry e : entries) {
      if (e.sourceIndex() >= failFromSource) {
        firstFailed = e.sourceIndex();
        break;
      }
      written.add(e);
      count++;
    }
    return new Result(count, firstFailed, firstFailed < 0 ? null : "ProvisionedThroughputExceededException");
  }
}
