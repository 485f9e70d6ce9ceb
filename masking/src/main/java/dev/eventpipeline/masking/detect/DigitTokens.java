package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;

/**
 * What {@link TokenScanner} finds at a digit, '+' or '(': card numbers (printed groupings, issuer
 * prefixes, Luhn), US SSNs, phone numbers (international, NANP, national) and IPv4 addresses.
 * Stateless; each matcher returns the end of what it found, or -1.
 */
final class DigitTokens {
  private DigitTokens() {}

  /**
   * Whether the digits at {@code i} are a group inside a longer run of digit groups
   * (4058-8332-0122-0429-654, an IBAN-like reference, a UUID's or a hyphenated id's group): not
   * where a phone number or an SSN starts.
   */
  static boolean continuesGroups(String s, int i) {
    return i >= 2 && isGroupSeparator(s.charAt(i - 1))
        && (Chars.isDigit(s.charAt(i - 2)) && longGroupBefore(s, i - 1) || ibanGroupsBefore(s, i - 1)
            || s.charAt(i - 1) == '-' && lettersInGroupBefore(s, i - 1));
  }

  /**
   * "Chrome/124.0.0.0", "Edg/113.0.0.0": a product's version in a user agent, not an address; nor
   * is a dotted number named a version just before it ("version 1.2.3.4", "build: 10.0.0.1",
   * "firmware=2.1.0.7").
   */
  static boolean productVersion(String s, int i) {
    if (i < 2) {
      return false;
    }
    char before = s.charAt(i - 1);
    if (before == '/') {
      return Chars.isLetter(s.charAt(i - 2));
    }
    if (before != ' ' && before != ':' && before != '=') {
      return false;
    }
    int end = i - 1; // the word before: after at most one more space or ':' / '='
    if (end > 0 && (s.charAt(end - 1) == ':' || s.charAt(end - 1) == '=' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    int start = end;
    while (start > 0 && end - start < 9 && Chars.isLetter(s.charAt(start - 1))) {
      start--;
    }
    if (start > 0 && Chars.isAlnum(s.charAt(start - 1))) {
      return false;
    }
    for (String word : VERSION_WORDS) {
      if (end - start == word.length() && Chars.matchesIgnoreCase(s, start, word)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] VERSION_WORDS = {"version", "ver", "release", "build", "firmware", "fw"};

  /** End of an IPv4 address starting at {@code i}, or -1. */
  static int ipv4At(String s, int i) {
    int n = s.length();
    if (i >= 2 && s.charAt(i - 1) == '.' && Chars.isDigit(s.charAt(i - 2))) {
      return -1;
    }
    int pos = i;
    for (int octet = 0; octet < 4; octet++) {
      int value = 0;
      int len = 0;
      while (pos < n && Chars.isDigit(s.charAt(pos)) && len < 4) {
        value = value * 10 + (s.charAt(pos) - '0');
        pos++;
        len++;
      }
      if (len == 0 || len > 3 || value > 255) {
        return -1;
      }
      if (octet < 3) {
        if (pos >= n || s.charAt(pos) != '.') {
          return -1;
        }
        pos++;
      }
    }
    if (pos < n) {
      char c = s.charAt(pos);
      if (Chars.isAlnum(c) || (c == '.' && Chars.digitAt(s, pos + 1))) {
        return -1;
      }
    }
    return pos;
  }

  /**
   * Whether groups 0..last (cumulative digit counts in {@code counts}) are grouped as cards are
   * printed: a first group of 4, middle groups of 4 or 6, a last group of 3 to 6 (4-4-4-4,
   * 4-6-5, 4-6-4, 4-4-4-4-3, 4-4-5). Numbers in a table of fields (bytes, durations:
   * "3849 3617 462 661") are not.
   */
  private static boolean printedGrouping(int[] counts, int last) {
    if (counts[0] != 4) {
      return false;
    }
    for (int g = 1; g < last; g++) {
      int len = counts[g] - counts[g - 1];
      if (len != 4 && len != 6) {
        return false;
      }
    }
    int tail = counts[last] - counts[last - 1];
    return tail >= 3 && tail <= 6;
  }

  /** Whether "card" (any case, in any word) or the word "pan" appears within 40 characters before {@code i}. */
  private static boolean cardWordBefore(String s, int i) {
    for (int k = i - 3; k >= Math.max(0, i - 40); k--) {
      if (k + 4 <= i && Chars.matchesIgnoreCase(s, k, "card")) {
        return true;
      }
      if (Chars.matchesIgnoreCase(s, k, "pan") && !Chars.alnumAt(s, k - 1) && !Chars.isLetter(Chars.at(s, k + 3))) {
        return true;
      }
    }
    return false;
  }

  /** End of a card number starting at {@code i}, or -1. */
  static int cardAt(String s, int i, boolean cardContext) {
    int n = s.length();
    char first = s.charAt(i);
    if (first < '1' || first > '6') {
      return -1;
    }
    // one unseparated run (most numbers in logs: ids, epoch millis, counters): decided in place
    int run = i;
    while (run < n && Chars.isDigit(s.charAt(run))) {
      run++;
    }
    int runLength = run - i;
    boolean grouped = run < n && isCardSeparator(s.charAt(run)) && Chars.digitAt(s, run + 1);
    if (!grouped || runLength >= 13) {
      if (runLength < 13 || runLength > 19 || runLength > 16 && !(cardContext || cardWordBefore(s, i))) {
        return -1;
      }
      if (run < n && (Chars.isAlnum(s.charAt(run)) || (s.charAt(run) == '.' && Chars.digitAt(s, run + 1)))) {
        return -1;
      }
      return Validators.cardIssuer(s, i, runLength) && Validators.luhn(s, i, runLength) ? run : -1;
    }
    // grouped as printed: a first group of 4, then 3 to 6 (dates, versions, addresses are not)
    if (runLength != 4) {
      return -1;
    }
    int second = run + 1;
    while (second < n && Chars.isDigit(s.charAt(second))) {
      second++;
    }
    if (second - run - 1 < 3 || second - run - 1 > 6) {
      return -1;
    }
    // cheap pre-count: fewer than 13 digits reachable through separators means no card
    int pos = i;
    int count = 0;
    while (pos < n && count < 13) {
      char c = s.charAt(pos);
      if (Chars.isDigit(c)) {
        count++;
      } else if (!(isCardSeparator(c) && Chars.digitAt(s, pos + 1))) {
        break;
      }
      pos++;
    }
    if (count < 13) {
      return -1;
    }
    int[] digits = new int[19];
    int[] boundaryCount = new int[8];
    int[] boundaryEnd = new int[8];
    int groups = 0;
    count = 0;
    pos = i;
    char sep = 0;
    while (true) {
      int groupStart = pos;
      while (pos < n && Chars.isDigit(s.charAt(pos))) {
        pos++;
      }
      int len = pos - groupStart;
      if (groups == 0 && len > 16 && (len > 19 || !(cardContext || cardWordBefore(s, i)))) {
        // one unseparated run of 17+ digits: a 64-bit id or a sequence number far more often than
        // one of the rare 17-19 digit cards, unless a card is named right before it ("card",
        // "cardNumber", "pan") or the caller knows the value is a card's (its JSON key)
        return -1;
      }
      if (count + len > 19) {
        break;
      }
      if (groups > 0 && (len < 3 || len > 6)) {
        break;
      }
      for (int k = groupStart; k < pos; k++) {
        digits[count++] = s.charAt(k) - '0';
      }
      boundaryCount[groups] = count;
      boundaryEnd[groups] = pos;
      groups++;
      if (groups == boundaryCount.length || pos + 1 >= n) {
        break;
      }
      char c = s.charAt(pos);
      if (isCardSeparator(c) && (sep == 0 || sep == c) && Chars.isDigit(s.charAt(pos + 1))) {
        sep = c;
        pos++;
      } else {
        break;
      }
    }
    if (groups > 1 && (boundaryCount[0] < 3 || boundaryCount[0] > 6)) {
      return -1;
    }
    for (int b = groups - 1; b >= 0; b--) {
      int cnt = boundaryCount[b];
      if (cnt < 13) {
        break;
      }
      int end = boundaryEnd[b];
      if (b == groups - 1 && end < n) {
        char c = s.charAt(end);
        if (Chars.isAlnum(c) || (c == '.' && Chars.digitAt(s, end + 1))) {
          continue;
        }
      }
      if (b > 0 && !printedGrouping(boundaryCount, b)) {
        continue;
      }
      if (Validators.cardIssuer(digits, cnt) && Validators.luhn(digits, cnt)) {
        return end;
      }
    }
    return -1;
  }

  /** The digit group ending at {@code sep} has 3+ digits, or is glued to letters ("8332-", "NO60 "); "91-" is a country code. */
  private static boolean longGroupBefore(String s, int sep) {
    int k = sep - 1;
    while (k >= 0 && Chars.isDigit(s.charAt(k))) {
      k--;
    }
    return sep - 1 - k >= 3 || (k >= 0 && Chars.isLetter(s.charAt(k)));
  }

  /** Two groups of four capitals and digits right before {@code sep} ("NL31 NWPH 0384..."): the middle of an IBAN-like reference. */
  private static boolean ibanGroupsBefore(String s, int sep) {
    for (int group = 0; group < 2; group++) {
      int end = sep;
      int k = end - 1;
      while (k >= 0 && (Chars.isUpper(s.charAt(k)) || Chars.isDigit(s.charAt(k)))) {
        k--;
      }
      if (end - 1 - k != 4 || (k >= 0 && Chars.isAlnum(s.charAt(k)))) {
        return false;
      }
      if (group == 0) {
        if (k < 1 || !isGroupSeparator(s.charAt(k))) {
          return false;
        }
        sep = k;
      }
    }
    return true;
  }

  /** The letters-and-digits group ending at {@code sep} has a letter ("2385583f-0779-..."). */
  private static boolean lettersInGroupBefore(String s, int sep) {
    for (int k = sep - 1; k >= 0 && Chars.isAlnum(s.charAt(k)); k--) {
      if (Chars.isLetter(s.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGroupSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '_';
  }

  /** Space, tab, '-', '.', '_' or '/' between the groups of a card (Unicode spaces and dashes arrive normalized). */
  private static boolean isCardSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '_' || c == '/' || c == '\t';
  }

  /** End of an SSN AAA-GG-SSSS starting at {@code i}, or -1. */
  static int ssnAt(String s, int i) {
    int n = s.length();
    if (i + 11 > n) {
      return -1;
    }
    char sep = s.charAt(i + 3);
    if (sep != '-' && sep != ' ' && sep != '.') {
      return -1;
    }
    if (!digits(s, i + 4, 2) || s.charAt(i + 6) != sep || !digits(s, i + 7, 4)) {
      return -1;
    }
    int end = i + 11;
    if (end < n) {
      char c = s.charAt(end);
      if (Chars.isAlnum(c) || ((c == sep || c == '.' || c == '-') && Chars.digitAt(s, end + 1))) {
        return -1;
      }
    }
    if (i > 0 && (s.charAt(i - 1) == '-' || s.charAt(i - 1) == '.') && Chars.digitAt(s, i - 2)) {
      return -1;
    }
    return Validators.ssn(number(s, i, 3), number(s, i + 4, 2), number(s, i + 7, 4)) ? end : -1;
  }

  /** End of a NANP number (415-555-0132, 415.555.0132, 1-800-555-0199) starting at {@code i}, or -1. */
  static int nanpAt(String s, int i) {
    int n = s.length();
    int pos = i;
    char sep;
    if (s.charAt(i) == '1' && i + 1 < n && (s.charAt(i + 1) == '-' || s.charAt(i + 1) == '.')) {
      sep = s.charAt(i + 1);
      pos = i + 2;
    } else {
      sep = i + 3 < n ? s.charAt(i + 3) : 0;
    }
    if (sep != '-' && sep != '.') {
      return -1;
    }
    if (pos + 12 > n || !digits(s, pos, 3) || s.charAt(pos + 3) != sep || !digits(s, pos + 4, 3)
        || s.charAt(pos + 7) != sep || !digits(s, pos + 8, 4)) {
      return -1;
    }
    if (s.charAt(pos) < '2' || s.charAt(pos + 4) < '2') {
      return -1;
    }
    int end = pos + 12;
    return boundedAfter(s, end) ? end : -1;
  }

  /** End of a national number with a trunk 0 in separated groups (090-1234-5678), or -1. */
  static int nationalAt(String s, int i, int firstGroup) {
    int n = s.length();
    int pos = i + firstGroup;
    if (pos + 1 >= n) {
      return -1;
    }
    char sep = s.charAt(pos);
    if ((sep != '-' && sep != ' ') || !Chars.isDigit(s.charAt(pos + 1))) {
      return -1;
    }
    long groups = nextGroups(s, pos + 1, sep);
    if (groups < 0) {
      return -1;
    }
    int end = (int) (groups >>> 32);
    int count = firstGroup + (int) groups;
    return count >= 9 && count <= 12 && boundedAfter(s, end) ? end : -1;
  }

  /**
   * The digit groups from {@code pos} on, each of 2-8 digits, one {@code sep} between them (0: the
   * first separator found, space, '-' or '.'): their end in the high 32 bits and their digit count in
   * the low ones, or -1 when a group is too short or too long.
   */
  private static long nextGroups(String s, int pos, char sep) {
    int n = s.length();
    int count = 0;
    int end = -1;
    while (pos < n && Chars.isDigit(s.charAt(pos))) {
      int group = pos;
      while (pos < n && Chars.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos - group < 2 || pos - group > 8) {
        return -1;
      }
      count += pos - group;
      end = pos;
      char c = pos + 1 < n ? s.charAt(pos) : 0;
      if ((c == ' ' || c == '-' || c == '.') && (sep == 0 || c == sep) && Chars.isDigit(s.charAt(pos + 1))) {
        sep = c;
        pos++;
      } else {
        break;
      }
    }
    return end < 0 ? -1 : (long) end << 32 | count;
  }

  /** "(415) 555-0132", "(415)555-0132", "(415) 555 0132". */
  static int parenStart(String s, int i, Findings out) {
    int n = s.length();
    int pos = i + 1;
    if (pos < n && s.charAt(pos) == '0') {
      int end = parenNationalAt(s, i);
      if (end > 0) {
        out.add(DetectorType.PHONE, i, end);
        return end;
      }
      return i + 1;
    }
    if (pos + 12 > n || s.charAt(pos + 3) != ')' || !digits(s, pos, 3) || s.charAt(pos) < '2') {
      return i + 1;
    }
    pos += 4;
    if (s.charAt(pos) == ' ') {
      pos++;
    }
    if (pos + 8 > n || !digits(s, pos, 3) || s.charAt(pos) < '2') {
      return i + 1;
    }
    char sep = s.charAt(pos + 3);
    if ((sep != '-' && sep != ' ' && sep != '.') || !digits(s, pos + 4, 4)) {
      return i + 1;
    }
    int end = pos + 8;
    if (!boundedAfter(s, end)) {
      return i + 1;
    }
    out.add(DetectorType.PHONE, i, end);
    return end;
  }

  /**
   * End of a national number whose trunk-0 area code is in parentheses, starting at the '(' at
   * {@code i} ("(020) 7946 0958", "(0176) 8868 3122", "(030) 12345678"), or -1: an area code of 2-5
   * digits, then groups of 2-8 digits with one kind of separator (space, '-' or '.'), 9-12 digits
   * in all, not glued to what follows.
   */
  static int parenNationalAt(String s, int i) {
    int n = s.length();
    int pos = i + 1;
    while (pos < n && Chars.isDigit(s.charAt(pos))) {
      pos++;
    }
    int area = pos - (i + 1);
    if (area < 2 || area > 5 || pos >= n || s.charAt(pos) != ')') {
      return -1;
    }
    pos++;
    if (pos < n && s.charAt(pos) == ' ') {
      pos++;
    }
    long groups = nextGroups(s, pos, (char) 0);
    if (groups < 0) {
      return -1;
    }
    int end = (int) (groups >>> 32);
    int count = area + (int) groups;
    return count >= 9 && count <= 12 && boundedAfter(s, end) ? end : -1;
  }

  /** "+1 415 555 0132", "+44 (20) 7123 4567", "+33 1 42 68 53 00", "+4930123456": 7-15 digits. */
  static int plusStart(String s, int i, Findings out) {
    int n = s.length();
    if (i + 1 >= n || s.charAt(i + 1) < '1' || s.charAt(i + 1) > '9') {
      return i + 1;
    }
    if (i > 0 && (Chars.isAlnum(s.charAt(i - 1)) || s.charAt(i - 1) == '+')) {
      return i + 1;
    }
    int pos = i + 1;
    int count = 0;
    int end = -1;
    while (pos < n) {
      char c = s.charAt(pos);
      if (Chars.isDigit(c)) {
        count++;
        pos++;
        end = pos;
        if (count > 15) {
          return skipNumber(s, pos);
        }
      } else if ((c == ' ' || c == '-' || c == '.') && pos + 1 < n
          && (Chars.isDigit(s.charAt(pos + 1)) || s.charAt(pos + 1) == '(')) {
        pos++;
      } else if (c == '(' && pos + 2 < n && Chars.isDigit(s.charAt(pos + 1))) {
        int close = pos + 1;
        while (close < n && close - pos <= 5 && Chars.isDigit(s.charAt(close))) {
          close++;
        }
        if (close >= n || s.charAt(close) != ')') {
          break;
        }
        count += close - pos - 1;
        pos = close + 1;
        end = pos;
      } else {
        break;
      }
    }
    if (count < 7 || count > 15 || end < 0 || !boundedAfter(s, end)) {
      return skipNumber(s, Math.max(pos, i + 1));
    }
    out.add(DetectorType.PHONE, i, end);
    return end;
  }

  private static int skipNumber(String s, int pos) {
    int n = s.length();
    while (pos < n && Chars.isDigit(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  /** Nothing glued after the match: no letter or digit, no ".5" or "-5" continuing the number. */
  static boolean boundedAfter(String s, int end) {
    if (end >= s.length()) {
      return true;
    }
    char c = s.charAt(end);
    if (Chars.isAlnum(c)) {
      return false;
    }
    return !((c == '.' || c == '-') && Chars.digitAt(s, end + 1));
  }

  static boolean digits(String s, int from, int len) {
    if (from + len > s.length()) {
      return false;
    }
    for (int k = from; k < from + len; k++) {
      if (!Chars.isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  static int number(String s, int from, int len) {
    int v = 0;
    for (int k = from; k < from + len; k++) {
      v = v * 10 + (s.charAt(k) - '0');
    }
    return v;
  }
}
