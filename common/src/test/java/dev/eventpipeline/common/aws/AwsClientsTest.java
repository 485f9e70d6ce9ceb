package dev.eventpipeline.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsClientsTest {
  @Test
  void regionIsRequired() {
    assertThatThrownBy(() -> AwsClients.from(Env.of(Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("AWS_REGION");
  }

  @Test
  void serviceSpecificEndpointWinsOverGlobal() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1",
        "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));
    assertThat(clients.endpointFor("S3")).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(clients.endpointFor("KINESIS")).contains(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void noEndpointMeansRealAws() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1")));
    assertThat(clients.endpointFor("SNS")).isEmpty();
  }

  @Test
  void ignoreConfiguredEndpointsIsHonoured() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1",
        "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
    assertThat(clients.endpointFor("SQS")).isEmpty();
  }

  @Test
  void invalidEndpointFailsNamingTheVariable() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "localhost")));
    assertThatThrownBy(() -> clients.endpointFor("S3")).hasMessageContaining("AWS_ENDPOINT_URL");
  }

  @Test
  void s3UsesPathStyleAgainstAnOverriddenEndpoint() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "us-east-1",
        "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b")));
    try (var s3 = clients.s3()) {
      var url = s3.utilities().getUrl(b -> b.bucket("uploads").key("a b.jpg"));
      assertThat(url.toString()).isEqualTo("http://127.0.0.1:4566/uploads/a%20b.jpg");
    }
  }

  @Test
  void credentialsComeFromTheEnvironmentsKeysWithoutProbingAChain() {
    var provider = AwsClients.credentialsFor(Env.of(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token")));
    var credentials = provider.resolveCredentials();
    assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
    assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("token");
  }

  @Test
  void snapStartFunctionsUseLambdasContainerCredentials() {
    assertThat(AwsClients.credentialsFor(Env.of(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds",
        "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"))))
        .isInstanceOf(ContainerCredentialsProvider.class);
    assertThat(AwsClients.credentialsFor(Env.of(Map.of()))).isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void configureKeepsTheCallersCredentialsAndTheNamedClientsUseTheEnvironments() {
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDENV",
        "AWS_SECRET_ACCESS_KEY", "env")));
    var mine = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDMINE", "mine"));
    try (var sqs = clients.configure(software.amazon.awssdk.services.sqs.SqsClient.builder().credentialsProvider(mine), "SQS");
         var sns = clients.sns()) {
      assertThat(sqs.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId())
          .isEqualTo("AKIDMINE");
      assertThat(sns.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId())
          .isEqualTo("AKIDENV");
    }
  }
}
