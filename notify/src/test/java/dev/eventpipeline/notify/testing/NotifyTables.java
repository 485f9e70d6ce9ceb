package dev.eventpipeline.notify.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates notify's two tables exactly as docs/webhooks.md specifies them for the stack. */
public final class NotifyTables {
  private NotifyTables() {}

  /** Partition key id (S); index owner-index: partition key owner (S), sort key createdAt (S), all attributes. */
  public static void createSubscriptions(DynamoDbClient dynamo, String name) {
    dynamo.createTable(b -> b.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("id"), attribute("owner"), attribute("createdAt"))
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
        .globalSecondaryIndexes(g -> g.indexName("owner-index")
            .keySchema(KeySchemaElement.builder().attributeName("owner").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("createdAt").keyType(KeyType.RANGE).build())
            .projection(p -> p.projectionType(ProjectionType.ALL))));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  /** Partition key pk (S), TTL attribute expiresAt. */
  public static void createDeliveries(DynamoDbClient dynamo, String name) {
    create(dynamo, name, "pk");
    dynamo.updateTimeToLive(b -> b.tableName(name)
        .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
  }

  private static void create(DynamoDbClient dynamo, String name, String key) {
    dynamo.createTable(b -> b.tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build()));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
  }
}
