package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.notify.adapter.DynamoDbSubscriptionStore;
import dev.eventpipeline.notify.adapter.KmsSecretCipher;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Caller;
import dev.eventpipeline.notify.domain.SubscriptionService;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.settings.EnvVars;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the subscription API, served by a function URL with AWS_IAM auth (payload
 * format 2.0): POST/GET /subscriptions, GET/PATCH/DELETE /subscriptions/{id},
 * POST /subscriptions/{id}/rotate-secret, POST /subscriptions/{id}/test.
 */
public final class SubscriptionApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionApiHandler.class);

  private final SubscriptionApi api;

  /** Wires the real adapters from the environment (docs/functions.md). */
  public SubscriptionApiHandler() {
    this(service(Env.system()), admins(Env.system()));
    NotifyPriming.registerApi(WebhookSettings.from(Env.system()));
  }

  /** For tests: the API over a service built from ports, without admins. */
  public SubscriptionApiHandler(SubscriptionService service) {
    this(service, Set.of());
  }

  /** For tests: the API over a service built from ports; {@code admins} as {@link Caller#adminPrincipal} gives them. */
  public SubscriptionApiHandler(SubscriptionService service, Set<String> admins) {
    this.api = new SubscriptionApi(service, admins);
  }

  /** SUBSCRIPTION_ADMINS: comma-separated IAM ARNs (roles, users, the account root) that see every subscription. */
  static Set<String> admins(Env env) {
    Set<String> admins = new LinkedHashSet<>();
    for (String arn : env.list(EnvVars.SUBSCRIPTION_ADMINS, List.of())) {
      try {
        admins.add(Caller.adminPrincipal(arn));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(EnvVars.SUBSCRIPTION_ADMINS, "Invalid value for environment variable "
            + EnvVars.SUBSCRIPTION_ADMINS + ": '" + arn + "' (expected comma-separated IAM ARNs of roles, users or"
            + " an account root)");
      }
    }
    return admins;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      APIGatewayV2HTTPResponse response = api.handle(event);
      LOG.info("{} {} -> {}", method(event), event.getRawPath(), response.getStatusCode());
      return response;
    }
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    return event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? "?"
        : event.getRequestContext().getHttp().getMethod();
  }

  private static SubscriptionService service(Env env) {
    WebhookSettings settings = WebhookSettings.from(env);
    String keyId = env.required(EnvVars.SUBSCRIPTIONS_KEY_ID);
    TargetPolicy targets = new TargetPolicy(settings.allowedPorts(),
        new AddressPolicy(settings.allowPrivateTargets()), HostResolver.system());
    AwsClients clients = AwsClients.from(env);
    // No cache: the API opens a secret only for a test ping.
    return new SubscriptionService(
        new DynamoDbSubscriptionStore(clients.dynamoDb(), settings.subscriptionsTable()),
        new KmsSecretCipher(WebhookSettings.kms(clients), keyId),
        targets, new SocketWebhookSender(settings.connectTimeout(), settings.totalTimeout()), Clock.systemUTC());
  }
}
