package dev.eventpipeline.enrich.domain;

/** The service a CloudWatch Logs log group belongs to, from the naming conventions AWS uses. */
public final class LogGroups {
  private static final String LAMBDA = "/aws/lambda/";
  private static final String AWS_ECS = "/aws/ecs/";
  private static final String ECS = "/ecs/";
  private static final String EKS = "/aws/eks/";
  private static final String API_GATEWAY = "API-Gateway-Execution-Logs_";

  private LogGroups() {}

  /**
   * <ul>
   *   <li>{@code /aws/lambda/NAME} → NAME (Lambda@Edge's {@code /aws/lambda/us-east-1.NAME} → NAME)
   *   <li>{@code /ecs/NAME[/...]} and {@code /aws/ecs/NAME[/...]} → NAME (not Container Insights'
   *       {@code /aws/ecs/containerinsights/...}, which holds metrics, not a service's logs)
   *   <li>{@code /aws/eks/CLUSTER/...} → CLUSTER (control-plane and cluster-level logs)
   *   <li>{@code API-Gateway-Execution-Logs_APIID/STAGE} → {@code apigateway/APIID}
   * </ul>
   * Anything else (including an empty name after the prefix): null.
   */
  public static String serviceOf(String logGroup) {
    if (logGroup == null) {
      return null;
    }
    if (logGroup.startsWith(LAMBDA)) {
      String name = segment(logGroup, LAMBDA.length());
      return name == null ? null : stripEdgeRegion(name);
    }
    if (logGroup.startsWith(AWS_ECS)) {
      String name = segment(logGroup, AWS_ECS.length());
      return "containerinsights".equals(name) ? null : name;
    }
    if (logGroup.startsWith(ECS)) {
      return segment(logGroup, ECS.length());
    }
    if (logGroup.startsWith(EKS)) {
      return segment(logGroup, EKS.length());
    }
    if (logGroup.startsWith(API_GATEWAY)) {
      String apiId = segment(logGroup, API_GATEWAY.length());
      return apiId == null ? null : "apigateway/" + apiId;
    }
    return null;
  }

  /** The text from {@code from} to the next '/' (or the end); null when empty. */
  private static String segment(String s, int from) {
    int slash = s.indexOf('/', from);
    int end = slash < 0 ? s.length() : slash;
    return end > from ? s.substring(from, end) : null;
  }

  /** "us-east-1.my-fn" → "my-fn": Lambda@Edge replicas log under the edge region's name. */
  private static String stripEdgeRegion(String name) {
    int dot = name.indexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return name;
    }
    int dashes = 0;
    for (int i = 0; i < dot; i++) {
      char c = name.charAt(i);
      if (c == '-') {
        dashes++;
      } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return name;
      }
    }
    char last = name.charAt(dot - 1);
    return dashes >= 2 && last >= '0' && last <= '9' ? name.substring(dot + 1) : name;
  }
}
