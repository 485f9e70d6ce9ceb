package dev.eventpipeline.ingest.domain.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelTest {
  @ParameterizedTest
  @CsvSource({"WARNING,WARN", "warn,WARN", "Err,ERROR", "critical,FATAL", "emerg,FATAL", "notice,INFO",
      "Information,INFO", "dbg,DEBUG", "finest,TRACE", "SEVERE,ERROR", "fatal,FATAL"})
  void normalizesLevelWordsInAnyCase(String word, Level expected) {
    assertThat(Level.fromWord(word)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10,TRACE", "20,DEBUG", "30,INFO", "35,INFO", "40,WARN", "50,ERROR", "60,FATAL",
      "0,FATAL", "2,FATAL", "3,ERROR", "4,WARN", "5,INFO", "6,INFO", "7,DEBUG"})
  void mapsPinoBunyanLevelsAndSyslogSeverities(long n, Level expected) {
    assertThat(Level.fromNumber(n)).isEqualTo(expected);
  }

  @Test
  void readsJsonLevelValues() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertThat(Level.fromJson(f.textNode("warning"))).isEqualTo(Level.WARN);
    assertThat(Level.fromJson(f.numberNode(50))).isEqualTo(Level.ERROR);
    assertThat(Level.fromJson(f.textNode("30"))).isEqualTo(Level.INFO);
    assertThat(Level.fromJson(f.numberNode(8))).isNull();
    assertThat(Level.fromJson(f.booleanNode(true))).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[ERROR] First test message|ERROR",
      "2024-01-01T00:00:00.000Z\t8f5c\tWARN\tslow downstream|WARN",
      "WARNING:root:disk almost full|WARN",
      "ts=2024-01-01 level=debug msg=hi|DEBUG",
      "time=x severity=\"error\" msg=y|ERROR",
      "12:00:01.123 [main] INFO  com.example.App - started|INFO",
      "FATAL: could not connect|FATAL",
  })
  void findsTheLevelATextLineStates(String line, Level expected) {
    assertThat(Level.detectInText(line)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no error found, all good", "ERRORS were counted: 0", "INFORMATIONAL banner",
      "user warned twice", "level=loud msg=x", "MYERROR happened"})
  void doesNotMistakeProseForALevel(String line) {
    assertThat(Level.detectInText(line)).isNull();
  }
}
