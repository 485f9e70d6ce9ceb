package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "jane@example.com|jane@example.com",
    "contact: <Jane.Doe+orders@mail.example.co.uk>.|Jane.Doe+orders@mail.example.co.uk",
    "user=first_last%x@sub-domain.example.org,|first_last%x@sub-domain.example.org",
    "a@xn--d1acufc.xn--p1ai|a@xn--d1acufc.xn--p1ai",
    "\"email\":\"ops@example.io\"|ops@example.io",
    "sent to ..bob@example.com.|bob@example.com",
  })
  void findsAddresses(String text, String expected) {
    assertThat(Detected.of(EMAIL, text)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "my email is info@presidio.", // no top-level domain
    "user@localhost",
    "@Override public void run()",
    "a@b.c", // one-letter TLD
    "name@1.2.3.4",
    "x@-bad.example.com",
    "x.@example.com", // local part ends with a dot
    "this is not an email: hello-world here",
    "name@example.c0m",
  })
  void ignoresNearMisses(String text) {
    assertThat(Detected.of(EMAIL, text)).isEmpty();
  }
}
