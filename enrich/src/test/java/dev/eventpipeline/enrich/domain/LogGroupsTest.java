package dev.eventpipeline.enrich.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogGroupsTest {

  @ParameterizedTest
  @CsvSource({
      "/aws/lambda/orders, orders",
      "/aws/lambda/orders-prod-OrdersFunction-1X2Y3Z, orders-prod-OrdersFunction-1X2Y3Z",
      "/aws/lambda/us-east-1.edge-auth, edge-auth",
      "/aws/lambda/my.dotted.fn, my.dotted.fn",
      "/ecs/web-frontend, web-frontend",
      "/ecs/web-frontend/nginx, web-frontend",
      "/aws/ecs/billing, billing",
      "/aws/ecs/billing/worker, billing",
      "/aws/eks/prod-cluster/cluster, prod-cluster",
      "/aws/eks/prod-cluster/application/shop, prod-cluster",
      "API-Gateway-Execution-Logs_a1b2c3d4e5/prod, apigateway/a1b2c3d4e5",
  })
  void derivesTheServiceFromAwsLogGroupConventions(String logGroup, String service) {
    assertThat(LogGroups.serviceOf(logGroup)).isEqualTo(service);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/aws/lambda/", "/aws/lambda", "/ecs/", "/aws/ecs/containerinsights/prod/performance", "/aws/eks/",
      "/aws/lambda-insights", "/aws/rds/instance/db/postgresql", "API-Gateway-Execution-Logs_", "my-app-logs",
      "aws/lambda/orders", "/aws/lambdax/orders", "/ecsx/orders", "",
  })
  void namesNoServiceForOtherLogGroups(String logGroup) {
    assertThat(LogGroups.serviceOf(logGroup)).isNull();
  }
}
