package dev.eventpipeline.masking.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generator itself: reproducible, well-formed, and its values valid where a format has a check. */
@org.junit.jupiter.api.Tag("masking-eval")
class CorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Map<String, List<Case>> CORPUS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The default-seed corpus of a class, generated once for all tests here. */
  private static List<Case> corpus(CaseClass c) {
    return CORPUS.computeIfAbsent(c.id(), k -> Corpus.generate(c, Corpus.SEED));
  }

  @Test
  void sameSeedSameCorpusOtherSeedOtherCorpus() {
    for (CaseClass c : Corpus.classes()) {
      List<Case> a = corpus(c);
      List<Case> b = Corpus.generate(c, Corpus.SEED);
      List<Case> other = Corpus.generate(c, Corpus.SEED + 1);
      assertThat(a).as(c.id()).isEqualTo(b);
      assertThat(a).as(c.id()).isNotEqualTo(other);
    }
  }

  @Test
  void classIdsAreUniqueAndEveryFamilyIsThere() {
    Set<String> ids = new HashSet<>();
    for (CaseClass c : Corpus.classes()) {
      assertThat(ids.add(c.id())).as(c.id()).isTrue();
    }
    assertThat(Corpus.classes()).extracting(CaseClass::family).contains(CaseClass.Family.values());
  }

  @Test
  void spansAreOrderedNonEmptyAndOnlyInPositives() throws Exception {
    for (CaseClass c : Corpus.classes()) {
      for (Case k : corpus(c)) {
        assertThat(k.positive()).as("%s #%d", c.id(), k.index()).isEqualTo(c.family() != CaseClass.Family.NEGATIVE);
        int prev = 0;
        for (Case.Span s : k.spans()) {
          assertThat(s.start()).isGreaterThanOrEqualTo(prev);
          assertThat(s.end()).isGreaterThan(s.start());
          assertThat(s.labels()).isNotEmpty();
          prev = s.end();
        }
        if (k.json()) {
          JSON.readTree(k.input()); // throws when the generator wrote invalid JSON
          assertThat(k.input()).doesNotContain("\n");
        }
      }
    }
  }

  @Test
  void noPlaceholderNamedLikeATypeInPositiveLines() {
    // "[53406]" (a syslog pid) is harmless; "[EMAIL]" in an input would make a leak look masked
    Pattern ph = Pattern.compile("\\[[A-Z][A-Z_]{2,}(:[^\\]\\s]*)?\\]");
    for (CaseClass c : Corpus.classes()) {
      if (c.family() == CaseClass.Family.NEGATIVE) {
        continue;
      }
      for (Case k : corpus(c)) {
        assertThat(ph.matcher(k.input()).find()).as("%s: %s", c.id(), k.input()).isFalse();
      }
    }
  }

  @Test
  void cardsPassLuhnAndBrokenCardsFailIt() {
    Gen g = new Gen(1);
    for (int i = 0; i < 2000; i++) {
      Pii.Card card = Pii.card(g);
      assertThat(Pii.luhnValid(card.digits())).as(card.toString()).isTrue();
      assertThat(Pii.looksLikeIssuer(card.digits())).as(card.toString()).isTrue();
      assertThat(card.length()).isBetween(13, 19);
      assertThat(Pii.luhnValid(Pii.luhnBroken(g, card.digits()))).isFalse();
    }
    assertThat(Pii.luhnValid("4111111111111111")).isTrue(); // the well-known test number
  }

  @Test
  void ibansHaveValidCheckDigitsAndBadOnesDoNot() {
    Gen g = new Gen(2);
    for (int i = 0; i < 2000; i++) {
      assertThat(Pii.ibanValid(Pii.iban(g))).isTrue();
      assertThat(Pii.ibanValid(Pii.ibanBadChecksum(g))).isFalse();
    }
    assertThat(Pii.ibanValid("GB82WEST12345698765432")).isTrue(); // the registry's example
  }

  @Test
  void githubAndNpmTokensCarryTheirChecksum() {
    Gen g = new Gen(3);
    for (int i = 0; i < 500; i++) {
      String gh = Creds.githubClassic(g);
      assertThat(gh).matches("gh[pousr]_[0-9A-Za-z]{36}");
      assertThat(gh.substring(34)).isEqualTo(Creds.crc32Base62(gh.substring(4, 34)));
      String npm = Creds.npm(g);
      assertThat(npm).matches("npm_[0-9A-Za-z]{36}");
      assertThat(Creds.githubFineGrained(g)).matches("github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}");
    }
  }

  @Test
  void jwtsDecodeToJsonWithAnAlgorithm() throws Exception {
    Gen g = new Gen(4);
    for (int i = 0; i < 500; i++) {
      String[] parts = Creds.jwt(g).split("\\.");
      assertThat(parts).hasSize(3);
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      assertThat(header.path("alg").asText()).isNotEmpty();
      assertThat(payload.path("exp").asLong()).isGreaterThan(payload.path("iat").asLong());
    }
  }

  @Test
  void ssnsAreInIssuedRangesAndPhonesHaveE164Lengths() {
    Gen g = new Gen(5);
    for (int i = 0; i < 2000; i++) {
      String[] p = Pii.ssnParts(g);
      int area = Integer.parseInt(p[0]);
      assertThat(area).isBetween(1, 899).isNotEqualTo(666);
      assertThat(p[1]).isNotEqualTo("00");
      assertThat(p[2]).isNotEqualTo("0000");
      String e164 = Pii.e164(g, Pii.e164Groups(g), "");
      assertThat(e164).matches("\\+[1-9][0-9]{7,14}");
    }
  }

  @Test
  void negativesHoldNoStandaloneDigitRunThatValidatesAsACard() {
    // digits glued to letters (inside an IBAN-shaped reference) are not a card
    Pattern digits = Pattern.compile("(?<![0-9A-Za-z])[0-9]{13,19}(?![0-9A-Za-z])");
    List<String> offenders = new ArrayList<>();
    for (CaseClass c : NegativeClasses.all()) {
      for (Case k : corpus(c)) {
        Matcher m = digits.matcher(k.input());
        while (m.find()) {
          if (Pii.looksLikeIssuer(m.group()) && Pii.luhnValid(m.group())) {
            offenders.add(c.id() + ": " + k.input());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
