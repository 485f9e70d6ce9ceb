package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.notify.domain.Caller;
import dev.eventpipeline.notify.domain.SubscriptionService;
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
    this(NotifyWiring.subscriptionService(Env.system()), NotifyWiring.admins(Env.system()));
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
}
