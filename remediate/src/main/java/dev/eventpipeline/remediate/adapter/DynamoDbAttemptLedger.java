package dev.eventpipeline.remediate.adapter;

import dev.eventpipeline.remediate.domain.Outcome;
import dev.eventpipeline.remediate.port.AttemptLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The ledger in a DynamoDB table: partition key {@code alarmName} (S), sort key {@code changedAt}
 * (N, epoch milliseconds of the state change). A claim is a conditional put (new, or taking over a
 * stale IN_PROGRESS claim), so two deliveries of one change never both act; entries expire through the
 * table's TTL attribute {@code expiresAt} two days later.
 */
public final class DynamoDbAttemptLedger implements AttemptLedger {
  static final String PK = "alarmName";
  static final String SK = "changedAt";
  private static final String IN_PROGRESS = "IN_PROGRESS";
  private static final String DONE = "DONE";
  private static final Duration KEEP = Duration.ofDays(2);

  private final DynamoDbClient dynamoDb;
  private final String table;

  public DynamoDbAttemptLedger(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  @Override
  public boolean claim(String alarmName, Instant changedAt, Instant now, Instant staleBefore) {
    try {
      dynamoDb.putItem(b -> b.tableName(table)
          .item(Map.of(PK, s(alarmName), SK, n(changedAt.toEpochMilli()), "status", s(IN_PROGRESS),
              "claimedAt", n(now.toEpochMilli()), "expiresAt", n(now.plus(KEEP).getEpochSecond())))
          .conditionExpression("attribute_not_exists(#pk) OR (#status = :inProgress AND claimedAt < :stale)")
          .expressionAttributeNames(Map.of("#pk", PK, "#status", "status"))
          .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS), ":stale", n(staleBefore.toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException seen) {
      return false;
    }
  }

  @Override
  public int attemptsSince(String alarmName, Instant since, Instant changedAt) {
    int count = 0;
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression("#pk = :alarm AND #sk >= :since")
          .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
          .expressionAttributeValues(Map.of(":alarm", s(alarmName), ":since", n(since.toEpochMilli())));
      if (start != null) {
        q.exclusiveStartKey(start);
      }
      var page = dynamoDb.query(q.build());
      for (Map<String, AttributeValue> item : page.items()) {
        if (Long.parseLong(item.get(SK).n()) == changedAt.toEpochMilli()) {
          continue;
        }
        AttributeValue attempt = item.get("attempt");
        // an entry still in progress is an action under way: it counts
        if (IN_PROGRESS.equals(item.get("status").s()) || (attempt != null && Boolean.TRUE.equals(attempt.bool()))) {
          count++;
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return count;
  }

  @Override
  public void complete(String alarmName, Instant changedAt, Outcome outcome) {
    dynamoDb.updateItem(b -> b.tableName(table)
        .key(Map.of(PK, s(alarmName), SK, n(changedAt.toEpochMilli())))
        .updateExpression("SET #status = :done, outcome = :outcome, attempt = :attempt")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":done", s(DONE), ":outcome", s(outcome.name()),
            ":attempt", AttributeValue.fromBool(outcome.isAttempt()))));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
