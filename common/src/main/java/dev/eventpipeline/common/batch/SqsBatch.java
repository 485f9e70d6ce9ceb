package dev.eventpipeline.common.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.lifecycle.ExecutionEnvironment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Partial batch responses for SQS event source mappings (ReportBatchItemFailures): each failed
 * message is reported on its own and comes back after its visibility timeout (then the DLQ); the
 * successes are deleted.
 */
public final class SqsBatch {
  private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

  private SqsBatch() {}

  /** Handles one message; throw to have it retried. */
  @FunctionalInterface
  public interface MessageHandler {
    void handle(SQSEvent.SQSMessage message) throws Exception;
  }

  /**
   * Processes every message, reporting each one that throws anything, errors included, so one
   * message never fails the batch. After a {@link VirtualMachineError} the environment is retired
   * ({@link ExecutionEnvironment}) and the messages not yet started are reported as failures, so
   * they are retried in a fresh environment rather than handled by a JVM that may be broken. The
   * message id is in the MDC.
   */
  public static SQSBatchResponse processEach(SQSEvent event, MessageHandler handler) {
    List<String> failed = new ArrayList<>();
    List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage message : messages) {
      if (ExecutionEnvironment.retired()) {
        // A JVM that hit a VirtualMachineError starts no new work: the rest comes back to a fresh one.
        failed.add(message.getMessageId());
        continue;
      }
      MDC.put("messageId", message.getMessageId());
      try {
        handler.handle(message);
      } catch (Exception e) {
        LOG.warn("Message failed and will be retried: {}", e.toString());
        failed.add(message.getMessageId());
      } catch (VirtualMachineError e) {
        // This message only: the batch goes on, and the environment is retired once it has answered.
        LOG.error("Message failed with {} and will be retried; this environment will be replaced", e.toString());
        failed.add(message.getMessageId());
        ExecutionEnvironment.retire(e);
      } catch (Throwable e) {
        LOG.error("Message failed and will be retried", e);
        failed.add(message.getMessageId());
      } finally {
        MDC.remove("messageId");
      }
    }
    return failures(failed);
  }

  public static SQSBatchResponse failures(Collection<String> messageIds) {
    List<SQSBatchResponse.BatchItemFailure> items = new ArrayList<>();
    for (String id : messageIds) {
      items.add(new SQSBatchResponse.BatchItemFailure(id));
    }
    return new SQSBatchResponse(items);
  }
}
