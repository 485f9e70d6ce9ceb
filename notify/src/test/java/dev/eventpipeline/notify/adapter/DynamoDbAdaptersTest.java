package dev.eventpipeline.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.testing.NotifyTables;
import dev.eventpipeline.notify.testing.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB adapters against a real moto server, on tables keyed as the stack creates them. */
class DynamoDbAdaptersTest {
  private static MotoServer moto;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() {
    moto = MotoServer.start().configureSdkSystemProperties();
    dynamo = AwsClients.from(Env.of(moto.clientEnvironment())).dynamoDb();
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  private static DynamoDbSubscriptionStore subscriptions() {
    String table = "subscriptions-" + UUID.randomUUID();
    NotifyTables.createSubscriptions(dynamo, table);
    return new DynamoDbSubscriptionStore(dynamo, table);
  }

  @Test
  void storesAndReadsBackEveryField() {
    DynamoDbSubscriptionStore store = subscriptions();
    Instant now = Instant.parse("2026-01-01T10:00:00.123Z");
    String fullId = UUID.randomUUID().toString();
    Subscription full = new Subscription(fullId, "https://hooks.example.com/in",
        List.of("ThumbnailCreated", "ThumbnailFailed"), TestEvents.sealed(fullId), TestEvents.sealed(fullId),
        now.plusSeconds(3600), false, "ops pager", now, now.plusSeconds(5), "endpoint answered HTTP 410 Gone",
        "arn:aws:sts::111122223333:assumed-role/ops");
    Subscription minimal = TestEvents.subscription("https://hooks.example.com/other", "*");

    store.create(full);
    store.create(minimal);

    assertThat(store.get(full.id())).contains(full);
    assertThat(store.get(minimal.id())).contains(minimal);
    assertThat(store.list()).containsExactlyInAnyOrder(full, minimal);
    assertThat(store.get(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void aMalformedItemIsSkippedSoTheOtherSubscriptionsStillGetTheirEvents() {
    String table = "subscriptions-" + UUID.randomUUID();
    NotifyTables.createSubscriptions(dynamo, table);
    DynamoDbSubscriptionStore store = new DynamoDbSubscriptionStore(dynamo, table);
    Subscription good = TestEvents.subscription("https://hooks.example.com/in", "*");
    store.create(good);
    // an item edited by hand: no secret, no createdAt
    dynamo.putItem(b -> b.tableName(table).item(java.util.Map.of(
        "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("broken"),
        "url", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("https://x.example.com/"))));

    assertThat(store.list()).containsExactly(good);
  }

  @Test
  void replaceDeleteAndDisableOnlyTouchExistingSubscriptions() {
    DynamoDbSubscriptionStore store = subscriptions();
    Subscription subscription = TestEvents.subscription("https://hooks.example.com/in", "*");
    Instant now = Instant.parse("2026-02-01T00:00:00Z");

    assertThat(store.replace(subscription, subscription.updatedAt())).isFalse();
    assertThat(store.disable(subscription.id(), "gone", now)).isFalse();
    assertThat(store.list()).as("no half item was created").isEmpty();

    store.create(subscription);
    assertThat(store.replace(subscription.withDescription("changed", now), subscription.updatedAt())).isTrue();
    assertThat(store.get(subscription.id()).orElseThrow().description()).isEqualTo("changed");
    assertThat(store.replace(subscription.withDescription("stale write", now.plusSeconds(1)), subscription.updatedAt()))
        .as("a write based on an outdated copy is refused").isFalse();
    assertThat(store.get(subscription.id()).orElseThrow().description()).isEqualTo("changed");

    assertThat(store.disable(subscription.id(), "endpoint answered HTTP 410 Gone", now)).isTrue();
    Subscription disabled = store.get(subscription.id()).orElseThrow();
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.disabledReason()).isEqualTo("endpoint answered HTTP 410 Gone");
    assertThat(disabled.updatedAt()).isEqualTo(now);

    assertThat(store.delete(subscription.id())).isTrue();
    assertThat(store.delete(subscription.id())).isFalse();
    assertThat(store.get(subscription.id())).isEmpty();
  }

  @Test
  void listsOneOwnersSubscriptionsFromTheOwnerIndexOldestFirst() {
    DynamoDbSubscriptionStore store = subscriptions();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Subscription mine = TestEvents.subscription("https://hooks.example.com/a", "*");
    Subscription mineLater = new Subscription(UUID.randomUUID().toString(), "https://hooks.example.com/b",
        List.of("*"), TestEvents.sealed("any"), null, null, true, null, t.plusSeconds(60), t.plusSeconds(60), null,
        TestEvents.OWNER);
    Subscription theirs = new Subscription(UUID.randomUUID().toString(), "https://hooks.example.com/c",
        List.of("*"), TestEvents.sealed("any"), null, null, true, null, t, t, null,
        "arn:aws:iam::111122223333:user/someone-else");
    Subscription legacy = new Subscription(UUID.randomUUID().toString(), "https://hooks.example.com/d",
        List.of("*"), TestEvents.sealed("any"), null, null, true, null, t, t, null, null);
    List.of(mineLater, theirs, legacy, mine).forEach(store::create);

    assertThat(store.listByOwner(TestEvents.OWNER)).containsExactly(mine, mineLater);
    assertThat(store.listByOwner("arn:aws:iam::111122223333:user/nobody")).isEmpty();
    assertThat(store.list()).as("the delivery function still reads every one").hasSize(4);
    assertThat(store.get(legacy.id()).orElseThrow().owner()).isNull();
  }

  @Test
  void createNeverOverwritesAnExistingId() {
    DynamoDbSubscriptionStore store = subscriptions();
    Subscription subscription = TestEvents.subscription("https://hooks.example.com/in", "*");
    store.create(subscription);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create(subscription))
        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class);
  }

  @Test
  void deliveryLogRecordsEachPairOnceWithATtl() {
    String table = "deliveries-" + UUID.randomUUID();
    NotifyTables.createDeliveries(dynamo, table);
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    DynamoDbDeliveryLog log = new DynamoDbDeliveryLog(dynamo, table, Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));

    assertThat(log.wasDelivered("s1", "e1")).isFalse();
    assertThat(log.recordDelivered("s1", "e1", 204)).isTrue();
    assertThat(log.recordDelivered("s1", "e1", 200)).as("the conditional write refuses a second record").isFalse();

    assertThat(log.wasDelivered("s1", "e1")).isTrue();
    assertThat(log.wasDelivered("s2", "e1")).isFalse();
    assertThat(log.wasDelivered("s1", "e2")).isFalse();
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
        .key(Map.of("pk", AttributeValue.fromS("s1#e1")))).item();
    assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(now.plus(Duration.ofDays(7)).getEpochSecond()));
    assertThat(item.get("status").n()).isEqualTo("204");
    assertThat(dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName())
        .isEqualTo("expiresAt");
  }

  @Test
  void anExpiredDeliveryRecordCountsAsAbsentBeforeTheTtlSweep() {
    String table = "deliveries-" + UUID.randomUUID();
    NotifyTables.createDeliveries(dynamo, table);
    Instant then = Instant.parse("2026-03-01T00:00:00Z");
    new DynamoDbDeliveryLog(dynamo, table, Duration.ofDays(7), Clock.fixed(then, ZoneOffset.UTC))
        .recordDelivered("s1", "e1", 200);
    DynamoDbDeliveryLog later = new DynamoDbDeliveryLog(dynamo, table, Duration.ofDays(7),
        Clock.fixed(then.plus(Duration.ofDays(8)), ZoneOffset.UTC));

    assertThat(later.wasDelivered("s1", "e1")).isFalse();
    assertThat(later.recordDelivered("s1", "e1", 200)).isTrue();
    assertThat(later.wasDelivered("s1", "e1")).isTrue();
  }
}
