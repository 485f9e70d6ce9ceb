package dev.eventpipeline.remediate.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.remediate.domain.AlarmStateChange;
import dev.eventpipeline.remediate.domain.RedriveCounts;
import dev.eventpipeline.remediate.domain.RemediationPolicy;
import dev.eventpipeline.remediate.domain.RemediationTarget;
import dev.eventpipeline.remediate.domain.Remediator;
import dev.eventpipeline.remediate.domain.StreamCapacity;
import dev.eventpipeline.remediate.port.AttemptLedger;
import dev.eventpipeline.remediate.port.StreamScaler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediateHandlerTest {
  private static final String ALARM = "EventPipeline-ThumbnailJobsDlqNotEmpty";

  @Test
  void readsEventBridgesAlarmStateChangeWithCloudWatchsTimestampFormat() throws Exception {
    AlarmStateChange change = AlarmEvents.parse(sample());

    assertThat(change.alarmName()).isEqualTo(ALARM);
    assertThat(change.state()).isEqualTo("ALARM");
    assertThat(change.previousState()).isEqualTo("OK");
    assertThat(change.changedAt()).isEqualTo(Instant.parse("2026-12-07T13:02:11.402Z"));
    assertThat(change.alarmArn()).endsWith(":alarm:" + ALARM);
  }

  @Test
  void refusesOtherEvents() {
    assertThatThrownBy(() -> AlarmEvents.parse(Json.MAPPER.readTree(
        "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}")))
        .hasMessageContaining("not a CloudWatch alarm state change");
  }

  @Test
  void handlesTheEventAndAnswersWhatItDid() throws Exception {
    List<String> redriven = new ArrayList<>();
    Remediator remediator = new Remediator(Map.of(ALARM, new RemediationTarget.Redrive(ALARM,
        "http://127.0.0.1:4566/123456789012/EventPipeline-ThumbnailJobsDlq",
        "http://127.0.0.1:4566/123456789012/EventPipeline-ThumbnailJobsQueue")),
        new RemediationPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(900)), alwaysNewLedger(),
        (target, delay) -> {
          redriven.add(target.resource());
          return new RedriveCounts(1, 0, 0, List.of());
        }, noStreams(), events -> { }, Clock.systemUTC(), Duration.ofMinutes(6));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (InputStream in = getClass().getResourceAsStream("/events/alarm-state-change.json")) {
      new RemediateHandler(remediator).handleRequest(in, out, null);
    }

    assertThat(redriven).containsExactly("EventPipeline-ThumbnailJobsDlq");
    JsonNode answer = Json.MAPPER.readTree(out.toByteArray());
    assertThat(answer.path("remediation").path("outcome").asText()).isEqualTo("REDRIVEN");
    assertThat(answer.path("remediation").path("delaySeconds").asInt()).isEqualTo(30);
  }

  @Test
  void targetsAreReadFromTheirJsonVariable() {
    Map<String, RemediationTarget> t = RemediateConfig.targets("[{\"alarm\":\"a\",\"dlq\":\"http://q/d\",\"source\":"
        + "\"http://q/s\"},{\"alarm\":\"b\",\"dlq\":\"http://q/k\"},{\"alarm\":\"c\",\"stream\":\"s\",\"minShards\":1,"
        + "\"maxShards\":4}]");

    assertThat(t.get("a")).isEqualTo(new RemediationTarget.Redrive("a", "http://q/d", "http://q/s"));
    assertThat(((RemediationTarget.Redrive) t.get("b")).kinesisReplay()).isTrue();
    assertThat(t.get("c")).isEqualTo(new RemediationTarget.ScaleStream("c", "s", 1, 4));
  }

  @Test
  void invalidTargetsFailNamingTheVariable() {
    assertThatThrownBy(() -> RemediateConfig.targets("{}")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("REMEDIATION_TARGETS");
    assertThatThrownBy(() -> RemediateConfig.targets("[{\"alarm\":\"c\",\"stream\":\"s\",\"minShards\":4,"
        + "\"maxShards\":2}]")).hasMessageContaining("REMEDIATION_TARGETS").hasMessageContaining("1 <= min <= max");
    assertThatThrownBy(() -> RemediateConfig.targets("[{\"alarm\":\"x\"}]"))
        .hasMessageContaining("neither a dlq nor a stream");
  }

  private static JsonNode sample() throws Exception {
    try (InputStream in = RemediateHandlerTest.class.getResourceAsStream("/events/alarm-state-change.json")) {
      return Json.MAPPER.readTree(in);
    }
  }

  private static AttemptLedger alwaysNewLedger() {
    return new AttemptLedger() {
      @Override
      public boolean claim(String alarmName, Instant changedAt, Instant now, Instant staleBefore) {
        return true;
      }

      @Override
      public int attemptsSince(String alarmName, Instant since, Instant changedAt) {
        return 0;
      }

      @Override
      public void complete(String alarmName, Instant changedAt, dev.eventpipeline.remediate.domain.Outcome outcome) {}
    };
  }

  private static StreamScaler noStreams() {
    return new StreamScaler() {
      @Override
      public StreamCapacity capacity(String streamName) {
        throw new AssertionError("no stream here");
      }

      @Override
      public void updateShardCount(String streamName, int targetShards) {
        throw new AssertionError("no stream here");
      }
    };
  }
}
