package dev.eventpipeline.masking.eval;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Personal data values, generated for the whole class rather than from examples: e-mail
 * addresses, payment cards of the major issuers (Luhn-valid), IBANs (mod-97 check digits), US SSNs
 * in the issued ranges, phone numbers of several countries, IPv4 and IPv6 addresses.
 */
final class Pii {
  private Pii() {}

  // ---- e-mail ----

  /** An ASCII address in one of the shapes people and systems use. */
  static String email(Gen g) {
    return emailLocal(g) + "@" + (g.p(0.08) ? capitalizeDomain(g.asciiDomain()) : g.asciiDomain());
  }

  static String emailLocal(Gen g) {
    String first = g.latinName();
    String last = g.latinName();
    String local = switch (g.between(0, 9)) {
      case 0 -> first + "." + last;
      case 1 -> first.charAt(0) + "." + last;
      case 2 -> first + last;
      case 3 -> first + "_" + last;
      case 4 -> first + "-" + last;
      case 5 -> first + "." + last + "+" + g.word();
      case 6 -> first + g.between(1, 9999);
      case 7 -> first + "." + (char) ('a' + g.between(0, 25)) + "." + last;
      case 8 -> Gen.capitalize(first) + "." + Gen.capitalize(last);
      default -> g.pick("ops", "billing", "support", "no-reply", "team", "admin", "sales") + "+" + first;
    };
    return local;
  }

  private static String capitalizeDomain(String d) {
    int dot = d.lastIndexOf('.');
    return Gen.capitalize(d.substring(0, dot)) + d.substring(dot).toUpperCase(Locale.ROOT);
  }

  // ---- payment cards ----

  /** Issuer, prefix and length of a card. */
  record Card(String issuer, String digits) {
    int length() {
      return digits.length();
    }

    String last4() {
      return digits.substring(digits.length() - 4);
    }
  }

  static Card card(Gen g) {
    return card(g, 13, 19);
  }

  /** A Luhn-valid card of a major issuer whose length is within [minLen, maxLen]. */
  static Card card(Gen g, int minLen, int maxLen) {
    while (true) {
      String issuer;
      String prefix;
      int len;
      switch (g.between(0, 11)) {
        case 0, 1, 2 -> {
          issuer = "visa";
          prefix = "4";
          len = g.pick(16, 16, 16, 16, 13, 19);
        }
        case 3, 4 -> {
          issuer = "mastercard";
          prefix = g.p(0.7) ? String.valueOf(g.between(51, 55)) : String.valueOf(g.between(2221, 2720));
          len = 16;
        }
        case 5 -> {
          issuer = "amex";
          prefix = g.pick("34", "37");
          len = 15;
        }
        case 6 -> {
          issuer = "discover";
          prefix = g.pick("6011", String.valueOf(g.between(644, 649)), "65");
          len = g.pick(16, 16, 16, 19);
        }
        case 7 -> {
          issuer = "diners";
          prefix = g.pick("36", "38", "39", String.valueOf(g.between(300, 305)));
          len = 14;
        }
        case 8 -> {
          issuer = "jcb";
          prefix = String.valueOf(g.between(3528, 3589));
          len = g.pick(16, 16, 16, 17, 18, 19);
        }
        case 9 -> {
          issuer = "unionpay";
          prefix = "62" + g.between(2126, 2925);
          len = g.pick(16, 16, 17, 18, 19);
        }
        case 10 -> {
          issuer = "maestro";
          prefix = g.pick("5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763");
          len = g.pick(16, 18, 19);
        }
        default -> {
          issuer = "visa";
          prefix = "4";
          len = 16;
        }
      }
      if (len < minLen || len > maxLen) {
        continue;
      }
      String body = prefix + g.digits(len - prefix.length() - 1);
      return new Card(issuer, body + luhnCheckDigit(body));
    }
  }

