package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import org.junit.jupiter.api.Test;

class EventPatternsTest {
  private static final String EVENT = "{\"source\":\"aws.cloudwatch\",\"detail-type\":\"CloudWatch Alarm State Change\","
      + "\"resources\":[\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:A\"],"
      + "\"detail\":{\"alarmName\":\"A\",\"state\":{\"value\":\"ALARM\"},\"count\":3}}";

  @Test
  void matchesExactValuesNestedObjectsAndArraysOfTheEvent() {
    assertThat(matches("{\"source\":[\"aws.cloudwatch\"],\"detail-type\":[\"CloudWatch Alarm State Change\"],"
        + "\"resources\":[\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:B\",\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:A\"],"
        + "\"detail\":{\"state\":{\"value\":[\"ALARM\"]}}}")).isTrue();
    assertThat(matches("{\"detail\":{\"state\":{\"value\":[\"OK\"]}}}")).isFalse();
    assertThat(matches("{\"resources\":[\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:B\"]}")).isFalse();
    assertThat(matches("{\"detail\":{\"missing\":[\"x\"]}}")).isFalse();
    assertThat(matches("{\"detail\":{\"count\":[3]}}")).isTrue();
  }

  @Test
  void supportsPrefixSuffixExistsAndAnythingBut() {
    assertThat(matches("{\"source\":[{\"prefix\":\"aws.\"}]}")).isTrue();
    assertThat(matches("{\"source\":[{\"suffix\":\".s3\"}]}")).isFalse();
    assertThat(matches("{\"detail\":{\"alarmName\":[{\"exists\":true}],\"other\":[{\"exists\":false}]}}")).isTrue();
    assertThat(matches("{\"detail\":{\"state\":{\"value\":[{\"anything-but\":[\"OK\",\"INSUFFICIENT_DATA\"]}]}}}")).isTrue();
    assertThat(matches("{\"detail\":{\"state\":{\"value\":[{\"anything-but\":\"ALARM\"}]}}}")).isFalse();
  }

  private static boolean matches(String pattern) {
    try {
      JsonNode p = Json.MAPPER.readTree(pattern);
      return EventPatterns.matches(p, Json.MAPPER.readTree(EVENT));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
