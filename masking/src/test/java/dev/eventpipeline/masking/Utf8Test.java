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
}
