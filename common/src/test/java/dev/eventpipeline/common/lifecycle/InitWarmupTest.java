package dev.eventpipeline.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class InitWarmupTest {
  @Test
  void buildsTheJdksDefaultTrustManagersOnItsOwnThreadForTheHttpClient() {
    InitWarmup.startNow();
    InitWarmup.startNow(); // once per JVM

    var trust = InitWarmup.defaultTrustManagers();
    assertThat(trust).isNotEmpty();
    assertThat(trust[0]).isInstanceOfSatisfying(X509TrustManager.class,
        tm -> assertThat(tm.getAcceptedIssuers()).hasSizeGreaterThan(10));
    // the clients are built with them (and still build when the warm-up has run)
    AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "a",
        "AWS_SECRET_ACCESS_KEY", "b")));
    try (var sns = clients.sns()) {
      assertThat(sns.serviceName()).isEqualTo("sns");
    }
  }
}
