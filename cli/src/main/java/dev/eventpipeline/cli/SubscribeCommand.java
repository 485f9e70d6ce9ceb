package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pipeline subscribe`: register a webhook subscription and print its id and secret. */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
    description = {"Register a webhook subscription and print its id and signing secret (shown only now).",
        "Deliveries are signed Standard Webhooks POSTs of the events' CloudEvent JSON (docs/webhooks.md)."})
public final class SubscribeCommand extends SubscriptionsCommand.ApiCommand {
  @Option(names = "--url", required = true, paramLabel = "URL", description = "The endpoint (http or https).")
  String url;

  @Option(names = "--events", required = true, split = ",", paramLabel = "TYPE",
      description = "Event types, comma-separated: LogBatchArchived, LogRecordsRejected, SensitiveDataDetected, "
          + "ThumbnailCreated, ThumbnailFailed, or * for all.")
  List<String> events;

  @Option(names = "--description", paramLabel = "TEXT", description = "A note for people (at most 500 characters).")
  String description;

  @Override
  public Integer call() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("url", url);
    events.stream().map(String::trim).filter(e -> !e.isEmpty()).forEach(body.putArray("events")::add);
    if (description != null) {
      body.put("description", description);
    }
    return request("subscribe", "POST", "subscriptions", body.toString(), (response, out) -> {
      JsonNode created = response.json();
      out.println("Subscription created.");
      out.println("id:     " + created.path("id").asText());
      out.println("secret: " + created.path("secret").asText());
      out.println();
      out.println("The secret is shown only now: your receiver needs it to verify the webhook-signature header "
          + "(docs/webhooks.md). `pipeline subscriptions test " + created.path("id").asText() + "` sends a test ping.");
      return 0;
    });
  }
}