  static int luhnCheckDigit(String payload) {
    int sum = 0;
    boolean dbl = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  static boolean luhnValid(String digits) {
    return luhnCheckDigit(digits.substring(0, digits.length() - 1)) == digits.charAt(digits.length() - 1) - '0';
  }

  /** The same number with a wrong check digit. */
  static String luhnBroken(Gen g, String digits) {
    int check = digits.charAt(digits.length() - 1) - '0';
    int wrong = (check + g.between(1, 9)) % 10;
    return digits.substring(0, digits.length() - 1) + wrong;
  }

  /** The grouping printed on cards and receipts for this length, or null when there is no common one. */
  static int[] groups(int length) {
    return switch (length) {
      case 14 -> new int[] {4, 6, 4};
      case 15 -> new int[] {4, 6, 5};
      case 16 -> new int[] {4, 4, 4, 4};
      case 19 -> new int[] {4, 4, 4, 4, 3};
      default -> null;
    };
  }

  static String group(String digits, int[] groups, String sep) {
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (int i = 0; i < groups.length; i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(digits, at, at + groups[i]);
      at += groups[i];
    }
    return b.toString();
  }

  /** Whether a digit run starts like a card of its length (used to keep negatives honest). */
  static boolean looksLikeIssuer(String digits) {
    int len = digits.length();
    int p2 = Integer.parseInt(digits.substring(0, 2));
    int p3 = Integer.parseInt(digits.substring(0, 3));
    int p4 = Integer.parseInt(digits.substring(0, 4));
    boolean visa = digits.charAt(0) == '4';
    boolean mc = (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720);
    boolean amex = p2 == 34 || p2 == 37;
    boolean disc = p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65;
    boolean diners = p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305);
    boolean jcb = p4 >= 3528 && p4 <= 3589;
    boolean union = p2 == 62;
    boolean maestro = p2 == 50 || (p2 >= 56 && p2 <= 69);
    boolean uatp = digits.charAt(0) == '1' && len == 15;
    return len >= 12 && len <= 19 && (visa || mc || amex || disc || diners || jcb || union || maestro || uatp);
  }

