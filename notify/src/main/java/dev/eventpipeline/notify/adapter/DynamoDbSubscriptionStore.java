package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.port.SubscriptionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Adapter: subscriptions in a DynamoDB table with partition key {@code id} (S). Attributes: url (S),
 * events (L of S), secretCiphertext (B), previousSecretCiphertext (B) and previousSecretExpiresAt (S,
 * ISO-8601) after a rotation (the secrets only ever as the {@link dev.eventpipeline.notify.port.SecretCipher}
 * sealed them), enabled (BOOL), description (S), createdAt and updatedAt (S, ISO-8601), disabledReason (S),
 * owner (S). A global secondary index {@value #OWNER_INDEX} (partition key owner, sort key createdAt,
 * all attributes projected) lists one owner's subscriptions without scanning everyone's; items without
 * an owner are not in it. Writes to an existing subscription are conditional on it still existing, so a delete racing a
 * 410-disable never leaves a half item behind.
 */
public final class DynamoDbSubscriptionStore implements SubscriptionStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoDbSubscriptionStore.class);

  private static final String EXISTS = "attribute_exists(id)";
  /** The index by owner; the stack creates it under this name (infra/cdk Notifier). */
  public static final String OWNER_INDEX = "owner-index";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoDbSubscriptionStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void create(Subscription subscription) {
    dynamo.putItem(b -> b.tableName(table).item(toItem(subscription)).conditionExpression("attribute_not_exists(id)"));
  }

  @Override
  public Optional<Subscription> get(String id) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of("id", s(id)))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public List<Subscription> list() {
    return readAll(dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items());
  }

  /**
   * Queries the owner index. Global secondary indexes are eventually consistent: a subscription
   * created a moment ago may be missing for a fraction of a second (documented in docs/webhooks.md).
   */
  @Override
  public List<Subscription> listByOwner(String owner) {
    return readAll(dynamo.queryPaginator(b -> b.tableName(table).indexName(OWNER_INDEX)
        .keyConditionExpression("#owner = :owner")
        .expressionAttributeNames(Map.of("#owner", "owner")) // OWNER is a DynamoDB reserved word
        .expressionAttributeValues(Map.of(":owner", s(owner)))).items());
  }

  private static List<Subscription> readAll(Iterable<Map<String, AttributeValue>> items) {
    List<Subscription> all = new ArrayList<>();
    items.forEach(item -> {
      try {
        all.add(fromItem(item));
      } catch (RuntimeException malformed) {
        // One bad item (edited by hand, an older schema) must not stop delivery to everyone else.
        AttributeValue id = item.get("id");
        LOG.warn("Skipping malformed subscription item {}: {}", id == null ? "(no id)" : id.s(),
            malformed.getClass().getSimpleName());
      }
    });
    return all;
  }

  @Override
  public boolean replace(Subscription subscription, Instant expectedUpdatedAt) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(toItem(subscription))
          .conditionExpression(EXISTS + " AND updatedAt = :expected")
          .expressionAttributeValues(Map.of(":expected", s(expectedUpdatedAt.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public boolean delete(String id) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(id))).conditionExpression(EXISTS));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public boolean disable(String id, String reason, Instant now) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(id)))
          .conditionExpression(EXISTS)
          .updateExpression("SET enabled = :false, disabledReason = :reason, updatedAt = :now")
          .expressionAttributeValues(Map.of(
              ":false", AttributeValue.fromBool(false),
              ":reason", s(reason),
              ":now", s(now.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  static Map<String, AttributeValue> toItem(Subscription sub) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(sub.id()));
    item.put("url", s(sub.url()));
    item.put("events", AttributeValue.fromL(sub.events().stream().map(DynamoDbSubscriptionStore::s).toList()));
    item.put("secretCiphertext", AttributeValue.fromB(SdkBytes.fromByteArray(sub.secret().ciphertext())));
    item.put("enabled", AttributeValue.fromBool(sub.enabled()));
    item.put("createdAt", s(sub.createdAt().toString()));
    item.put("updatedAt", s(sub.updatedAt().toString()));
    if (sub.previousSecret() != null && sub.previousSecretExpiresAt() != null) {
      item.put("previousSecretCiphertext",
          AttributeValue.fromB(SdkBytes.fromByteArray(sub.previousSecret().ciphertext())));
      item.put("previousSecretExpiresAt", s(sub.previousSecretExpiresAt().toString()));
    }
    if (sub.description() != null) {
      item.put("description", s(sub.description()));
    }
    if (sub.disabledReason() != null) {
      item.put("disabledReason", s(sub.disabledReason()));
    }
    if (sub.owner() != null) {
      item.put("owner", s(sub.owner()));
    }
    return item;
  }

  static Subscription fromItem(Map<String, AttributeValue> item) {
    List<String> events = item.containsKey("events") ? item.get("events").l().stream().map(AttributeValue::s).toList()
        : List.of();
    return new Subscription(
        text(item, "id"),
        text(item, "url"),
        events,
        sealed(item, "secretCiphertext"),
        sealed(item, "previousSecretCiphertext"),
        instant(item, "previousSecretExpiresAt"),
        item.containsKey("enabled") && Boolean.TRUE.equals(item.get("enabled").bool()),
        text(item, "description"),
        instant(item, "createdAt"),
        instant(item, "updatedAt"),
        text(item, "disabledReason"),
        text(item, "owner"));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /**
   * A sealed secret; an item without one (e.g. a plaintext {@code secret} written before secrets were
   * encrypted) is malformed: it is skipped by listings, never delivered with a plaintext secret.
   */
  private static SealedSecret sealed(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.b() == null ? null : new SealedSecret(value.b().asByteArray());
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String value = text(item, name);
    return value == null ? null : Instant.parse(value);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
