package dev.eventpipeline.logsworker;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * A new application's first leases, written before its scheduler starts. On an empty lease table KCL
 * waits a random 1–30 s (so that a fleet starting together does not all sync at once) and then syncs
 * the shards; measured against moto, the first records were read 60–90 s after the start. Here each
 * open shard gets its lease at TRIM_HORIZON with a conditional put (so workers starting together write
 * each lease once), and the scheduler takes them within seconds. Only for a stream whose shards are all
 * open: after a reshard, parents must be read before children, which KCL's own sync knows how to order.
 * The lease table is created (with KCL's own schema and index) only where it does not exist: the stack
 * creates it, and the task role may not create tables.
 */
final class LeaseBootstrap {
  static final String OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

  private LeaseBootstrap() {}

  /** @return the number of leases written (0: the table had leases, or the stream has closed shards) */
  static int seed(DynamoDbClient ddb, KinesisClient kinesis, String table, String stream) {
    DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
    if (!exists(ddb, table)) {
      create(ddb, table, serializer);
    }
    awaitActive(ddb, table);
    if (ddb.scan(b -> b.tableName(table).limit(1)).count() > 0) {
      return 0;
    }
    List<Shard> shards = kinesis.listShards(b -> b.streamName(stream)).shards();
    if (shards.stream().anyMatch(s -> s.sequenceNumberRange().endingSequenceNumber() != null)) {
      return 0;
    }
    int written = 0;
    for (Shard shard : shards) {
      Lease lease = new Lease();
      lease.leaseKey(shard.shardId());
      lease.leaseCounter(0L);
      lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
      lease.ownerSwitchesSinceCheckpoint(0L);
      lease.parentShardIds(List.of());
      lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
      try {
        ddb.putItem(b -> b.tableName(table).item(serializer.toDynamoRecord(lease))
            .conditionExpression("attribute_not_exists(leaseKey)"));
        written++;
      } catch (ConditionalCheckFailedException anotherWorkerWroteIt) {
        // the same lease, written by a worker starting alongside
      }
    }
    return written;
  }

  private static boolean exists(DynamoDbClient ddb, String table) {
    try {
      ddb.describeTable(b -> b.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static void create(DynamoDbClient ddb, String table, DynamoDBLeaseSerializer serializer) {
    var attributes = new ArrayList<>(serializer.getAttributeDefinitions());
    serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions().stream()
        .filter(a -> attributes.stream().noneMatch(x -> x.attributeName().equals(a.attributeName())))
        .forEach(attributes::add);
    try {
      ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(serializer.getKeySchema()).attributeDefinitions(attributes)
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(OWNER_INDEX)
              .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
              .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
    } catch (ResourceInUseException createdAlongside) {
      // another worker created it
    }
  }

  private static void awaitActive(DynamoDbClient ddb, String table) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (ddb.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The lease table " + table + " is not ACTIVE after 60 s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + table, e);
      }
    }
  }
}
