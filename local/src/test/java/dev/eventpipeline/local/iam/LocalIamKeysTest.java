package dev.eventpipeline.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The keys moto's IAM and STS issue, found with their secrets and owners; deleted and inactive ones refused. */
class LocalIamKeysTest {
  static MotoServer moto;
  static LocalAws aws;
  static IamClient iam;
  static final List<String> log = new ArrayList<>();
  static final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
  static LocalIamKeys keys;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    aws = new LocalAws(moto.endpoint(), "us-east-1");
    iam = aws.iam();
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    keys = new LocalIamKeys(moto.endpoint(), LocalAws.ACCOUNT_ID, LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY, iam,
        log::add, clock);
  }

  @AfterAll
  static void stop() {
    iam.close();
    aws.close();
    moto.close();
  }

  private static void later() {
    now.updateAndGet(t -> t.plusSeconds(5));
  }

  @Test
  void theDefaultCredentialsAreTheAccountRoot() {
    AccessKey key = keys.apply("testing").orElseThrow();

    assertThat(key.secretAccessKey()).isEqualTo("testing");
    assertThat(key.caller()).isEqualTo(new CallerIdentity("testing", "123456789012", "123456789012",
        "arn:aws:iam::123456789012:root", "123456789012"));
  }

  @Test
  void findsAUsersNewAccessKeyWithItsSecretAndOwner() {
    var user = iam.createUser(b -> b.userName("alice")).user();
    var created = iam.createAccessKey(b -> b.userName("alice")).accessKey();

    AccessKey key = keys.apply(created.accessKeyId()).orElseThrow();

    assertThat(key.secretAccessKey()).isEqualTo(created.secretAccessKey());
    assertThat(key.sessionToken()).isNull();
    assertThat(key.caller()).isEqualTo(new CallerIdentity(created.accessKeyId(), "123456789012", user.userId(),
        "arn:aws:iam::123456789012:user/alice", user.userId()));
    assertThat(key.toString()).doesNotContain(created.secretAccessKey());
  }

  @Test
  void refusesADeletedOrInactiveKey() {
    iam.createUser(b -> b.userName("bob"));
    var deleted = iam.createAccessKey(b -> b.userName("bob")).accessKey();
    var deactivated = iam.createAccessKey(b -> b.userName("bob")).accessKey();
    assertThat(keys.apply(deleted.accessKeyId())).isPresent();
    assertThat(keys.apply(deactivated.accessKeyId())).isPresent();

    iam.deleteAccessKey(b -> b.userName("bob").accessKeyId(deleted.accessKeyId()));
    iam.updateAccessKey(b -> b.userName("bob").accessKeyId(deactivated.accessKeyId()).status(StatusType.INACTIVE));
    later();

    assertThat(keys.apply(deleted.accessKeyId())).isEmpty();
    assertThat(keys.apply(deactivated.accessKeyId())).isEmpty();
  }

  @Test
  void findsTemporaryCredentialsOfAnAssumedRoleWithTheirSessionToken() {
    iam.createRole(b -> b.roleName("reader").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    Credentials credentials;
    try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
      credentials = sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/reader").roleSessionName("carol"))
          .credentials();
    }

    AccessKey key = keys.apply(credentials.accessKeyId()).orElseThrow();

    assertThat(key.secretAccessKey()).isEqualTo(credentials.secretAccessKey());
    assertThat(key.sessionToken()).isEqualTo(credentials.sessionToken());
    assertThat(key.caller().userArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/reader/carol");
    assertThat(key.caller().userId()).endsWith(":carol").isEqualTo(key.caller().callerId());
  }

  @Test
  void aKeyNobodyIssuedIsNotFound() {
    later();
    assertThat(keys.apply("AKIANOBODYISSUEDTHIS")).isEmpty();
    assertThat(log).isEmpty();
  }
}
