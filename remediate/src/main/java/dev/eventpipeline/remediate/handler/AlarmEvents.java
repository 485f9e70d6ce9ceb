package dev.eventpipeline.remediate.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.remediate.domain.AlarmStateChange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads EventBridge's CloudWatch alarm state change event ({@code source} aws.cloudwatch, {@code detail-type}
 * CloudWatch Alarm State Change): {@code detail.alarmName}, {@code detail.state.value},
 * {@code detail.state.timestamp} (CloudWatch writes {@code 2026-12-07T13:01:02.345+0000}).
 */
final class AlarmEvents {
  static final String SOURCE = "aws.cloudwatch";
  static final String DETAIL_TYPE = "CloudWatch Alarm State Change";
  private static final DateTimeFormatter CLOUDWATCH = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private AlarmEvents() {}

  static AlarmStateChange parse(JsonNode event) {
    if (!SOURCE.equals(event.path("source").asText()) || !DETAIL_TYPE.equals(event.path("detail-type").asText())) {
      throw new IllegalArgumentException("not a CloudWatch alarm state change: source '"
          + event.path("source").asText() + "', detail-type '" + event.path("detail-type").asText() + "'");
    }
    JsonNode detail = event.path("detail");
    String name = detail.path("alarmName").asText("");
    String state = detail.path("state").path("value").asText("");
    if (name.isEmpty() || state.isEmpty()) {
      throw new IllegalArgumentException("alarm state change without detail.alarmName or detail.state.value");
    }
    String arn = event.path("resources").path(0).asText(null);
    return new AlarmStateChange(name, arn, state, detail.path("previousState").path("value").asText(null),
        timestamp(detail.path("state").path("timestamp").asText(event.path("time").asText(""))));
  }

  static Instant timestamp(String text) {
    try {
      return OffsetDateTime.parse(text, CLOUDWATCH).toInstant();
    } catch (DateTimeParseException notCloudWatchs) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("unreadable state timestamp '" + text + "'");
      }
    }
  }
}
