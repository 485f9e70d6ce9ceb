package dev.eventpipeline.thumbnail.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3NotificationsTest {

  static String fixture(String name) {
    try (InputStream in = S3NotificationsTest.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void parsesTheS3UserGuidePutEvent() {
    S3Notifications.Parsed parsed = S3Notifications.parse(fixture("s3-put-event.json"));

    assertThat(parsed.testEvent()).isFalse();
    assertThat(parsed.records()).containsExactly(new S3ObjectEvent("ObjectCreated:Put", "mybucket", "HappyFace.jpg",
        1024L, "d41d8cd98f00b204e9800998ecf8427e", "096fKKXTRTtl3on89fVO.nfljtsv6qko"));
  }

  @Test
  void recognisesTheTestEvent() {
    S3Notifications.Parsed parsed = S3Notifications.parse(fixture("s3-test-event.json"));

    assertThat(parsed.testEvent()).isTrue();
    assertThat(parsed.records()).isEmpty();
  }

  @Test
  void readsEveryRecordOfAMessage() {
    String two = "{\"Records\":[" + record("ObjectCreated:Put", "a.jpg") + "," + record("ObjectCreated:Copy", "b+c.png") + "]}";

    assertThat(S3Notifications.parse(two).records()).extracting(S3ObjectEvent::key).containsExactly("a.jpg", "b c.png");
  }

  @Test
  void unwrapsAnSnsEnvelope() {
    String inner = "{\"Records\":[" + record("ObjectCreated:Put", "photos/x.jpg") + "]}";
    String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"Message\":" + quote(inner) + "}";

    assertThat(S3Notifications.parse(envelope).records()).extracting(S3ObjectEvent::key).containsExactly("photos/x.jpg");
  }

  @Test
  void refusesBodiesThatAreNotNotificationsWithoutQuotingThem() {
    assertThatThrownBy(() -> S3Notifications.parse("secret-token-123 not json"))
        .isInstanceOf(S3Notifications.InvalidNotificationException.class)
        .hasMessageNotContaining("secret-token-123");
    assertThatThrownBy(() -> S3Notifications.parse("{\"hello\":1}"))
        .hasMessageContaining("no Records");
    assertThatThrownBy(() -> S3Notifications.parse(""))
        .hasMessageContaining("empty");
  }

  @Test
  void onlyObjectCreatedEventsMakeThumbnails() {
    assertThat(new S3ObjectEvent("ObjectCreated:CompleteMultipartUpload", "b", "k", 1L, "e", null).isObjectCreated()).isTrue();
    assertThat(new S3ObjectEvent("ObjectRemoved:Delete", "b", "k", 1L, "e", null).isObjectCreated()).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "HappyFace.jpg|HappyFace.jpg",
    "New+File.jpg|New File.jpg",
    "Happy%20Face.jpg|Happy Face.jpg",
    "a%40b|a@b",
    "photos%2F2024%2Fcat.jpg|photos/2024/cat.jpg",
    "caf%C3%A9+%E4%BD%A0%E5%A5%BD%F0%9F%90%B1.png|café 你好🐱.png",
    "1%2B1%3D2.jpg|1+1=2.jpg",
    "100%.jpg|100%.jpg",
    "50%zz.jpg|50%zz.jpg",
  })
  void decodesKeysAsS3EncodesThem(String encoded, String key) {
    assertThat(S3Keys.decode(encoded)).isEqualTo(key);
  }

  static String record(String eventName, String encodedKey) {
    return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"" + eventName + "\",\"s3\":{\"bucket\":{\"name\":\"uploads\"},"
        + "\"object\":{\"key\":\"" + encodedKey + "\",\"size\":10,\"eTag\":\"abc\",\"sequencer\":\"01\"}}}";
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
