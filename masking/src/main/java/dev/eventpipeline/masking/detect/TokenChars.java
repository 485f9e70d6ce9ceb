package dev.eventpipeline.masking.detect;

/**
 * The character classes, scans and checksums shared by the vendor token formats ({@link VendorTokens}):
 * one table lookup per character, no allocation.
 */
final class TokenChars {
  static final int BASE62 = 1; // A-Z a-z 0-9
  static final int B64URL = 2; // A-Z a-z 0-9 - _
  static final int HEX = 4; // 0-9 a-f A-F
  static final int BASE36 = 8; // 0-9 a-z (lower case, as Ruby's to_s(36) writes it)
  static final int SLACK = 16; // A-Z a-z 0-9 -
  static final int B64 = 32; // A-Z a-z 0-9 + /
  static final int WORD = 64; // A-Z a-z 0-9 _
  static final int BECH32_UPPER = 128; // the 32 bech32 characters, upper case (no B I O 1)
  static final int B64URL_PAD = 256; // A-Z a-z 0-9 - _ =
  static final int SLUG = 512; // a-z 0-9 - _ (Doppler config names)
  static final int DIGIT = 1024; // 0-9

  private static final int[] CLASS = new int[128];
  private static final int[] CRC_TABLE = new int[256];
  /** bech32's alphabet, in value order. */
  static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  /** The bech32 value of an upper-case bech32 character, -1 for any other. */
  static final int[] BECH32_VALUE = new int[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = BASE62 | B64URL | HEX | BASE36 | SLACK | B64 | WORD | B64URL_PAD | SLUG | DIGIT;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = BASE62 | B64URL | SLACK | B64 | WORD | B64URL_PAD | (c <= 'F' ? HEX : 0);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = BASE62 | B64URL | BASE36 | SLACK | B64 | WORD | B64URL_PAD | SLUG | (c <= 'f' ? HEX : 0);
    }
    CLASS['-'] = B64URL | SLACK | B64URL_PAD | SLUG;
    CLASS['_'] = B64URL | WORD | B64URL_PAD | SLUG;
    CLASS['+'] = B64;
    CLASS['/'] = B64;
    CLASS['='] = B64URL_PAD;
    java.util.Arrays.fill(BECH32_VALUE, -1);
    for (int v = 0; v < 32; v++) {
      char upper = Character.toUpperCase(BECH32.charAt(v));
      CLASS[upper] |= BECH32_UPPER;
      BECH32_VALUE[upper] = v;
    }
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      CRC_TABLE[n] = c;
    }
  }

  private TokenChars() {}

  /**
   * End of exactly {@code len} characters of {@code cls} at {@code body}, not followed by another
   * letter, digit, '_' or character of {@code cls}; or -1.
   */
  static int fixed(String s, int body, int len, int cls) {
    int end = body + len;
    if (end > s.length() || span(s, body, end, cls) != end || !bounded(s, end, cls | WORD)) {
      return -1;
    }
    return end;
  }

  /**
   * {@code hex} hex digits at {@code body}, '-', then exactly {@code tail} characters of
   * {@code tailCls}, bounded (Postman, Brevo); or -1.
   */
  static int hexDashTail(String s, int body, int hex, int tail, int tailCls) {
    int dash = body + hex;
    if (span(s, body, dash, HEX) != dash || Chars.at(s, dash) != '-') {
      return -1;
    }
    return fixed(s, dash + 1, tail, tailCls);
  }

  /**
   * {@code min} to {@code max} base64 characters at {@code body}, then up to {@code maxPad} '=',
   * not followed by a letter, digit or '_'; or -1.
   */
  static int paddedBase64(String s, int body, int min, int max, int maxPad) {
    int e = span(s, body, body + max + 1, B64);
    if (e - body < min || e - body > max) {
      return -1;
    }
    for (int pad = 0; pad < maxPad && Chars.at(s, e) == '='; pad++) {
      e++;
    }
    return bounded(s, e, WORD) ? e : -1;
  }

  /** Whether nothing of {@code cls} (nor a letter or digit of any script) is glued at {@code end}. */
  static boolean bounded(String s, int end, int cls) {
    if (end >= s.length()) {
      return true;
    }
    char c = s.charAt(end);
    return !(is(c, cls) || Chars.isAlnum(c));
  }

  /** End of the run of {@code cls} characters from {@code from}, looking no further than {@code limit}. */
  static int span(String s, int from, int limit, int cls) {
    int end = Math.min(limit, s.length());
    int k = from;
    while (k < end && is(s.charAt(k), cls)) {
      k++;
    }
    return k;
  }

  static boolean is(char c, int cls) {
    return c < 128 && (CLASS[c] & cls) != 0;
  }

  static int base62Digit(char c) {
    return c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36;
  }

  static long base36(String s, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      v = v * 36 + (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
  }

  /** CRC-32 (IEEE 802.3, as zlib and java.util.zip.CRC32) of the chars [from, to) taken as bytes (ASCII). */
  static int crc32(CharSequence s, int from, int to) {
    int crc = 0xFFFFFFFF;
    for (int k = from; k < to; k++) {
      crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ s.charAt(k)) & 0xFF];
    }
    return ~crc;
  }
}
