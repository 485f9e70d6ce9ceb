package dev.eventpipeline.common.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.eventpipeline.common.lifecycle.ExecutionEnvironment;
import org.junit.jupiter.api.Test;

class SqsBatchTest {
  private final SQSEvent event = EventLoader.loadSQSEvent("events/sqs_event_three_messages.json");

  @Test
  void reportsEachFailedMessageAndKeepsGoing() {
    SQSBatchResponse response = SqsBatch.processEach(event, m -> {
      if (!m.getMessageId().startsWith("e")) {
        throw new IllegalStateException("boom");
      }
    });
    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("d9144555-9a4f-4ec3-99a0-34ce359b4b54", "f9144555-9a4f-4ec3-99a0-34ce359b4b54");
  }

  @Test
  void anErrorFailsItsMessageOnlyAndAVirtualMachineErrorRetiresTheEnvironment() {
    try {
      SQSBatchResponse response = SqsBatch.processEach(event, m -> {
        if (m.getMessageId().startsWith("d")) {
          throw new AssertionError("not a VirtualMachineError");
        }
        if (m.getMessageId().startsWith("f")) {
          throw new OutOfMemoryError("Java heap space");
        }
      });

      assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
          .containsExactly("d9144555-9a4f-4ec3-99a0-34ce359b4b54", "f9144555-9a4f-4ec3-99a0-34ce359b4b54");
      assertThat(ExecutionEnvironment.retired()).isTrue();
    } finally {
      ExecutionEnvironment.resetForTests();
    }
  }

  @Test
  void aRetiredEnvironmentStartsNoFurtherMessage() {
    java.util.List<String> handled = new java.util.ArrayList<>();
    try {
      SQSBatchResponse response = SqsBatch.processEach(event, m -> {
        handled.add(m.getMessageId());
        if (handled.size() == 1) {
          throw new OutOfMemoryError("Java heap space");
        }
      });

      assertThat(handled).hasSize(1);
      assertThat(response.getBatchItemFailures()).hasSize(event.getRecords().size());
    } finally {
      ExecutionEnvironment.resetForTests();
    }
  }

  @Test
  void anOrdinaryErrorDoesNotRetireTheEnvironment() {
    SqsBatch.processEach(event, m -> {
      throw new AssertionError("boom");
    });
    assertThat(ExecutionEnvironment.retired()).isFalse();
  }

  @Test
  void allSucceedingReportsNothing() {
    assertThat(SqsBatch.processEach(event, m -> { }).getBatchItemFailures()).isEmpty();
  }
}
