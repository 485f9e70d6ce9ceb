package dev.eventpipeline.ingest.adapter;

import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.ingest.port.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** Adapter: the output stream, through common's KinesisRecordWriter (PutRecords, retrying only failed entries). */
public final class KinesisRecordSink implements RecordSink {
  private final KinesisRecordWriter writer;

  public KinesisRecordSink(KinesisRecordWriter writer) {
    this.writer = writer;
  }

  @Override
  public Result write(List<Entry> entries) {
    List<KinesisRecordWriter.Entry> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(new KinesisRecordWriter.Entry(e.partitionKey(), e.data(), e.sourceIndex()));
    }
    KinesisRecordWriter.Result result = writer.write(out);
    return new Result(result.written(), result.firstFailedSource(), result.lastError());
  }
}
