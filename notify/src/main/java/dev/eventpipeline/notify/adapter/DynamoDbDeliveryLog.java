package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.port.DeliveryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Adapter: successful deliveries in a DynamoDB table with partition key {@code pk} (S) =
 * {@code <subscriptionId>#<eventId>} and TTL attribute {@code expiresAt} (N, epoch seconds). An entry
 * past its expiresAt counts as absent even before DynamoDB's TTL sweep removes it (that can lag by
 * days).
 */
public final class DynamoDbDeliveryLog implements DeliveryLog {
  /** How long a delivery is remembered: longer than any redelivery of the message, DLQ redrives included. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration retention;
  private final Clock clock;

  public DynamoDbDeliveryLog(DynamoDbClient dynamo, String table) {
    this(dynamo, table, DEFAULT_RETENTION, Clock.systemUTC());
  }

  public DynamoDbDeliveryLog(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.retention = retention;
    this.clock = clock;
  }

  /** The partition key of a (subscription, event) pair. */
  public static String key(String subscriptionId, String eventId) {
    return subscriptionId + "#" + eventId;
  }

  @Override
  public boolean wasDelivered(String subscriptionId, String eventId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS(key(subscriptionId, eventId))))
        .projectionExpression("pk, expiresAt")).item();
    if (item == null || item.isEmpty()) {
      return false;
    }
    AttributeValue expiresAt = item.get("expiresAt");
    return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
  }

  @Override
  public boolean recordDelivered(String subscriptionId, String eventId, int status) {
    Instant now = clock.instant();
    try {
      dynamo.putItem(b -> b.tableName(table)
          .item(Map.of(
              "pk", AttributeValue.fromS(key(subscriptionId, eventId)),
              "subscriptionId", AttributeValue.fromS(subscriptionId),
              "eventId", AttributeValue.fromS(eventId),
              "status", AttributeValue.fromN(Integer.toString(status)),
              "deliveredAt", AttributeValue.fromS(now.toString()),
              "expiresAt", AttributeValue.fromN(Long.toString(now.plus(retention).getEpochSecond()))))
          // an entry past its expiry (not yet swept by TTL) is as good as absent
          .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
          .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }
}
