package dev.eventpipeline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void asciiFindsANonAsciiByteAtEveryPositionOfEveryWord() {
    for (int len = 0; len <= 40; len++) {
      for (int off = 0; off < 9; off++) {
        byte[] b = new byte[off + len + 9];
        java.util.Arrays.fill(b, (byte) 'a');
        b[off + len] = (byte) 0x80; // just past the range: never looked at
        if (off > 0) {
          b[off - 1] = (byte) 0xC3; // just before it: never looked at
        }
        assertThat(Utf8.ascii(b, off, len)).as("len %d off %d", len, off).isTrue();
        for (int p = 0; p < len; p++) {
          for (byte high : new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0xFF}) {
            b[off + p] = high;
            assertThat(Utf8.ascii(b, off, len)).as("len %d off %d at %d", len, off, p).isFalse();
            b[off + p] = 'a';
          }
        }
      }
    }
  }

  @Test
  void plainJsonRefusesEveryByteThatNeedsTheCarefulTokenizerAtEveryPositionOfEveryWord() {
    byte[] refused = {0x00, 0x09, 0x0A, 0x0D, 0x1F, '\\', '%', (byte) 0x80, (byte) 0xC3, (byte) 0xFF};
    // every printable ASCII byte but '\' and '%' is plain, next to any other
    byte[] accepted = {' ', '!', '"', '$', '&', '0', ':', 'A', '[', ']', '^', 'z', '{', '}', '~', 0x7F};
    for (int len = 0; len <= 40; len++) {
      for (int off = 0; off < 9; off++) {
        byte[] b = new byte[off + len + 9];
        for (int i = 0; i < b.length; i++) {
          b[i] = accepted[i % accepted.length];
        }
        b[off + len] = '\\'; // just past the range: never looked at
        if (off > 0) {
          b[off - 1] = '%'; // just before it: never looked at
        }
        assertThat(Utf8.plainJson(b, off, len)).as("len %d off %d", len, off).isTrue();
        for (int p = 0; p < len; p++) {
          byte kept = b[off + p];
          for (byte bad : refused) {
            b[off + p] = bad;
            assertThat(Utf8.plainJson(b, off, len)).as("len %d off %d byte %02x at %d", len, off, bad, p).isFalse();
          }
          b[off + p] = kept;
        }
      }
    }
  }
}
