package dev.eventpipeline.ingest.domain.format;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Hand-written timestamp parsing and formatting (the hot path runs once per record, so no
 * DateTimeFormatter): ISO-8601 / RFC 3339 in its common variants, epoch numbers in seconds,
 * milliseconds, microseconds or nanoseconds (chosen by magnitude), and the exact output form of the
 * record schema, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. Parsers return {@link #NONE} instead of throwing.
 */
public final class Timestamps {
  /** "No timestamp": returned by every parser on input it does not accept. */
  public static final long NONE = Long.MIN_VALUE;
  /** 0001-01-01 and 9999-12-31T23:59:59.999: the range the output format can express. */
  static final long MIN_MILLIS = -62135596800000L;
  static final long MAX_MILLIS = 253402300799999L;

  private Timestamps() {}

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = month > 2 ? month - 3 : month + 9;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (long) era * 146097 + doe - 719468;
  }

  static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Epoch milliseconds of a UTC date-time, or NONE when a field is out of range. */
  static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour > 23 || minute > 59 || second > 60 || millis > 999) {
      return NONE;
    }
    // A leap second (…:60) is folded into the next second, as java.time does when lenient.
    return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** Formats epoch milliseconds as {@code 2026-11-23T16:00:00.123Z} (always with milliseconds). */
  public static String format(long epochMillis) {
    long millis = Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, epochMillis));
    long days = Math.floorDiv(millis, 86_400_000L);
    long msOfDay = Math.floorMod(millis, 86_400_000L);
    // civil_from_days
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int hour = (int) (msOfDay / 3_600_000);
    int minute = (int) (msOfDay / 60_000 % 60);
    int second = (int) (msOfDay / 1000 % 60);
    int ms = (int) (msOfDay % 1000);
    char[] out = new char[24];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, hour, 2);
    out[13] = ':';
    put(out, 14, minute, 2);
    out[16] = ':';
    put(out, 17, second, 2);
    out[19] = '.';
    put(out, 20, ms, 3);
    out[23] = 'Z';
    return new String(out);
  }

  /** The UTC date {@code yyyy-MM-dd} of epoch milliseconds (quarantine partitions). */
  public static String date(long epochMillis) {
    return format(epochMillis).substring(0, 10);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** A whole string that is an ISO-8601 timestamp (or an epoch number written as a string). */
  public static long parseText(String s) {
    if (s == null) {
      return NONE;
    }
    int len = s.length();
    if (len >= 10 && isDigit(s, 0) && s.charAt(4) == '-') {
      int[] end = new int[1];
      long ms = parseIsoPrefix(s, 0, end);
      return ms != NONE && end[0] == len ? ms : NONE;
    }
    if (len > 0 && len <= 40 && isNumeric(s)) {
      try {
        return fromEpoch(new BigDecimal(s));
      } catch (NumberFormatException e) {
        return NONE;
      }
    }
    return NONE;
  }

  private static boolean isNumeric(String s) {
    boolean dot = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' && !dot && i > 0) {
        dot = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** An integral epoch number: seconds, milliseconds, microseconds or nanoseconds by magnitude. */
  public static long fromEpoch(long value) {
    if (value <= 0) {
      return NONE;
    }
    long ms;
    if (value < 100_000_000_000L) {
      ms = value * 1000;
    } else if (value < 100_000_000_000_000L) {
      ms = value;
    } else if (value < 100_000_000_000_000_000L) {
      ms = value / 1000;
    } else {
      ms = value / 1_000_000;
    }
    return ms <= MAX_MILLIS ? ms : NONE;
  }

  /** A fractional epoch number (e.g. 1668093033.744 seconds), truncated to the millisecond. */
  public static long fromEpoch(BigDecimal value) {
    if (value.signum() <= 0) {
      return NONE;
    }
    BigDecimal ms;
    if (value.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0) {
      ms = value.movePointRight(3);
    } else if (value.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0) {
      ms = value;
    } else if (value.compareTo(BigDecimal.valueOf(100_000_000_000_000_000L)) < 0) {
      ms = value.movePointLeft(3);
    } else {
      ms = value.movePointLeft(6);
    }
    if (ms.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
      return NONE;
    }
    return ms.setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /**
   * Parses an ISO-8601 timestamp starting at {@code from}: {@code YYYY-MM-DD}, optionally followed
   * by {@code T} or a space and {@code hh:mm[:ss[.fraction|,fraction]]}, optionally followed by
   * {@code Z} or an offset {@code ±hh[:mm|mm]}. No offset means UTC. The fraction is truncated to
   * milliseconds. On success {@code end[0]} is the index after the timestamp.
   */
  public static long parseIsoPrefix(CharSequence s, int from, int[] end) {
    int len = s.length();
    int i = from;
    if (i + 10 > len || !digits(s, i, 4) || s.charAt(i + 4) != '-' || !digits(s, i + 5, 2)
        || s.charAt(i + 7) != '-' || !digits(s, i + 8, 2)) {
      return NONE;
    }
    int year = num(s, i, 4);
    int month = num(s, i + 5, 2);
    int day = num(s, i + 8, 2);
    i += 10;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millis = 0;
    if (i + 6 <= len && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')
        && digits(s, i + 1, 2) && s.charAt(i + 3) == ':' && digits(s, i + 4, 2)) {
      hour = num(s, i + 1, 2);
      minute = num(s, i + 4, 2);
      i += 6;
      if (i + 3 <= len && s.charAt(i) == ':' && digits(s, i + 1, 2)) {
        second = num(s, i + 1, 2);
        i += 3;
        if (i + 1 < len && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s, i + 1)) {
          i++;
          int digitsSeen = 0;
          while (i < len && isDigit(s, i)) {
            if (digitsSeen < 3) {
              millis = millis * 10 + (s.charAt(i) - '0');
            }
            digitsSeen++;
            i++;
          }
          for (int k = digitsSeen; k < 3; k++) {
            millis *= 10;
          }
        }
      }
      int offsetMinutes = 0;
      if (i < len) {
        char c = s.charAt(i);
        if (c == 'Z' || c == 'z') {
          i++;
        } else if ((c == '+' || c == '-') && i + 3 <= len && digits(s, i + 1, 2)) {
          int oh = num(s, i + 1, 2);
          int om = 0;
          int j = i + 3;
          if (j + 3 <= len && s.charAt(j) == ':' && digits(s, j + 1, 2)) {
            om = num(s, j + 1, 2);
            j += 3;
          } else if (j + 2 <= len && digits(s, j, 2)) {
            om = num(s, j, 2);
            j += 2;
          }
          if (oh > 23 || om > 59) {
            return NONE;
          }
          offsetMinutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
          i = j;
        }
      }
      long ms = epochMillis(year, month, day, hour, minute, second, millis);
      if (ms == NONE) {
        return NONE;
      }
      end[0] = i;
      return ms - offsetMinutes * 60_000L;
    }
    long ms = epochMillis(year, month, day, 0, 0, 0, 0);
    if (ms != NONE) {
      end[0] = i;
    }
    return ms;
  }

  static boolean isDigit(CharSequence s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  static boolean digits(CharSequence s, int from, int count) {
    if (from + count > s.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!isDigit(s, i)) {
        return false;
      }
    }
    return true;
  }

  static int num(CharSequence s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** Month number (1-12) of an English three-letter abbreviation at {@code at}, or 0. */
  static int month(CharSequence s, int at) {
    if (at + 3 > s.length()) {
      return 0;
    }
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    char c = s.charAt(at + 2);
    return switch (a) {
      case 'J' -> b == 'a' && c == 'n' ? 1 : b == 'u' && c == 'n' ? 6 : b == 'u' && c == 'l' ? 7 : 0;
      case 'F' -> b == 'e' && c == 'b' ? 2 : 0;
      case 'M' -> b == 'a' && c == 'r' ? 3 : b == 'a' && c == 'y' ? 5 : 0;
      case 'A' -> b == 'p' && c == 'r' ? 4 : b == 'u' && c == 'g' ? 8 : 0;
      case 'S' -> b == 'e' && c == 'p' ? 9 : 0;
      case 'O' -> b == 'c' && c == 't' ? 10 : 0;
      case 'N' -> b == 'o' && c == 'v' ? 11 : 0;
      case 'D' -> b == 'e' && c == 'c' ? 12 : 0;
      default -> 0;
    };
  }
}
