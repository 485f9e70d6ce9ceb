package dev.eventpipeline.remediate.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.remediate.domain.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The ledger's conditional writes against moto's DynamoDB: the same contract as RemediatorTest's in-memory ledger. */
class DynamoDbAttemptLedgerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T13:00:00.250Z");
  private static MotoServer moto;
  private static DynamoDbClient dynamo;
  private static DynamoDbAttemptLedger ledger;

  @BeforeAll
  static void start() {
    moto = MotoServer.start().configureSdkSystemProperties();
    dynamo = AwsClients.from(Env.of(moto.clientEnvironment())).dynamoDb();
    dynamo.createTable(b -> b.tableName("RemediationLedger").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName(DynamoDbAttemptLedger.PK).attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbAttemptLedger.SK).attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName(DynamoDbAttemptLedger.PK).keyType(KeyType.HASH),
            k -> k.attributeName(DynamoDbAttemptLedger.SK).keyType(KeyType.RANGE)));
    ledger = new DynamoDbAttemptLedger(dynamo, "RemediationLedger");
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  @Test
  void aStateChangeIsClaimedOnceAndACompletedOneNeverAgain() {
    assertThat(ledger.claim("a1", T0, T0, T0.minusSeconds(360))).isTrue();
    assertThat(ledger.claim("a1", T0, T0.plusSeconds(1), T0.minusSeconds(359))).isFalse();
    ledger.complete("a1", T0, Outcome.REDRIVEN);
    assertThat(ledger.claim("a1", T0, T0.plusSeconds(3600), T0.plusSeconds(3000))).isFalse();
  }

  @Test
  void aStaleUncompletedClaimIsTakenOver() {
    assertThat(ledger.claim("a2", T0, T0, T0.minusSeconds(360))).isTrue();
    assertThat(ledger.claim("a2", T0, T0.plusSeconds(400), T0.plusSeconds(40))).isTrue();
  }

  @Test
  void countsAttemptsAndClaimsInProgressButNotNotificationsOrTheChangeItself() {
    ledger.claim("a3", T0, T0, T0);
    ledger.complete("a3", T0, Outcome.REDRIVEN);
    ledger.claim("a3", T0.plusSeconds(60), T0.plusSeconds(60), T0);
    ledger.complete("a3", T0.plusSeconds(60), Outcome.AT_BOUND);
    ledger.claim("a3", T0.plusSeconds(120), T0.plusSeconds(120), T0); // in progress
    ledger.claim("a3", T0.plusSeconds(180), T0.plusSeconds(180), T0); // the change being handled

    assertThat(ledger.attemptsSince("a3", T0, T0.plusSeconds(180))).isEqualTo(2);
    assertThat(ledger.attemptsSince("a3", T0.plusSeconds(1), T0.plusSeconds(180))).isEqualTo(1);
    assertThat(ledger.attemptsSince("other", T0, T0)).isZero();
  }
}
