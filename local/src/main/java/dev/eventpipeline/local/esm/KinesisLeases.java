package dev.eventpipeline.local.esm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Creates a mapping's KCL lease table and one lease per open shard (at the mapping's starting
 * position) before the scheduler starts, with KCL's own serializer. On an empty lease table KCL
 * waits a random 1–30 s and then spends another ~30 s in its first shard sync (measured against
 * moto); with the leases already there it takes them within seconds. Existing leases (a second `up`
 * against the same backend) are kept with their checkpoints.
 */
final class KinesisLeases {
  static final String GSI = "LeaseOwnerToLeaseKeyIndex";

  private KinesisLeases() {}

  /** @return how many leases were created (0 when they all existed) */
  static int seed(DynamoDbClient ddb, KinesisClient kinesis, String table, String stream, MappingSpec spec) {
    DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
    List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> attributes =
        new ArrayList<>(serializer.getAttributeDefinitions());
    serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions().stream()
        .filter(a -> attributes.stream().noneMatch(x -> x.attributeName().equals(a.attributeName())))
        .forEach(attributes::add);
    try {
      ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(serializer.getKeySchema()).attributeDefinitions(attributes)
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(GSI)
              .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
              .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
    } catch (ResourceInUseException exists) {
      // reused with its leases and checkpoints
    }
    awaitActive(ddb, table);
    int created = 0;
    for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
      if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
        continue; // closed shards: their leases come from KCL's shard sync, parents first
      }
      Lease lease = new Lease();
      lease.leaseKey(shard.shardId());
      lease.leaseCounter(0L);
      lease.checkpoint(initial(spec));
      lease.ownerSwitchesSinceCheckpoint(0L);
      List<String> parents = new ArrayList<>();
      if (shard.parentShardId() != null) {
        parents.add(shard.parentShardId());
      }
      if (shard.adjacentParentShardId() != null) {
        parents.add(shard.adjacentParentShardId());
      }
      lease.parentShardIds(parents);
      lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
      try {
        ddb.putItem(b -> b.tableName(table).item(serializer.toDynamoRecord(lease))
            .conditionExpression("attribute_not_exists(leaseKey)"));
        created++;
      } catch (ConditionalCheckFailedException exists) {
        // keep its checkpoint
      }
    }
    return created;
  }

  private static ExtendedSequenceNumber initial(MappingSpec spec) {
    return switch (spec.startingPosition() == null ? "LATEST" : spec.startingPosition()) {
      case "TRIM_HORIZON" -> ExtendedSequenceNumber.TRIM_HORIZON;
      case "AT_TIMESTAMP" -> ExtendedSequenceNumber.AT_TIMESTAMP;
      default -> ExtendedSequenceNumber.LATEST;
    };
  }

  private static void awaitActive(DynamoDbClient ddb, String table) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (ddb.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
