package dev.eventpipeline.enrich.adapter;

import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.enrich.port.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** Adapter: the enriched-logs stream, written with common's KinesisRecordWriter (PutRecords, in order). */
public final class KinesisRecordSink implements RecordSink {
  private final KinesisRecordWriter writer;

  public KinesisRecordSink(KinesisRecordWriter writer) {
    this.writer = writer;
  }

  @Override
  public Result write(List<Outbound> records) {
    List<KinesisRecordWriter.Entry> entries = new ArrayList<>(records.size());
    for (Outbound r : records) {
      entries.add(new KinesisRecordWriter.Entry(r.partitionKey(), r.data(), r.sourceIndex()));
    }
    KinesisRecordWriter.Result result = writer.write(entries);
    return new Result(result.written(), result.firstFailedSource(), result.lastError());
  }
}
