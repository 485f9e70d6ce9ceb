package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.IBAN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "GB29NWBK60161331926819|GB29NWBK60161331926819",
    "transfer to GB29 NWBK 6016 1331 9268 19 done|GB29 NWBK 6016 1331 9268 19",
    "DE89-3704-0044-0532-0130-00|DE89-3704-0044-0532-0130-00",
    "iban: NO9386011117947.|NO9386011117947",
    "this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence|VG96 VPVG 0000 0123 4567 8901",
    "MT84MALT011000012345MTLCAST001S|MT84MALT011000012345MTLCAST001S",
  })
  void findsValidIbans(String text, String expected) {
    assertThat(Detected.of(IBAN, text)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "GB29 NWBK 6016 1331 9268 10", // mod-97 fails
    "GB29NWBK6016133192681", // one character short
    "GB29NWBK601613319268190", // one character too many
    "AB150120690000003111141", // AB issues no IBANs
    "gb29nwbk60161331926819", // lower case
    "HR12 001 0051 8630 0016 A", // groups not of four
    "AL47/2121/1009/0000/0002/3569/8741", // slashes
    "XGB29NWBK60161331926819", // glued to a letter
  })
  void ignoresNearMisses(String text) {
    assertThat(Detected.of(IBAN, text)).isEmpty();
  }
}
