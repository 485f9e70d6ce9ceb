package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.US_SSN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectionTest {
  @ParameterizedTest
  @ValueSource(strings = {"078-05-1123", "078.05.1123", "078 05 1123", "123-45-6789", "899-99-9999", "001-01-0001"})
  void findsSsnsInTheIssuedRanges(String ssn) {
    assertThat(Detected.of(US_SSN, "ssn " + ssn + " on file")).containsExactly(ssn);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "000-12-3456", // area 000
    "666-12-3456", // area 666
    "900-12-3456", // area 9xx (ITINs)
    "078-00-1123", // group 00
    "078-05-0000", // serial 0000
    "078-05-1120", // voided (Woolworth's wallet card)
    "693-09.4444", // mixed separators
    "078051123", // bare 9 digits: an id far more often than an SSN
    "1078-05-1123", "078-05-11234", "078-05-1123-7", "a078-05-1123",
  })
  void ignoresNearMisses(String text) {
    assertThat(Detected.of(US_SSN, text)).isEmpty();
  }
}
