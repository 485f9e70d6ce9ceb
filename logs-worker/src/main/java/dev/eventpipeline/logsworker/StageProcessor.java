package dev.eventpipeline.logsworker;

import dev.eventpipeline.common.metrics.Metrics;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * KCL's record processor for one shard of one stage: each read's records go into the shard's
 * {@link ShardBatches}, which runs the stage's handler over due batches and checkpoints only what the
 * handler reported done (so a record is durably forwarded or archived before its checkpoint). On a
 * graceful shutdown the held records get one attempt and the checkpoint follows what was done; on a
 * lost lease nothing more is run or checkpointed (the new owner reads from the checkpoint).
 */
final class StageProcessor implements ShardRecordProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(StageProcessor.class);

  private final Stage stage;
  private final String region;
  private final String account;
  private final BooleanSupplier running;
  private String shardId;
  private ShardBatches<KinesisClientRecord> batches;

  StageProcessor(Stage stage, String region, String account, BooleanSupplier running) {
    this.stage = stage;
    this.region = region;
    this.account = account;
    this.running = running;
  }

  @Override
  public void initialize(InitializationInput input) {
    shardId = input.shardId();
    String label = stage.name() + " " + stage.stream() + "/" + shardId;
    StageBatchRunner runner = new StageBatchRunner(stage.handlers().get(), "logs-worker-" + stage.name(),
        stage.stream(), shardId, region, account);
    batches = new ShardBatches<>(label, stage.batchSize(), stage.windowMillis(), runner, System::currentTimeMillis,
        Thread::sleep, running, ShardBatches.Backoff.DEFAULT);
    withShard(() -> LOG.info("Reading {} from {}", stage.stream(), input.extendedSequenceNumber()));
  }

  @Override
  public void processRecords(ProcessRecordsInput input) {
    withShard(() -> {
      batches.add(input.records());
      batches.dispatch(record -> checkpoint(input.checkpointer(), record), false);
    });
  }

  @Override
  public void leaseLost(LeaseLostInput input) {
    withShard(() -> {
      LOG.info("Lease lost; {} record(s) held are left to the shard's next owner", batches.held());
      batches.clear();
    });
  }

  @Override
  public void shardEnded(ShardEndedInput input) {
    withShard(() -> {
      // a shard that split or merged: everything in it is done before its children are read
      if (batches.dispatch(record -> checkpoint(input.checkpointer(), record), true) && batches.isEmpty()) {
        try {
          input.checkpointer().checkpoint();
        } catch (ShutdownException | InvalidStateException e) {
          LOG.warn("Checkpointing the end of the shard failed ({}); it is read again", e.getClass().getSimpleName());
        }
      }
    });
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    withShard(() -> {
      int held = batches.held();
      boolean done = batches.dispatch(record -> checkpoint(input.checkpointer(), record), true);
      LOG.info("Shutting down: {} record(s) held, {}", held, done ? "all done and checkpointed"
          : "the rest left to the shard's next owner");
    });
  }

  /** Checkpoints at {@code record}; false when the lease is gone (nothing more may be done for this shard). */
  private boolean checkpoint(RecordProcessorCheckpointer checkpointer, KinesisClientRecord record) {
    try {
      checkpointer.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
      return true;
    } catch (ShutdownException e) {
      LOG.warn("Checkpoint at {} refused: the lease is lost", record.sequenceNumber());
      return false;
    } catch (InvalidStateException e) {
      // DynamoDB trouble: the records were done; the next checkpoint covers them, or they are done again
      LOG.warn("Checkpoint at {} failed ({}); carrying on", record.sequenceNumber(), e.getMessage());
      return true;
    }
  }

  private void withShard(Runnable action) {
    MDC.put("stage", stage.name());
    MDC.put("shardId", shardId);
    // the stage's metrics carry its own FunctionName dimension, as each function's do
    MDC.put(Metrics.FUNCTION_NAME_KEY, "logs-worker-" + stage.name());
    try {
      action.run();
    } catch (VirtualMachineError e) {
      // out of memory or stack, or worse: this JVM may be unusable; exit so the task is replaced and the
      // shard is read again from its checkpoint by a healthy worker (nothing past it was checkpointed)
      LOG.error("{} in stage {}; exiting", e.getClass().getSimpleName(), stage.name());
      Runtime.getRuntime().halt(70);
    } finally {
      MDC.remove("stage");
      MDC.remove("shardId");
      MDC.remove(Metrics.FUNCTION_NAME_KEY);
    }
  }
}
