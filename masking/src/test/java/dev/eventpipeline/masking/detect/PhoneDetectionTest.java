package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectionTest {
  @ParameterizedTest
  @ValueSource(strings = {
    "(415) 555-0132", "(415)555-0132", "415-555-0132", "415.555.0132", "1-800-555-0199",
    "+1 415 555 0132", "+44 (20) 7123 4567", "+44 (0)20 7123 4567", "+33 1 42 68 53 00", "+91 4155550132",
    "+55 11 98456 5666", "+49 30 1234567", "+4930123456", "+1-415-555-0132", "090-1234-5678", "09-7625400",
    "0800 123 4567",
  })
  void findsInternationalAndNationalFormats(String phone) {
    assertThat(Detected.of(PHONE, "call " + phone + " now")).containsExactly(phone);
  }

  @Test
  void findsEveryLibphonenumberExampleNumberInE164() {
    List<String> lines = Detected.resource("pii/example_numbers.csv").lines().skip(1).toList();
    int checked = 0;
    for (String line : lines) {
      String e164 = line.substring(line.lastIndexOf(',') + 1).trim();
      if (e164.length() - 1 < 7) {
        continue; // one 6-digit number (a small territory): below our 7-digit floor, see docs/masking.md
      }
      assertThat(Detected.of(PHONE, "tel " + e164 + ".")).as(line).containsExactly(e164);
      checked++;
    }
    assertThat(checked).isGreaterThan(1100);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "4155550132", // bare digit runs are not phones
    "13812345678",
    "+12345", // too short
    "+1234567890123456", // too long for E.164
    "+05:30", // a time-zone offset
    "2024-01-15", "12:34:56", "1.2.3.4.5", "took +1500ms",
    "115-555-0132", // area code cannot start with 1
    "415-155-0132", // exchange cannot start with 1
    "415-555-01322",
    "x+14155550132",
    "0-1234-5678", // trunk group of one digit
    "01-02-2024",
  })
  void ignoresNearMisses(String text) {
    assertThat(Detected.of(PHONE, text)).isEmpty();
  }
}
