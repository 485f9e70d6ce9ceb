package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.infra.constructs.QuarantineRawStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * Raw copies of what ingest quarantines: none by default; with {@code -c quarantineRaw=true} a bucket
 * of their own (customer managed key with rotation, public access blocked, TLS only, access logs, expiry
 * of at most 7 days), readable only through the reader role the stack outputs, and ingest allowed to
 * put objects there and nothing else.
 */
class QuarantineRawTest {
  /** The opt-in as ContractTest synthesizes it too (one synthesis per JVM), with a deployer policy. */
  static final Map<String, Object> OPT_IN = Map.of(
      "quarantineRaw", "true",
      "mask.policy", "{\"sensitiveKeys\":[\"x-session-key\"]}");

  private static EventPipelineApp.Synthesis synth;
  private static Template template;
  private static Map<String, Map<String, Object>> resources;
  private static Template defaults;
  private static Map<String, Map<String, Object>> defaultResources;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void synthesizeBoth() {
    synth = TestSynthesis.with(OPT_IN);
    template = Template.fromStack(synth.stack());
    resources = (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    defaults = Template.fromStack(TestSynthesis.defaults().stack());
    defaultResources = (Map<String, Map<String, Object>>) (Map<?, ?>) defaults.toJSON().get("Resources");
  }

  private static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  private static Map<String, Object> arnOf(String logicalId) {
    return Map.of("Fn::GetAtt", List.of(logicalId, "Arn"));
  }

  private static Map<String, Object> objectsOf(String bucket) {
    return Map.of("Fn::Join", List.of("", List.of(arnOf(bucket), "/*")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(String logicalId) {
    Map<String, Object> resource = resources.get(logicalId);
    assertThat(resource).as("resource %s", logicalId).isNotNull();
    return (Map<String, Object>) resource.get("Properties");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ingestEnvironment(Map<String, Map<String, Object>> in) {
    Map<String, Object> p = (Map<String, Object>) in.get("IngestFunction").get("Properties");
    return (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
  }

  // --- the default: nothing raw anywhere ---

  @Test
  void byDefaultThereIsNoRawBucketKeyOrReaderRoleAndIngestKnowsOfNoRawBucket() {
    assertThat(defaultResources.keySet()).noneMatch(id -> id.startsWith("QuarantineRaw"));
    defaults.resourceCountIs("AWS::S3::Bucket", 5);
    defaults.resourceCountIs("AWS::KMS::Key", 2); // the alarm topic's and the webhook secrets'
    assertThat(defaults.findOutputs("*").keySet()).noneMatch(k -> k.startsWith("QuarantineRaw"));
    assertThat(ingestEnvironment(defaultResources)).doesNotContainKeys("QUARANTINE_RAW_BUCKET", "MASK_POLICY");
    assertThat(defaults.toJSON().toString()).doesNotContain("kms:GenerateDataKey\"");
  }

  // --- the opt-in ---

  @Test
  void theOptInSynthesizesWithoutUnsuppressedNagFindingsOrCdkWarnings() {
    assertThat(synth.blocking()).isEmpty();
    assertThat(synth.annotations()).as("CDK and nag annotations").isEmpty();
  }

  @Test
  void theRawBucketIsEncryptedWithItsOwnRotatedCustomerManagedKey() {
    template.resourceCountIs("AWS::S3::Bucket", 6);
    assertThat(properties("QuarantineRawBucket")).containsEntry("BucketEncryption", Map.of(
        "ServerSideEncryptionConfiguration", List.of(Map.of(
            "BucketKeyEnabled", true,
            "ServerSideEncryptionByDefault", Map.of(
                "SSEAlgorithm", "aws:kms", "KMSMasterKeyID", arnOf("QuarantineRawKey"))))));
    assertThat(properties("QuarantineRawKey")).containsEntry("EnableKeyRotation", true)
        .containsEntry("PendingWindowInDays", 7);
    // the other buckets stay SSE-S3
    for (String bucket : List.of("UploadsBucket", "ThumbnailsBucket", "ArchiveBucket", "ReferenceDataBucket",
        "AccessLogsBucket")) {
      assertThat(properties(bucket).get("BucketEncryption").toString()).contains("AES256");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theKeyPolicyOnlyHandsTheKeyToTheAccountSoIamDecidesWhoUsesIt() {
    Map<String, Object> policy = (Map<String, Object>) properties("QuarantineRawKey").get("KeyPolicy");
    assertThat((List<Object>) policy.get("Statement")).containsExactly(Map.of(
        "Action", "kms:*",
        "Effect", "Allow",
        "Principal", Map.of("AWS", "arn:aws:iam::" + EventPipelineApp.DEFAULT_ACCOUNT + ":root"),
        "Resource", "*"));
  }

  @Test
  void theRawBucketBlocksPublicAccessLogsAccessAndIsNotVersioned() {
    assertThat(properties("QuarantineRawBucket"))
        .containsEntry("PublicAccessBlockConfiguration", Map.of(
            "BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true))
        .containsEntry("LoggingConfiguration", Map.of(
            "DestinationBucketName", ref("AccessLogsBucket"), "LogFilePrefix", "QuarantineRawBucket/"))
        .doesNotContainKey("VersioningConfiguration");
  }

  @Test
  void rawCopiesExpireAfterAtMostSevenDays() {
    assertThat(properties("QuarantineRawBucket")).containsEntry("LifecycleConfiguration", Map.of("Rules", List.of(
        Map.of("Id", "expire-raw-copies", "ExpirationInDays", 7, "Status", "Enabled"),
        Map.of("Id", "abort-incomplete-uploads", "Status", "Enabled",
            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)))));
  }

  @Test
  void theBucketPolicyRefusesRequestsWithoutTlsAndReadsByAnyoneButTheReaderRole() {
    template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
        "Bucket", ref("QuarantineRawBucket"),
        "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
            Match.objectLike(Map.of(
                "Effect", "Deny", "Action", "s3:*",
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
            Match.objectLike(Map.of(
                "Effect", "Deny", "Action", "s3:*",
                "Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2)))),
            Map.of(
                "Sid", "OnlyTheReaderRoleReadsRawCopies",
                "Effect", "Deny",
                "Principal", Map.of("AWS", "*"),
                "Action", List.of("s3:GetObject", "s3:GetObjectVersion"),
                "Resource", objectsOf("QuarantineRawBucket"),
                "Condition", Map.of("ArnNotEquals", Map.of(
                    "aws:PrincipalArn", arnOf("QuarantineRawReaderRole"))))))))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReaderRoleIsAssumedByTheAccountAndMayOnlyGetListAndDecrypt() {
    Map<String, Object> role = properties("QuarantineRawReaderRole");
    assertThat(role).containsEntry("AssumeRolePolicyDocument", Map.of(
        "Statement", List.of(Map.of(
            "Action", "sts:AssumeRole",
            "Effect", "Allow",
            "Principal", Map.of("AWS", "arn:aws:iam::" + EventPipelineApp.DEFAULT_ACCOUNT + ":root"))),
        "Version", "2012-10-17"));
    assertThat(role).containsEntry("MaxSessionDuration", 3600).doesNotContainKeys("ManagedPolicyArns", "Policies");
    Map<String, Object> policy = properties("QuarantineRawReaderRolePolicy");
    assertThat(policy.get("Roles")).isEqualTo(List.of(ref("QuarantineRawReaderRole")));
    assertThat((List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement"))
        .containsExactlyInAnyOrder(
            Map.of("Action", "s3:GetObject", "Effect", "Allow", "Resource", objectsOf("QuarantineRawBucket")),
            Map.of("Action", "s3:ListBucket", "Effect", "Allow", "Resource", arnOf("QuarantineRawBucket")),
            Map.of("Action", "kms:Decrypt", "Effect", "Allow", "Resource", arnOf("QuarantineRawKey")));
    // the only identity policy attached to the role
    template.resourcePropertiesCountIs("AWS::IAM::Policy",
        Map.of("Roles", List.of(ref("QuarantineRawReaderRole"))), 1);
  }

  @Test
  void ingestLearnsTheRawBucketAndTheDeployersPolicyFromItsEnvironment() {
    assertThat(ingestEnvironment(resources))
        .containsEntry("QUARANTINE_RAW_BUCKET", ref("QuarantineRawBucket"))
        .containsEntry("QUARANTINE_BUCKET", ref("ArchiveBucket"))
        .containsEntry("MASK_POLICY", "{\"sensitiveKeys\":[\"x-session-key\"]}");
  }

  @Test
  void ingestMayOnlyPutObjectsUnderItsKeysAndGenerateDataKeysNeverRead() {
    Set<String> onRawBucket = new TreeSet<>();
    Set<String> onKey = new TreeSet<>();
    for (Map<?, ?> statement : statements("IngestFunctionRolePolicy")) {
      for (Object resource : asList(statement.get("Resource"))) {
        String text = resource.toString();
        if (text.contains("QuarantineRawBucket")) {
          assertThat(resource).isEqualTo(Map.of("Fn::Join", List.of("",
              List.of(arnOf("QuarantineRawBucket"), "/quarantine/ingest/*"))));
          onRawBucket.addAll(strings(statement.get("Action")));
        }
        if (text.contains("QuarantineRawKey")) {
          assertThat(resource).isEqualTo(arnOf("QuarantineRawKey"));
          onKey.addAll(strings(statement.get("Action")));
        }
      }
    }
    assertThat(onRawBucket).containsExactly("s3:PutObject");
    assertThat(onKey).containsExactly("kms:GenerateDataKey");
  }

  @Test
  void noOtherFunctionTouchesTheRawBucketOrItsKeyOrKnowsOfIt() {
    for (FunctionId id : FunctionId.values()) {
      if (id != FunctionId.INGEST) {
        assertThat(resources.get(id.logicalName() + "FunctionRolePolicy").toString()).as(id.name())
            .doesNotContain("QuarantineRaw");
      }
    }
    resources.forEach((id, r) -> {
      if ("AWS::Lambda::Function".equals(r.get("Type")) && !id.equals("IngestFunction")) {
        assertThat(String.valueOf(r.get("Properties"))).as(id).doesNotContain("QUARANTINE_RAW_BUCKET");
      }
    });
  }

  @Test
  void theBucketNameAndTheReaderRoleArnAreStackOutputs() {
    template.hasOutput("QuarantineRawBucketName", Map.of("Value", ref("QuarantineRawBucket")));
    template.hasOutput("QuarantineRawReaderRoleArn", Map.of("Value", arnOf("QuarantineRawReaderRole")));
  }

  // --- settings reach the construct ---

  @Test
  void theConfiguredReadersMayAssumeTheRoleAndTheConfiguredExpiryApplies() {
    Stack stack = new Stack(new App(software.amazon.awscdk.AppProps.builder()
        .outdir(java.nio.file.Path.of("target/test-cdk-out/raw-store-only").toAbsolutePath().toString()).build()),
        "RawStoreOnly");
    Bucket logs = new Bucket(stack, "Logs");
    new QuarantineRawStore(stack, "QuarantineRaw", new QuarantineRawStore.Props(logs,
        new PipelineSettings.QuarantineRaw(true, 3, List.of("arn:aws:iam::111122223333:role/incident-responder",
            "arn:aws:iam::111122223333:user/alice")), false));
    Template t = Template.fromStack(stack);

    // each reader gets sts:AssumeRole (one statement each, or one merged where policies are minimized)
    Set<String> trusted = new TreeSet<>();
    t.findResources("AWS::IAM::Role").values().forEach(role -> {
      Map<?, ?> doc = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) role).get("Properties")).get("AssumeRolePolicyDocument");
      for (Object st : asList(doc.get("Statement"))) {
        Map<?, ?> statement = (Map<?, ?>) st;
        assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
        assertThat(statement.get("Effect")).isEqualTo("Allow");
        trusted.addAll(strings(((Map<?, ?>) statement.get("Principal")).get("AWS")));
      }
    });
    assertThat(trusted).containsExactlyInAnyOrder("arn:aws:iam::111122223333:role/incident-responder",
        "arn:aws:iam::111122223333:user/alice");
    t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("LifecycleConfiguration", Map.of("Rules",
        Match.arrayWith(List.of(Map.of("Id", "expire-raw-copies", "ExpirationInDays", 3, "Status", "Enabled")))))));
    t.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
  }

  // --- helpers ---

  @SuppressWarnings("unchecked")
  private static List<Map<?, ?>> statements(String policyId) {
    Map<String, Object> document = (Map<String, Object>) properties(policyId).get("PolicyDocument");
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object s : asList(document.get("Statement"))) {
      out.add((Map<?, ?>) s);
    }
    return out;
  }

  private static List<?> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static List<String> strings(Object value) {
    return asList(value).stream().map(String::valueOf).toList();
  }
}
