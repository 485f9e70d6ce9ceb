package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.settings.MaskPolicy;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keys whose values are secrets whatever they look like. A key is split into words (separators,
 * camelCase and letter/digit boundaries: {@code passwordConfirm} = password, confirm;
 * {@code X-API-Key} = x, api, key) and matches when
 *
 * <ol>
 *   <li>its letters and digits, lower-cased and run together, END with a keyword of five or more
 *       characters ({@code DB_PASSWORD}, {@code client_secret}, {@code x-api-key}, {@code accesstoken},
 *       {@code SecretAccessKey}, {@code Set-Cookie}), or
 *   <li>its last word IS a short keyword ({@code pwd}, {@code pass}, {@code pin}, {@code cvv},
 *       {@code otp}, {@code auth}); {@code bypass} or {@code spin} are not, or
 *   <li>the words after a keyword all say "the same value, again or encoded"
 *       ({@code password_confirmation}, {@code passwordConfirm}, {@code pin_code},
 *       {@code secret_value}, {@code password2}, {@code pwd_hash}).
 * </ol>
 *
 * Anything else after a keyword makes it a name for something else: {@code token_count},
 * {@code password_policy}, {@code passwd_changed_at}, {@code secretName}, {@code AccessKeyId}.
 * Extra keys from the policy match as keywords of rule 1 (any length) and are reported as SECRET.
 */
public final class SensitiveKeys {
  /** Keywords of rule 1 (matched at the end of the run-together key) and their categories. */
  private static final Map<String, DetectorType> LONG = new LinkedHashMap<>();
  /** Keywords of rule 2 (a whole last word). */
  private static final Map<String, DetectorType> SHORT = new LinkedHashMap<>();
  /** Words that may follow a keyword and still name the secret itself (rule 3). */
  private static final List<String> SAME_VALUE = List.of(
      "confirmation", "confirm", "confirmed", "again", "repeat", "repeated", "verify", "verification", "check",
      "value", "val", "plain", "plaintext", "clear", "cleartext", "raw", "text", "str", "string",
      "b64", "base64", "hex", "encoded", "enc", "encrypted", "hash", "hashed", "digest",
      "old", "new", "current", "previous", "prev", "temp", "tmp", "original", "input", "field", "code", "number", "no");

  static {
    for (String w : List.of("password", "passwd", "passphrase", "passcode", "passwort", "contrasena", "contraseña",
        "motdepasse", "senha", "wachtwoord", "пароль")) {
      LONG.put(w, DetectorType.PASSWORD);
    }
    LONG.put("authorization", DetectorType.AUTHORIZATION);
    for (String w : List.of("secret", "secretkey", "secretaccesskey", "token", "apikey", "accesskey", "privatekey",
        "signingkey", "encryptionkey", "masterkey", "sessionkey", "tlskey", "sslkey", "cookie", "credential", "credentials", "sessionid",
        "signature", "apisecret", "clientsecret", "connectionstring", "webhooksecret", "securitycode", "pincode",
        "cardverificationvalue", "cardverificationcode")) {
      LONG.put(w, DetectorType.SECRET);
    }
    for (String w : List.of("pwd", "pass")) {
      SHORT.put(w, DetectorType.PASSWORD);
    }
    for (String w : List.of("pin", "cvv", "cvv2", "cvc", "cvc2", "csc", "cvn", "otp", "totp", "auth", "sid", "jwt")) {
      SHORT.put(w, DetectorType.SECRET);
    }
  }

  private final String[] longKeys;
  private final DetectorType[] longTypes;
  /** Last character (lower-case ASCII) of every keyword and suffix word: a cheap pre-filter for callers. */
  private final boolean[] lastChars = new boolean[128];

  /**
   * The last three letters (lower case) of every keyword and suffix word, as a bit set over
   * {@link #index}: a key matches only if its letters and digits end with one of them (or with a
   * digit: password2), so most keys are answered "no" from three characters, before any hashing.
   */
  private final long[] lastTrigrams = new long[(ALPHABET * ALPHABET * ALPHABET + 63) / 64];
  private static final int ALPHABET = 36;

  private SensitiveKeys(Map<String, DetectorType> longWords) {
    this.longKeys = longWords.keySet().toArray(String[]::new);
    this.longTypes = longWords.values().toArray(DetectorType[]::new);
    for (String w : longKeys) {
      markLast(w);
    }
    SHORT.keySet().forEach(this::markLast);
    SAME_VALUE.forEach(this::markLast);
    for (String w : List.of("pwd", "pass", "pin")) {
      markLast(w); // rule 2 run together (DBPASS)
    }
    for (char d = '0'; d <= '9'; d++) {
      lastChars[d] = true; // password2
    }
  }

