package dev.eventpipeline.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployment artifact runs the real handler: S3, SNS and Secrets Manager calls succeed from
 * target/mask-function.jar alone (so the classes this module drops from the jar are not needed).
 */
class ShadedHandlerIT {
  @Test
  void theShadedJarArchivesABatchWithHashKeyFromSecretsManager() throws Exception {
    try (MotoServer moto = MotoServer.start().configureSdkSystemProperties()) {
      AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
      S3Client s3 = clients.s3();
      s3.createBucket(b -> b.bucket("archive"));
      String topic = clients.sns().createTopic(b -> b.name("pipeline-events")).topicArn();
      String secret = clients.configure(SecretsManagerClient.builder(), "SECRETS_MANAGER")
          .createSecret(b -> b.name("mask-hash-key").secretString("smoke-test-hmac-key-0123456789")).arn();

      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", "target/mask-function.jar" + java.io.File.pathSeparator + "target/test-classes",
          ShadedHandlerSmoke.class.getName()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.putAll(moto.clientEnvironment());
      env.put("ARCHIVE_BUCKET", "archive");
      env.put("EVENTS_TOPIC_ARN", topic);
      env.put("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"HASH\"}}");
      env.put("MASK_HASH_KEY_SECRET_ARN", secret);
      Process process = pb.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(out).isZero();
      assertThat(out).contains("SMOKE OK").doesNotContain("jane@example.com");

      assertThat(s3.listObjectsV2(b -> b.bucket("archive")).contents()).extracting(S3Object::key)
          .singleElement().asString().startsWith("logs/dt=2025-11-24/hour=16/shardId-000000000000-");
    }
  }
}
