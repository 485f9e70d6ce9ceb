package dev.eventpipeline.local.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalStackBackendTest {
  @Test
  void readyOnlyWhenEveryServiceWeAskedForIsUp() {
    String up = "{\"services\": {\"s3\": \"running\", \"sqs\": \"available\", \"sns\": \"available\", \"kinesis\":"
        + " \"available\", \"dynamodb\": \"available\", \"secretsmanager\": \"available\", \"kms\": \"available\","
        + " \"iam\": \"available\", \"sts\": \"available\", \"lambda\": \"disabled\"}, \"edition\": \"community\"}";
    assertThat(LocalStackBackend.ready(up)).isTrue();
    assertThat(LocalStackBackend.ready(up.replace("\"kinesis\": \"available\"", "\"kinesis\": \"initializing\"")))
        .isFalse();
    assertThat(LocalStackBackend.ready(up.replace("\"kms\": \"available\", ", ""))).isFalse();
    assertThat(LocalStackBackend.ready("{}")).isFalse();
  }

  @Test
  void withoutADockerEngineStartSaysWhatToDoInstead() {
    assumeTrue(LocalStackBackend.docker(Duration.ofSeconds(20), "info").exitCode() != 0,
        "a Docker engine is reachable here");
    assertThatThrownBy(LocalStackBackend::start).isInstanceOf(BackendException.class)
        .hasMessageContaining("--localstack needs a Docker engine and none is reachable here")
        .hasMessageContaining("run without --localstack to use moto");
  }
}
