package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.notify.domain.Caller;
import dev.eventpipeline.notify.domain.InvalidRequestException;
import dev.eventpipeline.notify.domain.RedactedUrl;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.SubscriptionNotFoundException;
import dev.eventpipeline.notify.domain.SubscriptionService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription API over the function URL event format (payload 2.0): the caller from the IAM
 * request context, routing, request bodies (base64 or not, at most 64 KiB), JSON views that never show
 * a secret except on create and rotate, nor a URL's path and query except on create, and RFC 9457
 * problem+json errors.
 */
public final class SubscriptionApi {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionApi.class);
  /** Largest request body accepted. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Base of the problem type URIs (documented in docs/webhooks.md). */
  public static final String PROBLEM_BASE = "https://eventpipeline.dev/problems/";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> CREATE_FIELDS = Set.of("url", "events", "description");
  private static final Set<String> PATCH_FIELDS = Set.of("enabled", "events", "description");

  private final SubscriptionService service;
  private final Set<String> admins;

  /** @param admins principals that see every subscription, as {@link Caller#adminPrincipal} normalizes them */
  public SubscriptionApi(SubscriptionService service, Set<String> admins) {
    this.service = service;
    this.admins = Set.copyOf(admins);
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    String path = path(event);
    try {
      Caller caller = caller(event);
      String method = method(event);
      List<String> segments = segments(path);
      if (segments.isEmpty() || !segments.get(0).equals("subscriptions") || segments.size() > 3) {
        throw new ApiError(404, "not-found", "Not Found", "no such resource: " + shorten(path));
      }
      if (segments.size() == 1) {
        return switch (method) {
          case "GET" -> json(200, list(caller));
          case "POST" -> create(caller, body(event));
          default -> throw methodNotAllowed(method, "GET, POST");
        };
      }
      String id = segments.get(1);
      if (segments.size() == 2) {
        return switch (method) {
          case "GET" -> json(200, view(service.get(caller, checkedId(id)), null));
          case "PATCH" -> json(200, view(update(caller, checkedId(id), body(event)), null));
          case "DELETE" -> {
            service.delete(caller, checkedId(id));
            yield response(204, null, null);
          }
          default -> throw methodNotAllowed(method, "GET, PATCH, DELETE");
        };
      }
      String action = segments.get(2);
      if (!action.equals("rotate-secret") && !action.equals("test")) {
        throw new ApiError(404, "not-found", "Not Found", "no such resource: " + shorten(path));
      }
      if (!method.equals("POST")) {
        throw methodNotAllowed(method, "POST");
      }
      return action.equals("test") ? json(200, test(caller, checkedId(id)))
          : json(200, rotated(service.rotateSecret(caller, checkedId(id))));
    } catch (ApiError e) {
      return problem(e, path);
    } catch (SubscriptionNotFoundException e) {
      return problem(new ApiError(404, "not-found", "Not Found", e.getMessage()), path);
    } catch (InvalidRequestException e) {
      ApiError error = e.blockedTarget()
          ? new ApiError(400, "blocked-target", "Webhook target not allowed", e.getMessage())
          : new ApiError(400, "invalid-subscription", "Invalid subscription", e.getMessage());
      error.errors.addAll(e.errors());
      return problem(error, path);
    } catch (RuntimeException e) {
      LOG.error("Subscription API request failed", e);
      return problem(new ApiError(500, "internal-error", "Internal Server Error",
          "the request could not be completed; it is safe to retry"), path);
    }
  }

  /**
   * The caller the function URL authenticated (payload 2.0: requestContext.authorizer.iam, whose
   * userArn names the principal). Without one the request is refused: the URL's AWS_IAM auth type
   * always provides it, so its absence means a misconfigured URL or a request that bypassed it.
   */
  private Caller caller(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    APIGatewayV2HTTPEvent.RequestContext.IAM iam = context == null || context.getAuthorizer() == null ? null
        : context.getAuthorizer().getIam();
    if (iam == null || iam.getUserArn() == null || iam.getUserArn().isBlank()) {
      ApiError error = new ApiError(401, "unauthenticated", "Unauthenticated",
          "the request carries no IAM caller identity (requestContext.authorizer.iam.userArn): send it to the "
              + "function URL, whose auth type is AWS_IAM, signed with SigV4 for service lambda");
      error.authenticate = true;
      throw error;
    }
    try {
      return Caller.of(iam.getUserArn(), admins);
    } catch (IllegalArgumentException e) {
      ApiError error = new ApiError(401, "unauthenticated", "Unauthenticated",
          "the request's IAM caller identity is not an IAM or STS principal ARN");
      error.authenticate = true;
      throw error;
    }
  }

  private ObjectNode list(Caller caller) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode items = result.putArray("subscriptions");
    service.list(caller).forEach(s -> items.add(view(s, null)));
    return result;
  }

  private APIGatewayV2HTTPResponse create(Caller caller, JsonNode body) {
    requireObject(body);
    unknownFields(body, CREATE_FIELDS, " (fields: url, events, description)");
    List<String> errors = new ArrayList<>();
    String url = text(body, "url", true, errors);
    List<String> events = strings(body, "events", errors);
    String description = text(body, "description", false, errors);
    if (!errors.isEmpty()) {
      if (events != null) {
        errors.addAll(SubscriptionService.eventErrors(events)); // report every problem at once
      }
      throw invalid(errors);
    }
    SubscriptionService.WithSecret result = service.create(caller,
        new SubscriptionService.NewSubscription(url, events, description));
    Subscription created = result.subscription();
    ObjectNode view = view(created, result.secret());
    view.put("url", created.url()); // the full URL, this once: every later view shows only its origin
    APIGatewayV2HTTPResponse response = json(201, view);
    response.getHeaders().put("Location", "/subscriptions/" + created.id());
    return response;
  }

  private Subscription update(Caller caller, String id, JsonNode body) {
    requireObject(body);
    if (body.has("url")) {
      throw invalid(List.of("url: cannot be changed; create a new subscription and delete this one"));
    }
    unknownFields(body, PATCH_FIELDS, " (fields: enabled, events, description)");
    if (body.isEmpty()) {
      throw invalid(List.of("nothing to change: send enabled, events or description"));
    }
    List<String> errors = new ArrayList<>();
    Boolean enabled = null;
    if (body.has("enabled")) {
      if (body.get("enabled").isBoolean()) {
        enabled = body.get("enabled").booleanValue();
      } else {
        errors.add("enabled: must be true or false");
      }
    }
    List<String> events = body.has("events") ? strings(body, "events", errors) : null;
    boolean clearDescription = body.has("description") && body.get("description").isNull();
    String description = clearDescription ? null : text(body, "description", false, errors);
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return service.update(caller, id, new SubscriptionService.Changes(enabled, events, description, clearDescription));
  }

  private ObjectNode test(Caller caller, String id) {
    SubscriptionService.TestResult result = service.test(caller, id);
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("subscriptionId", id);
    node.put("webhookId", result.webhookId());
    node.put("outcome", result.outcome().name());
    if (result.status() > 0) {
      node.put("status", result.status());
    } else {
      node.putNull("status");
    }
    node.put("detail", result.detail());
    node.put("durationMs", result.millis());
    return node;
  }

  private static ObjectNode rotated(SubscriptionService.WithSecret result) {
    return view(result.subscription(), result.secret());
  }

  /**
   * The public view of a subscription: its URL without path and query ({@link RedactedUrl}), the
   * secret only when one is given (create, rotate).
   */
  static ObjectNode view(Subscription s, String secret) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", s.id());
    node.put("url", RedactedUrl.of(s.url()));
    ArrayNode events = node.putArray("events");
    s.events().forEach(events::add);
    if (s.description() != null) {
      node.put("description", s.description());
    }
    node.put("enabled", s.enabled());
    if (s.disabledReason() != null) {
      node.put("disabledReason", s.disabledReason());
    }
    node.put("createdAt", s.createdAt().toString());
    node.put("updatedAt", s.updatedAt().toString());
    if (s.owner() != null) {
      node.put("owner", s.owner());
    }
    if (s.previousSecretExpiresAt() != null && s.previousSecretExpiresAt().isAfter(s.updatedAt())) {
      node.put("previousSecretValidUntil", s.previousSecretExpiresAt().toString());
    }
    if (secret != null) {
      node.put("secret", secret);
    }
    return node;
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
        && event.getRequestContext().getHttp().getMethod() != null) {
      return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
    }
    throw new ApiError(400, "bad-request", "Bad Request", "the request has no HTTP method");
  }

  private static String path(APIGatewayV2HTTPEvent event) {
    String path = event.getRawPath();
    if ((path == null || path.isEmpty()) && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
      path = event.getRequestContext().getHttp().getPath();
    }
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static String checkedId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new SubscriptionNotFoundException(shorten(id));
    }
    return id;
  }

  /** The request body as JSON; 413 over 64 KiB (checked before decoding), 400 when absent or not JSON. */
  private static JsonNode body(APIGatewayV2HTTPEvent event) {
    String raw = event.getBody();
    if (raw == null || raw.isEmpty()) {
      throw new ApiError(400, "invalid-json", "Invalid JSON body", "a JSON object body is required");
    }
    byte[] bytes;
    if (event.getIsBase64Encoded()) {
      if (raw.length() > (MAX_BODY_BYTES + 2) / 3 * 4 + 4) {
        throw tooLarge();
      }
      try {
        bytes = Base64.getMimeDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "invalid-json", "Invalid JSON body", "the body is marked base64 but is not");
      }
    } else {
      if (raw.length() > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      bytes = raw.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new ApiError(400, "invalid-json", "Invalid JSON body", "a JSON object body is required");
      }
      return node;
    } catch (IOException e) {
      String detail = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
          ? "the body is not valid JSON (line " + jpe.getLocation().getLineNr() + ", column "
              + jpe.getLocation().getColumnNr() + ")"
          : "the body is not valid JSON";
      throw new ApiError(400, "invalid-json", "Invalid JSON body", detail);
    }
  }

  private static void requireObject(JsonNode body) {
    if (!body.isObject()) {
      throw new ApiError(400, "invalid-json", "Invalid JSON body", "the body must be a JSON object");
    }
  }

  private static void unknownFields(JsonNode body, Set<String> known, String hint) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(shorten(name));
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(List.of("unknown field(s) " + unknown + hint));
    }
  }

  private static String text(JsonNode body, String field, boolean required, List<String> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(field + ": is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      errors.add(field + ": must be a string");
      return null;
    }
    return value.textValue();
  }

  private static List<String> strings(JsonNode body, String field, List<String> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      errors.add(field + ": is required (an array of event type names, or [\"*\"])");
      return null;
    }
    if (!value.isArray()) {
      errors.add(field + ": must be an array of event type names, or [\"*\"]");
      return null;
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        errors.add(field + ": every item must be a string");
        return null;
      }
      items.add(item.textValue());
    }
    return items;
  }

  private static ApiError invalid(List<String> errors) {
    ApiError error = new ApiError(400, "invalid-subscription", "Invalid subscription", String.join("; ", errors));
    error.errors.addAll(errors);
    return error;
  }

  private static ApiError tooLarge() {
    return new ApiError(413, "payload-too-large", "Payload Too Large",
        "the request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static ApiError methodNotAllowed(String method, String allowed) {
    ApiError error = new ApiError(405, "method-not-allowed", "Method Not Allowed",
        shorten(method) + " is not supported here; allowed: " + allowed);
    error.allow = allowed;
    return error;
  }

  private static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
    return response(status, "application/json", body);
  }

  private static APIGatewayV2HTTPResponse problem(ApiError error, String path) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("type", PROBLEM_BASE + error.type);
    node.put("title", error.title);
    node.put("status", error.status);
    node.put("detail", error.getMessage());
    node.put("instance", shorten(path));
    if (!error.errors.isEmpty()) {
      ArrayNode errors = node.putArray("errors");
      error.errors.forEach(errors::add);
    }
    APIGatewayV2HTTPResponse response = response(error.status, "application/problem+json", node);
    if (error.allow != null) {
      response.getHeaders().put("Allow", error.allow);
    }
    if (error.authenticate) {
      response.getHeaders().put("WWW-Authenticate", "AWS4-HMAC-SHA256");
    }
    return response;
  }

  private static APIGatewayV2HTTPResponse response(int status, String contentType, JsonNode body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    headers.put("Cache-Control", "no-store"); // responses can carry a secret
    String text;
    try {
      text = body == null ? null : Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(text)
        .withIsBase64Encoded(false).build();
  }

  private static String shorten(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "…" : text;
  }

  /** An error answered as problem+json. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final String title;
    final List<String> errors = new ArrayList<>();
    String allow;
    boolean authenticate;

    ApiError(int status, String type, String title, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.type = type;
      this.title = title;
    }
  }
}
