package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.CREDIT_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCardDetectionTest {
  @ParameterizedTest
  @ValueSource(strings = {
    "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
    "2223000048400011", "371449635398431", "3714 496353 98431", "30569309025904", "6011000400000000",
    "3528000700000000", "6759649826438453", "5019717010103742", "122000000000003", "4222222222222",
    "6212 3456 7890 1234 569", "4111 1111 1111 1111 003",
  })
  void findsIssuerValidLuhnValidNumbers(String card) {
    assertThat(Detected.of(CREDIT_CARD, "paid with " + card + " today")).containsExactly(card);
  }

  @Test
  void findsTheCardWhenMoreDigitGroupsFollow() {
    assertThat(Detected.of(CREDIT_CARD, "card 4111 1111 1111 1111 123 exp")).containsExactly("4111 1111 1111 1111");
  }

  @Test
  void findsSeveralCardsInOneLine() {
    assertThat(Detected.of(CREDIT_CARD, "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881"))
        .containsExactly("4012888888881881", "4012-8888-8888-1881", "4012 8888 8888 1881");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "4012-8888-8888-1882", // Luhn fails
    "36168002586008", // Luhn fails
    "1748503543012", // no issuer starts with 17
    "4111111111111112",
    "9111111111111111", // no issuer 9
    "41111111111111111111", // 20 digits
    "4111111111111111003", // 19 digits in one run: ids, not cards
    "4111-1111 1111-1111", // mixed separators
    "order 4111111111111111x",
    "v0.4111111111111111.2",
    "1700000000000", // epoch millis
    "dd.span_id=14292093692483532556",
    "41 11 11 11 11 11 11 11", // groups of 2
  })
  void ignoresNearMisses(String text) {
    assertThat(Detected.of(CREDIT_CARD, text)).isEmpty();
  }
}