  /**
   * Whether a run of consecutive digit groups of {@code text} (groups split by any non-digit), 13-19
   * digits long, is an issuer prefix with a valid Luhn digit: a reader could take it for a card
   * (possibly followed by a CVV group). Negatives must not contain one.
   */
  static boolean containsCardLike(String text) {
    String[] groups = text.split("[^0-9]+");
    for (int i = 0; i < groups.length; i++) {
      StringBuilder run = new StringBuilder();
      for (int j = i; j < groups.length && run.length() <= 19; j++) {
        run.append(groups[j]);
        if (run.length() >= 13 && run.length() <= 19 && looksLikeIssuer(run.toString()) && luhnValid(run.toString())) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- IBAN ----

  /** Country, total length and BBAN layout (n digits, a capitals, c capitals or digits) from the IBAN registry. */
  private static final String[][] IBAN_SPECS = {
    {"DE", "8n10n"}, {"GB", "4a14n"}, {"FR", "10n11c2n"}, {"ES", "20n"}, {"IT", "1a10n12c"}, {"NL", "4a10n"},
    {"BE", "12n"}, {"CH", "5n12c"}, {"AT", "16n"}, {"PL", "24n"}, {"SE", "20n"}, {"NO", "11n"}, {"DK", "14n"},
    {"FI", "14n"}, {"IE", "4a14n"}, {"PT", "21n"}, {"LU", "3n13c"}, {"SA", "2n18c"}, {"AE", "19n"},
    {"TR", "5n1n16c"}, {"BR", "23n1a1c"}, {"CZ", "20n"}, {"HU", "24n"}, {"RO", "4a16c"}, {"GR", "7n16c"}
  };

  /** A compact IBAN with valid check digits. */
  static String iban(Gen g) {
    String[] spec = g.pick(IBAN_SPECS);
    String bban = bban(g, spec[1]);
    return spec[0] + checkDigits(spec[0], bban) + bban;
  }

  /** A compact IBAN whose check digits are wrong (mod 97 != 1). */
  static String ibanBadChecksum(Gen g) {
    String[] spec = g.pick(IBAN_SPECS);
    String bban = bban(g, spec[1]);
    int good = Integer.parseInt(checkDigits(spec[0], bban));
    int bad = good;
    while (bad == good) {
      bad = g.between(2, 98);
    }
    return spec[0] + String.format(Locale.ROOT, "%02d", bad) + bban;
  }

  private static String bban(Gen g, String layout) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      int j = i;
      while (Character.isDigit(layout.charAt(j))) {
        j++;
      }
      int n = Integer.parseInt(layout.substring(i, j));
      char kind = layout.charAt(j);
      b.append(switch (kind) {
        case 'n' -> g.digits(n);
        case 'a' -> g.from(Gen.UPPER, n);
        default -> g.from(Gen.UPPER + Gen.DIGITS + Gen.DIGITS, n);
      });
      i = j + 1;
    }
    return b.toString();
  }

  static String checkDigits(String country, String bban) {
    BigInteger n = new BigInteger(numeric(bban + country + "00"));
    int check = 98 - n.mod(BigInteger.valueOf(97)).intValue();
    return String.format(Locale.ROOT, "%02d", check);
  }

  static boolean ibanValid(String compact) {
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    return new BigInteger(numeric(rearranged)).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static String numeric(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return b.toString();
  }

  /** The IBAN in groups of four, as printed. */
  static String groupIban(String compact, String sep) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < compact.length(); i += 4) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(compact, i, Math.min(compact.length(), i + 4));
    }
    return b.toString();
  }

  // ---- US SSN ----

  /** Area 001-899 except 666, group 01-99, serial 0001-9999, never a voided number. */
  static String[] ssnParts(Gen g) {
    while (true) {
      int area = g.between(1, 899);
      if (area == 666) {
        continue;
      }
      String a = String.format(Locale.ROOT, "%03d", area);
      String gr = String.format(Locale.ROOT, "%02d", g.between(1, 99));
      String s = String.format(Locale.ROOT, "%04d", g.between(1, 9999));
      String joined = a + gr + s;
      if (joined.equals("078051120") || joined.equals("219099999")) {
        continue;
      }
      return new String[] {a, gr, s};
    }
  }

  static String ssn(Gen g) {
    String[] p = ssnParts(g);
    String sep = g.pick("-", "-", "-", "-", " ");
    return p[0] + sep + p[1] + sep + p[2];
  }

  // ---- phones ----

  /** Country code and the national number in its usual groups. */
  static String[] e164Groups(Gen g) {
    return switch (g.between(0, 15)) {
      case 0, 1 -> new String[] {"1", nanpArea(g), nanpExchange(g), g.digits(4)};
      case 2 -> g.p(0.6) ? new String[] {"44", "7" + g.between(4, 9) + g.digits(2), g.digits(6)}
          : new String[] {"44", "20", g.between(3, 8) + g.digits(3), g.digits(4)};
      case 3 -> g.p(0.6) ? new String[] {"49", g.pick("151", "152", "157", "160", "170", "171", "172", "176", "177", "178", "179"), g.digits(g.between(7, 8))}
          : new String[] {"49", g.pick("30", "40", "89", "69", "221"), g.number(g.between(6, 8))};
      case 4 -> new String[] {"33", String.valueOf(g.pick(1, 2, 3, 4, 5, 6, 7)), g.digits(2), g.digits(2), g.digits(2), g.digits(2)};
      case 5 -> g.p(0.6) ? new String[] {"81", g.pick("90", "80", "70"), g.digits(4), g.digits(4)}
          : new String[] {"81", g.pick("3", "6"), g.digits(4), g.digits(4)};
      case 6 -> new String[] {"91", g.between(6, 9) + g.digits(4), g.digits(5)};
      case 7 -> g.p(0.6) ? new String[] {"61", "4" + g.digits(2), g.digits(3), g.digits(3)}
          : new String[] {"61", g.pick("2", "3", "7", "8"), g.number(4), g.digits(4)};
      case 8 -> new String[] {"55", String.valueOf(g.between(11, 99)), "9" + g.digits(4), g.digits(4)};
      case 9 -> new String[] {"34", g.pick("6", "7") + g.digits(2), g.digits(3), g.digits(3)};
      case 10 -> new String[] {"39", "3" + g.digits(2), g.digits(3), g.digits(4)};
      case 11 -> new String[] {"31", "6", g.digits(8)};
      case 12 -> new String[] {"52", "55", g.digits(4), g.digits(4)};
      case 13 -> new String[] {"27", g.pick("6", "7", "8") + g.between(1, 4), g.digits(3), g.digits(4)};
      case 14 -> new String[] {"65", g.pick("8", "9") + g.digits(3), g.digits(4)};
      default -> new String[] {"86", "1" + g.between(3, 9) + g.digits(1), g.digits(4), g.digits(4)};
    };
  }

  /** +CC followed by the groups, separated by spaces, nothing, or dashes. */
  static String e164(Gen g, String[] groups, String sep) {
    StringBuilder b = new StringBuilder("+").append(groups[0]);
    for (int i = 1; i < groups.length; i++) {
      b.append(i == 1 ? (sep.isEmpty() ? "" : sep) : sep).append(groups[i]);
    }
    return b.toString();
  }

  static String e164(Gen g) {
    return e164(g, e164Groups(g), g.pick(" ", " ", "", "", "-"));
  }

  static String nanpArea(Gen g) {
    while (true) {
      String a = g.between(2, 9) + g.digits(2);
      if (!(a.charAt(1) == '1' && a.charAt(2) == '1')) {
        return a;
      }
    }
  }

  static String nanpExchange(Gen g) {
    return nanpArea(g);
  }

  static String nanp(Gen g) {
    String a = nanpArea(g);
    String x = nanpExchange(g);
    String l = g.digits(4);
    return switch (g.between(0, 5)) {
      case 0 -> "(" + a + ") " + x + "-" + l;
      case 1 -> a + "-" + x + "-" + l;
      case 2 -> a + "." + x + "." + l;
      case 3 -> "1-" + g.pick("800", "888", "877", "866", a) + "-" + x + "-" + l;
      case 4 -> "+1 (" + a + ") " + x + "-" + l;
      default -> "+1 " + a + "-" + x + "-" + l;
    };
  }

  /** A national number with its trunk 0, in the country's usual groups. */
  static String national(Gen g) {
    return switch (g.between(0, 6)) {
      case 0 -> g.pick("020 " + g.between(3, 8) + g.digits(3) + " " + g.digits(4),
          "07" + g.between(4, 9) + g.digits(2) + " " + g.digits(6), "0161 " + g.number(3) + " " + g.digits(4));
      case 1 -> g.pick("030 " + g.number(8), "0" + g.pick("151", "160", "171", "176") + " " + g.digits(8), "089 " + g.number(7));
      case 2 -> "0" + g.pick(1, 2, 3, 4, 5, 6, 7) + " " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2);
      case 3 -> g.pick("0" + g.pick("90", "80", "70") + "-" + g.digits(4) + "-" + g.digits(4), "0" + g.pick("3", "6") + "-" + g.digits(4) + "-" + g.digits(4));
      case 4 -> g.pick("0" + g.pick("2", "3", "7", "8") + " " + g.number(4) + " " + g.digits(4), "04" + g.digits(2) + " " + g.digits(3) + " " + g.digits(3));
      case 5 -> g.pick("06-" + g.digits(8), "020-" + g.number(7));
      default -> "010-" + g.digits(4) + "-" + g.digits(4);
    };
  }

  // ---- IP addresses ----

  static String ipv4(Gen g) {
    return switch (g.between(0, 9)) {
      case 0, 1 -> "10." + g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(1, 254);
      case 2 -> "172." + g.between(16, 31) + "." + g.between(0, 255) + "." + g.between(1, 254);
      case 3 -> "192.168." + g.between(0, 255) + "." + g.between(1, 254);
      default -> {
        int first;
        do {
          first = g.between(1, 223);
        } while (first == 10 || first == 127 || first == 172 || first == 192);
        yield first + "." + g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(1, 254);
      }
    };
  }

  /** Eight 16-bit groups of a plausible address (global, ULA or link-local), some zero runs. */
  static int[] ipv6Groups(Gen g) {
    int[] groups = new int[8];
    int kind = g.between(0, 9);
    if (kind < 6) {
      groups[0] = g.pick(0x2001, 0x2a00, 0x2a01, 0x2a02, 0x2600, 0x2607, 0x2606, 0x2400, 0x2c0f, 0x2804);
      groups[1] = g.between(0, 0xffff);
    } else if (kind < 8) {
      groups[0] = 0xfd00 | g.between(0, 0xff);
      groups[1] = g.between(0, 0xffff);
    } else {
      groups[0] = 0xfe80;
      groups[1] = 0;
      groups[2] = 0;
      groups[3] = 0;
    }
    int from = kind >= 8 ? 4 : 2;
    for (int i = from; i < 8; i++) {
      groups[i] = g.p(0.3) ? g.between(0, 0xff) : g.between(0, 0xffff);
    }
    if (kind < 8 && g.p(0.6)) {
      int start = g.between(2, 6);
      int len = g.between(2, 8 - start);
      for (int i = start; i < start + len; i++) {
        groups[i] = 0;
      }
    }
    return groups;
  }

  /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
  static String ipv6Compressed(int[] groups) {
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] == 0) {
        int j = i;
        while (j < 8 && groups[j] == 0) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(groups[i]));
    }
    return b.toString();
  }

  static String ipv6Full(int[] groups, boolean padded) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i > 0) {
        b.append(':');
      }
      b.append(padded ? String.format(Locale.ROOT, "%04x", groups[i]) : Integer.toHexString(groups[i]));
    }
    return b.toString();
  }

  static String ipv6(Gen g) {
    int[] groups = ipv6Groups(g);
    String text = switch (g.between(0, 9)) {
      case 0, 1 -> ipv6Full(groups, true);
      case 2 -> ipv6Full(groups, false);
      case 3 -> "::ffff:" + ipv4(g);
      default -> ipv6Compressed(groups);
    };
    if (g.p(0.1)) {
      text = text.toUpperCase(Locale.ROOT);
    }
    if (groups[0] == 0xfe80 && !text.startsWith("::") && g.p(0.5)) {
      text = text + "%" + g.pick("eth0", "en0", "ens5", "wlan0");
    }
    return text;
  }
}
