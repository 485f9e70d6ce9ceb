package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.Intrinsics;
import dev.eventpipeline.local.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.eventpipeline.local.cloud.CloudWatchAlarms;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What one provisioning run shares between the service provisioners: the template and its
 * intrinsics, the registry of provisioned resources (what Ref and Fn::GetAtt resolve to), the
 * backend's clients (created on first use, closed at the end) and the run's log, notes and
 * ignored resources.
 */
final class ProvisionContext implements AutoCloseable {
  final CfnTemplate template;
  final LocalAws aws;
  final String stackName;
  final LocalNames names;
  final Intrinsics intrinsics;
  final List<String> log;
  final List<String> notes = new ArrayList<>();
  final List<String> ignored = new ArrayList<>();
  /** The registry: logical id → what it was provisioned as, and its Fn::GetAtt attributes. */
  final Map<String, LocalResource> resources = new LinkedHashMap<>();
  final Map<String, Map<String, JsonNode>> attributes = new HashMap<>();

  private KinesisClient kinesis;
  private S3Client s3;
  private SqsClient sqs;
  private SnsClient sns;
  private DynamoDbClient dynamoDb;
  private SecretsManagerClient secrets;
  private KmsClient kms;
  private CloudWatchAlarms cloudWatch;

  ProvisionContext(CfnTemplate template, LocalAws aws, String stackName, List<String> log) {
    this.template = template;
    this.aws = aws;
    this.stackName = stackName;
    this.log = log;
    this.names = new LocalNames(stackName);
    this.intrinsics = new Intrinsics(template, Intrinsics.pseudoParameters(stackName, aws.region(), LocalAws.ACCOUNT_ID),
        Map.of(), new Intrinsics.References() {
          @Override
          public String ref(String logicalId) {
            LocalResource r = resources.get(logicalId);
            if (r == null) {
              throw new TemplateException("Ref to " + logicalId + " before it was provisioned");
            }
            return r.ref();
          }

          @Override
          public JsonNode attribute(String logicalId, String attribute) {
            Map<String, JsonNode> attrs = attributes.get(logicalId);
            if (attrs == null) {
              throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " before it was provisioned");
            }
            JsonNode value = attrs.get(attribute);
            if (value == null) {
              throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " is not supported locally ("
                  + template.resource(logicalId).type() + " has " + new TreeMap<>(attrs).keySet() + ")");
            }
            return value;
          }
        });
  }

  KinesisClient kinesis() {
    return kinesis == null ? kinesis = aws.kinesis() : kinesis;
  }

  S3Client s3() {
    return s3 == null ? s3 = aws.s3() : s3;
  }

  SqsClient sqs() {
    return sqs == null ? sqs = aws.sqs() : sqs;
  }

  SnsClient sns() {
    return sns == null ? sns = aws.sns() : sns;
  }

  DynamoDbClient dynamoDb() {
    return dynamoDb == null ? dynamoDb = aws.dynamoDb() : dynamoDb;
  }

  SecretsManagerClient secrets() {
    return secrets == null ? secrets = aws.secretsManager() : secrets;
  }

  KmsClient kms() {
    return kms == null ? kms = aws.kms() : kms;
  }

  CloudWatchAlarms cloudWatch() {
    return cloudWatch == null ? cloudWatch = aws.cloudWatchAlarms() : cloudWatch;
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {kinesis, s3, sqs, sns, dynamoDb, secrets, kms}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignore) {
          // closing
        }
      }
    }
  }
}
