package dev.eventpipeline.local.esm;

import java.time.Instant;
import java.util.List;

/**
 * One AWS::Lambda::EventSourceMapping, resolved: the source (a Kinesis stream or an SQS queue), the
 * function it invokes and Lambda's settings, with Lambda's defaults where the template is silent.
 *
 * @param logicalId the template's logical id
 * @param uuid the mapping's id (deterministic, from the logical id)
 * @param functionLogicalId the function it invokes
 * @param sourceKind KINESIS or SQS
 * @param sourceArn EventSourceArn
 * @param sourceName the stream name, or the queue URL
 * @param batchSize BatchSize (Kinesis default 100, SQS default 10)
 * @param batchingWindowSeconds MaximumBatchingWindowInSeconds (default 0)
 * @param startingPosition TRIM_HORIZON, LATEST or AT_TIMESTAMP (Kinesis)
 * @param startingPositionTimestamp for AT_TIMESTAMP
 * @param reportBatchItemFailures FunctionResponseTypes contains ReportBatchItemFailures
 * @param bisectOnError BisectBatchOnFunctionError (Kinesis)
 * @param maximumRetryAttempts MaximumRetryAttempts, -1 = until the record expires (Kinesis)
 * @param maximumRecordAgeSeconds MaximumRecordAgeInSeconds, -1 = no limit (Kinesis)
 * @param onFailureArn DestinationConfig.OnFailure.Destination, or null
 * @param maximumConcurrency ScalingConfig.MaximumConcurrency (SQS), or 0
 * @param enabled Enabled
 * @param notEmulated settings present in the template that the local cloud does not emulate
 */
public record MappingSpec(String logicalId, String uuid, String functionLogicalId, Kind sourceKind, String sourceArn,
    String sourceName, int batchSize, int batchingWindowSeconds, String startingPosition,
    Instant startingPositionTimestamp, boolean reportBatchItemFailures, boolean bisectOnError,
    int maximumRetryAttempts, int maximumRecordAgeSeconds, String onFailureArn, int maximumConcurrency,
    boolean enabled, List<String> notEmulated) {

  /** The kind of event source. */
  public enum Kind { KINESIS, SQS }

  public MappingSpec {
    notEmulated = List.copyOf(notEmulated);
  }
}