  private void markLast(String word) {
    char c = word.charAt(word.length() - 1);
    if (c < 128) {
      lastChars[c] = true;
    }
    // every trigram a key ending with this word can end with: a word shorter than three characters
    // (an extra key "ab", the suffix "no") leaves the characters before it free
    int free = Math.max(0, 3 - word.length());
    int[] fixed = new int[3 - free];
    for (int k = 0; k < fixed.length; k++) {
      fixed[k] = index(word.charAt(word.length() - fixed.length + k));
      if (fixed[k] < 0) {
        return; // a keyword ending in another script: keys ending that way always pass (see mayMatch)
      }
    }
    int combinations = (int) Math.pow(ALPHABET, free);
    for (int prefix = 0; prefix < combinations; prefix++) {
      int t = prefix;
      for (int f : fixed) {
        t = t * ALPHABET + f;
      }
      lastTrigrams[t >>> 6] |= 1L << t;
    }
  }

  /** a-z (either case) 0-25, 0-9 26-35, anything else -1. */
  private static int index(char c) {
    if (c >= '0' && c <= '9') {
      return 26 + c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'z' ? lower - 'a' : -1;
  }

  /**
   * True when the three characters ending at {@code last} are ASCII letters that no keyword or
   * suffix word ends with: a key ending there is not sensitive, whatever comes before (the same
   * answer as {@link #mayMatch}, before the key's start is known).
   */
  public boolean refusesEnding(String s, int last) {
    if (last < 2) {
      return false;
    }
    int a = index(s.charAt(last - 2));
    int b = index(s.charAt(last - 1));
    int c = index(s.charAt(last));
    if ((a | b | c) < 0 || a >= 26 || b >= 26 || c >= 26) {
      return false; // not three letters
    }
    int t = (a * ALPHABET + b) * ALPHABET + c;
    return (lastTrigrams[t >>> 6] & (1L << t)) == 0;
  }

  /**
   * False when the key {@code s[start, end)} cannot be sensitive, from its last three letters or
   * digits alone: they end no keyword or suffix word. True for anything else (a key ending with a
   * digit, with fewer than three letters and digits, or with characters of another script).
   */
  boolean mayMatch(String s, int start, int end) {
    int t = 0;
    int found = 0;
    for (int i = end - 1; i >= start && found < 3; i--) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return true;
      }
      int x = index(c);
      if (x < 0) {
        continue; // separators do not count: pin_no ends with "nno"
      }
      if (found == 0 && x >= 26) {
        return true; // password2, cvv2
      }
      t += x * (found == 0 ? 1 : found == 1 ? ALPHABET : ALPHABET * ALPHABET);
      found++;
    }
    return found < 3 || (lastTrigrams[t >>> 6] & (1L << t)) != 0;
  }

  /** The built-in keywords plus {@code extra} keys (normalized; reported as SECRET). */
  public static SensitiveKeys withExtra(Collection<String> extra) {
    Map<String, DetectorType> words = new LinkedHashMap<>(LONG);
    for (String key : extra) {
      String normalized = normalize(key);
      if (!normalized.isEmpty()) {
        words.putIfAbsent(normalized, DetectorType.SECRET);
      }
    }
    return new SensitiveKeys(words);
  }

  public static SensitiveKeys builtIn() {
    return withExtra(List.of());
  }

  /** Lower case, letters and digits only. */
  public static String normalize(String key) {
    return MaskPolicy.normalizeKey(key);
  }

  /**
   * Whether a key ending with the (ASCII) character {@code c} could be sensitive: callers reject
   * most non-keys (timestamps, ports, URLs) with this before reading the key.
   */
  public boolean mayEndWith(char c) {
    char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    return lower >= 128 || lastChars[lower];
  }

  /** The category of a key (PASSWORD, AUTHORIZATION, SECRET), or null when it is not sensitive. */
  public DetectorType match(String key) {
    return match(key, 0, key.length());
  }

  /**
   * As {@link #match(String)} for the key {@code s[start, end)}. Answers are cached per thread by
   * key (log lines repeat the same few hundred keys), so the common case reads no more than the key.
   */
  public DetectorType match(String s, int start, int end) {
    if (!mayMatch(s, start, end)) {
      return null;
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + s.charAt(i);
    }
    return cached(s, start, end, h);
  }

  /** As {@link #match(String, int, int)} with the key's hash (31 * h + c over its characters) already known. */
  public DetectorType match(String s, int start, int end, int h) {
    return mayMatch(s, start, end) ? cached(s, start, end, h) : null;
  }

  private DetectorType cached(String s, int start, int end, int h) {
    int len = end - start;
    if (len <= 0 || len > 64) {
      return len <= 0 ? null : compute(s, start, end);
    }
    Cache cache = caches.get();
    int slot = (h ^ (h >>> 16)) & (Cache.SIZE - 1);
    String cached = cache.keys[slot];
    if (cached != null && cached.length() == len && s.regionMatches(start, cached, 0, len)) {
      return cache.results[slot];
    }
    DetectorType result = compute(s, start, end);
    cache.keys[slot] = s.substring(start, end);
    cache.results[slot] = result;
    return result;
  }

  /** A direct-mapped cache of key answers and scratch space (one per thread: no locking on the hot path). */
  private static final class Cache {
    static final int SIZE = 4096;
    final String[] keys = new String[SIZE];
    final DetectorType[] results = new DetectorType[SIZE];
    char[] chars = new char[64];
    boolean[] starts = new boolean[64];
  }

  private final ThreadLocal<Cache> caches = ThreadLocal.withInitial(Cache::new);

  /**
   * The rules over the key's letters and digits, lower-cased and run together ({@code k}), with the
   * positions where its words start: no allocation.
   */
  private DetectorType compute(String s, int start, int end) {
    Cache scratch = caches.get();
    int len = end - start;
    if (scratch.chars.length < len) {
      scratch.chars = new char[len];
      scratch.starts = new boolean[len];
    }
    char[] k = scratch.chars;
    boolean[] wordStart = scratch.starts;
    int m = 0;
    char prev = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        prev = 0;
        continue;
      }
      boolean boundary = prev == 0
          || Character.isLowerCase(prev) && Character.isUpperCase(c)
          || Character.isUpperCase(prev) && Character.isUpperCase(c) && i + 1 < end && Character.isLowerCase(s.charAt(i + 1))
          || Character.isDigit(prev) != Character.isDigit(c);
      wordStart[m] = boundary;
      k[m++] = Character.toLowerCase(c);
      prev = c;
    }
    // rules 1 and 2 on the whole key, then rule 3: drop trailing same-value words and try again
    int last = m;
    while (last > 0) {
      int lastWord = last - 1;
      while (!wordStart[lastWord]) {
        lastWord--;
      }
      DetectorType t = longWord(k, last);
      if (t == null) {
        t = shortWord(k, lastWord, last);
      }
      if (t == null) {
        t = runTogether(k, last);
      }
      if (t == null) {
        t = keywordThenSameValue(k, lastWord, last);
      }
      if (t != null) {
        return t;
      }
      if (!sameValue(k, lastWord, last)) {
        return null;
      }
      last = lastWord;
    }
    return null;
  }

  /** Rule 3 run together: "PASSWORDCONFIRM", "passwordconfirmation" (a keyword, then a same-value word, in one word). */
  private DetectorType keywordThenSameValue(char[] k, int wordStart, int end) {
    for (String w : SAME_VALUE) {
      int rest = end - w.length();
      if (rest - wordStart >= 5 && endsWith(k, end, w)) {
        DetectorType t = longWord(k, rest);
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }

  /** Rule 1: the longest keyword that {@code k[0, end)} ends with. */
  private DetectorType longWord(char[] k, int end) {
    DetectorType best = null;
    int bestLength = 0;
    for (int w = 0; w < longKeys.length; w++) {
      String word = longKeys[w];
      if (word.length() > bestLength && endsWith(k, end, word)) {
        best = longTypes[w];
        bestLength = word.length();
      }
    }
    return best;
  }

  private static DetectorType shortWord(char[] k, int from, int to) {
    for (Map.Entry<String, DetectorType> e : SHORT.entrySet()) {
      if (equals(k, from, to, e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean sameValue(char[] k, int from, int to) {
    if (k[from] >= '0' && k[from] <= '9') {
      return true; // password2
    }
    for (String w : SAME_VALUE) {
      if (equals(k, from, to, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWith(char[] k, int end, String word) {
    int n = word.length();
    if (n > end) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (k[end - n + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equals(char[] k, int from, int to, String word) {
    return to - from == word.length() && endsWith(k, to, word);
  }

  /**
   * Short keywords at the end of a key written without separators ({@code DBPASS}, {@code MYSQLPWD},
   * {@code CARDPIN}), except in words that merely end with them ({@code bypass}, {@code compass},
   * {@code spin}, {@code hairpin}).
   */
  private static DetectorType runTogether(char[] k, int end) {
    if (end > 3 && endsWith(k, end, "pwd")) {
      return DetectorType.PASSWORD;
    }
    if (end > 4 && endsWith(k, end, "pass") && !endsWith(k, end, "bypass") && !endsWith(k, end, "compass")
        && !equalsAny(k, end, PASS_WORDS)) {
      return DetectorType.PASSWORD;
    }
    if (end > 4 && endsWith(k, end, "pin") && !endsWith(k, end, "spin") && !equalsAny(k, end, PIN_WORDS)) {
      return DetectorType.SECRET;
    }
    return null;
  }

  private static boolean equalsAny(char[] k, int end, java.util.Set<String> words) {
    for (String w : words) {
      if (equals(k, 0, end, w)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> PASS_WORDS = java.util.Set.of("trespass", "overpass", "underpass",
      "surpass", "encompass", "impass", "firstpass", "onepass", "multipass", "highpass", "lowpass", "bandpass");
  private static final java.util.Set<String> PIN_WORDS = java.util.Set.of("kingpin", "hairpin", "pushpin", "linchpin",
      "lynchpin", "tiepin", "terrapin", "clothespin", "safetypin");



  /** Whether the key is a cookie header or field ({@code Cookie}, {@code Set-Cookie}, {@code cookies}). */
  public static boolean isCookie(String s, int start, int end) {
    String n = normalize(s.substring(start, end));
    return n.endsWith("cookie") || n.endsWith("cookies");
  }

  /** Whether the key is {@code Set-Cookie} (one cookie, then attributes that are not secret). */
  public static boolean isSetCookie(String s, int start, int end) {
    return normalize(s.substring(start, end)).endsWith("setcookie");
  }
}
