package dev.eventpipeline.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookPortsTest {

  @Test
  void parsesTheDefaultListAscendingWithoutDuplicates() {
    assertThat(WebhookPorts.parse(WebhookPorts.DEFAULT)).containsExactly(80, 443, 8080, 8443);
    assertThat(WebhookPorts.parse(" 8443, 443 ,443")).containsExactly(443, 8443);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"443,https", "0", "65536", "443,,8443", "-1", "443;8443"})
  void refusesAnythingButPortNumbers(String text) {
    assertThatThrownBy(() -> WebhookPorts.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a port").hasMessageContaining("between 1 and 65535");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "  "})
  void refusesAnEmptyList(String text) {
    assertThatThrownBy(() -> WebhookPorts.parse(text)).hasMessageStartingWith("no ports listed");
  }
}
