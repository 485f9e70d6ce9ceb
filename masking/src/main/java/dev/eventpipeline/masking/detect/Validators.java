package dev.eventpipeline.masking.detect;

import java.util.HashMap;
import java.util.Map;

/** Checksums and registries the detectors confirm candidates with. */
public final class Validators {
  private Validators() {}

  /** Luhn check over the digits of {@code digits[0, len)}. */
  public static boolean luhn(int[] digits, int len) {
    int sum = 0;
    boolean dbl = false;
    for (int i = len - 1; i >= 0; i--) {
      int d = digits[i];
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** Luhn check over the {@code len} digits of {@code s} at {@code from}. */
  static boolean luhn(String s, int from, int len) {
    int sum = 0;
    boolean dbl = false;
    for (int i = from + len - 1; i >= from; i--) {
      int d = s.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** As {@link #cardIssuer(int[], int)} for the {@code len} digits of {@code s} at {@code from}. */
  static boolean cardIssuer(String s, int from, int len) {
    int[] d = new int[6];
    for (int k = 0; k < 6; k++) {
      d[k] = s.charAt(from + k) - '0';
    }
    return cardIssuer(d, len);
  }

  /** Issuer identification numbers of the major networks, with their lengths. */
  public static boolean cardIssuer(int[] d, int len) {
    int p2 = d[0] * 10 + d[1];
    int p3 = p2 * 10 + d[2];
    int p4 = p3 * 10 + d[3];
    int p6 = p4 * 100 + d[4] * 10 + d[5];
    switch (d[0]) {
      case 1:
        return len == 15; // UATP
      case 2:
        return p4 >= 2221 && p4 <= 2720 && len == 16; // Mastercard 2-series
      case 3:
        if (p2 == 34 || p2 == 37) {
          return len == 15; // American Express
        }
        if (p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39) {
          return len >= 14 && len <= 19; // Diners Club
        }
        return p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19; // JCB
      case 4:
        return len == 13 || len == 16 || len == 19; // Visa
      case 5:
        if (p2 >= 51 && p2 <= 55) {
          return len == 16; // Mastercard
        }
        return len >= 12 && len <= 19; // Maestro (50, 56-59), Dankort
      case 6:
        if (p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65 || p6 >= 622126 && p6 <= 622925) {
          return len >= 16 && len <= 19; // Discover
        }
        return len >= 12 && len <= 19; // UnionPay (62), Maestro (6x), RuPay
      default:
        return false;
    }
  }

  /** IBAN lengths per country (SWIFT IBAN registry). */
  private static final Map<String, Integer> IBAN_LENGTHS = new HashMap<>();

  static {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
        + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 "
        + "IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 "
        + "NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 "
        + "ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    for (String entry : table.split(" ")) {
      IBAN_LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
  }

  /** The IBAN length of a country code, or 0 when the country issues no IBANs. */
  public static int ibanLength(char c1, char c2) {
    Integer len = IBAN_LENGTHS.get(new String(new char[] {c1, c2}));
    return len == null ? 0 : len;
  }

  /** ISO 7064 MOD 97-10 over an IBAN of upper-case letters and digits (no separators). */
  public static boolean ibanChecksum(CharSequence iban) {
    int len = iban.length();
    if (len < 5) {
      return false;
    }
    int remainder = 0;
    for (int k = 0; k < len; k++) {
      char c = iban.charAt((k + 4) % len);
      if (Chars.isDigit(c)) {
        remainder = (remainder * 10 + (c - '0')) % 97;
      } else if (Chars.isUpper(c)) {
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return remainder == 1;
  }

  /** US Social Security Number ranges: area 001-899 except 666, group 01-99, serial 0001-9999. */
  public static boolean ssn(int area, int group, int serial) {
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    // numbers the SSA voided after they were published (Woolworth's wallet card, a 1940s ad)
    return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
  }
}
