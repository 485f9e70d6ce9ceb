package dev.eventpipeline.masking.eval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded randomness and the small vocabularies the generators share: names in several scripts,
 * domains and TLDs, timestamps, benign words. Every value comes from {@link #r}, so a class
 * generated with the same seed is the same corpus on every machine.
 */
final class Gen {
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String ALNUM = UPPER + LOWER + DIGITS;
  /** Base62 in the order GitHub's and npm's checksums use. */
  static final String BASE62 = DIGITS + UPPER + LOWER;
  static final String HEX = "0123456789abcdef";
  static final String B64 = UPPER + LOWER + DIGITS + "+/";
  static final String B64URL = UPPER + LOWER + DIGITS + "-_";

  final Random r;

  Gen(long seed) {
    this.r = new Random(seed);
  }

  int between(int lo, int hiInclusive) {
    return lo + r.nextInt(hiInclusive - lo + 1);
  }

  boolean p(double probability) {
    return r.nextDouble() < probability;
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  <T> List<T> shuffled(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, r);
    return copy;
  }

  String from(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Code points picked from {@code alphabet} (which may hold characters outside the BMP). */
  String fromCodePoints(String alphabet, int n) {
    int[] cps = alphabet.codePoints().toArray();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(cps[r.nextInt(cps.length)]);
    }
    return b.toString();
  }

  String digits(int n) {
    return from(DIGITS, n);
  }

  /** n digits, the first not 0. */
  String number(int n) {
    return between(1, 9) + digits(n - 1);
  }

  String hex(int n) {
    return from(HEX, n);
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  String b64(int bytes) {
    return Base64.getEncoder().encodeToString(bytes(bytes));
  }

  String b64url(int bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
  }

  static String b64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  String uuid() {
    return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-" + pick("8", "9", "a", "b") + hex(3) + "-" + hex(12);
  }

  /** A random identifier-ish word from the benign vocabulary. */
  String word() {
    return pick(WORDS);
  }

  String words(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(word());
    }
    return b.toString();
  }

  static final String[] WORDS = {
    "order", "invoice", "cart", "basket", "shipment", "parcel", "warehouse", "catalog", "report", "export",
    "import", "sync", "batch", "queue", "worker", "cache", "index", "search", "render", "upload", "thumbnail",
    "billing", "checkout", "profile", "settings", "session", "inventory", "pricing", "discount", "coupon",
    "ledger", "payout", "refund", "webhook", "schedule", "cron", "backup", "restore", "migration", "tenant",
    "region", "cluster", "shard", "replica", "partition", "gateway", "router", "scheduler", "pipeline",
    "stream", "bucket", "archive", "metrics", "alerts", "health", "status", "feature", "rollout", "canary",
    "blue", "green", "alpha", "beta", "delta", "orion", "lyra", "vega", "atlas", "nova", "pixel", "quartz"
  };

  // ---- names in several scripts ----

  enum Script { LATIN, LATIN_ACCENTED, CYRILLIC, GREEK, CJK, KANA, HANGUL, ARABIC, HEBREW }

  private static final String LAT_C = "bcdfghjklmnprstvwz";
  private static final String LAT_V = "aeiou";
  private static final String ACC_V = "áéíóúàèüöäâêôãõåø";
  private static final String ACC_C = "bcdfghjklmnprstvzñçłşğšžč";
  private static final String CYR_C = "бвгджзклмнпрстфхцчш";
  private static final String CYR_V = "аеиоуыяюэё";
  private static final String GRK_C = "βγδζθκλμνξπρστφχψ";
  private static final String GRK_V = "αεηιουωάέίόύώ";
  private static final String CJK = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
      + "谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华";
  private static final String KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
      + "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
  private static final String ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
  private static final String HEBREW = "אבגדהוזחטיכלמנסעפצקרשת";

  /** A lower-case ASCII name of 2-4 syllables. */
  String latinName() {
    int syl = between(2, 4);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < syl; i++) {
      b.append(LAT_C.charAt(r.nextInt(LAT_C.length()))).append(LAT_V.charAt(r.nextInt(LAT_V.length())));
      if (p(0.2)) {
        b.append(LAT_C.charAt(r.nextInt(LAT_C.length())));
      }
    }
    return b.toString();
  }

  /** A name in {@code script}, lower case where the script has case. */
  String name(Script script) {
    switch (script) {
      case LATIN:
        return latinName();
      case LATIN_ACCENTED: {
        StringBuilder b = new StringBuilder();
        int syl = between(2, 3);
        boolean accented = false;
        for (int i = 0; i < syl; i++) {
          b.append(p(0.4) ? ACC_C.charAt(r.nextInt(ACC_C.length())) : LAT_C.charAt(r.nextInt(LAT_C.length())));
          if (p(0.5) || (i == syl - 1 && !accented)) {
            b.append(ACC_V.charAt(r.nextInt(ACC_V.length())));
            accented = true;
          } else {
            b.append(LAT_V.charAt(r.nextInt(LAT_V.length())));
          }
        }
        return b.toString();
      }
      case CYRILLIC:
        return syllables(CYR_C, CYR_V, between(2, 3));
      case GREEK:
        return syllables(GRK_C, GRK_V, between(2, 3));
      case CJK:
        return fromCodePoints(CJK, between(2, 3));
      case KANA:
        return fromCodePoints(KANA, between(2, 4));
      case HANGUL: {
        StringBuilder b = new StringBuilder();
        int n = between(2, 3);
        for (int i = 0; i < n; i++) {
          // composed syllables from a common subset: initial x medial, no final
          int initial = r.nextInt(19);
          int medial = r.nextInt(21);
          b.append((char) (0xAC00 + (initial * 21 + medial) * 28));
        }
        return b.toString();
      }
      case ARABIC:
        return fromCodePoints(ARABIC, between(3, 6));
      case HEBREW:
        return fromCodePoints(HEBREW, between(3, 5));
      default:
        throw new IllegalArgumentException(script.name());
    }
  }

  private String syllables(String consonants, String vowels, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(consonants.codePointAt(r.nextInt(consonants.length())));
      b.appendCodePoint(vowels.codePointAt(r.nextInt(vowels.length())));
    }
    return b.toString();
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  // ---- domains ----

  static final String[] TLDS = {
    "com", "com", "com", "net", "org", "io", "dev", "app", "co", "de", "fr", "nl", "se", "ch", "at", "pl", "it", "es",
    "co.uk", "org.uk", "com.au", "co.jp", "ne.jp", "com.br", "co.in", "ca", "us", "eu", "info", "biz", "cloud",
    "online", "tech", "technology", "email", "museum", "agency", "xyz", "me", "tv", "xn--p1ai", "xn--fiqs8s"
  };

  /** A lower-case ASCII label (letters, sometimes a digit or a hyphen inside). */
  String domainLabel() {
    String label = latinName();
    if (p(0.15)) {
      label = label + "-" + latinName();
    }
    if (p(0.1)) {
      label = label + between(1, 99);
    }
    return label;
  }

  /** An ASCII domain: one to three labels and a TLD. */
  String asciiDomain() {
    StringBuilder b = new StringBuilder();
    if (p(0.25)) {
      b.append(pick("mail", "corp", "eu", "us", "staff", "students", "dept", "hq", "intl")).append('.');
    }
    b.append(domainLabel()).append('.').append(pick(TLDS));
    return b.toString();
  }

  // ---- time ----

  int year() {
    return between(2023, 2026);
  }

  String isoTimestamp() {
    return String.format(Locale.ROOT, "%d-%02d-%02dT%02d:%02d:%02d.%03dZ", year(), between(1, 12), between(1, 28),
        between(0, 23), between(0, 59), between(0, 59), between(0, 999));
  }

  String date() {
    return String.format(Locale.ROOT, "%d-%02d-%02d", year(), between(1, 12), between(1, 28));
  }

  String time() {
    return String.format(Locale.ROOT, "%02d:%02d:%02d", between(0, 23), between(0, 59), between(0, 59));
  }

  static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  /** Common Log Format time, e.g. 03/May/2025:12:34:56 +0000. */
  String clfDate() {
    return String.format(Locale.ROOT, "%02d/%s/%d:%s %s", between(1, 28), pick(MONTHS), year(), time(),
        pick("+0000", "+0200", "-0500", "+0530", "+0900"));
  }

  String syslogDate() {
    return String.format(Locale.ROOT, "%s %2d %s", pick(MONTHS), between(1, 28), time());
  }

  String httpDate() {
    return String.format(Locale.ROOT, "%s, %02d %s %d %s GMT", pick(DAYS), between(1, 28), pick(MONTHS), year(), time());
  }

  long epochSeconds() {
    return 1_672_531_200L + r.nextInt(126_000_000);
  }

  // ---- log furniture (never sensitive) ----

  String level() {
    return pick("INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG");
  }

  String logger() {
    return pick("c.e.orders.OrderService", "c.e.auth.LoginController", "c.e.billing.InvoiceJob",
        "o.s.web.servlet.DispatcherServlet", "app.handlers.checkout", "svc.notify.Mailer",
        "com.acme.payments.CardGateway", "io.app.users.ProfileResource");
  }

  String thread() {
    return pick("main", "http-nio-8080-exec-" + between(1, 20), "pool-" + between(1, 4) + "-thread-" + between(1, 9),
        "worker-" + between(0, 7), "scheduler-1", "ForkJoinPool.commonPool-worker-" + between(1, 5));
  }

  String service() {
    return pick("orders", "billing", "auth", "notify", "checkout", "profile", "search", "ledger", "payouts");
  }

  /** A host name that is not an IP address. */
  String host() {
    return pick("web", "api", "worker", "db", "cache", "edge", "ingest") + "-" + between(1, 40) + "."
        + pick("internal", "prod.internal", "eu-west-1.compute.internal", "svc.cluster.local", "corp.lan");
  }

  String path() {
    return "/" + pick("api/v1", "api/v2", "v1", "internal", "admin", "app") + "/" + word() + "s"
        + (p(0.5) ? "/" + between(1, 99999) : "");
  }

  String userAgent() {
    return pick("curl/8." + between(0, 9) + "." + between(0, 3), "python-requests/2." + between(20, 32) + "." + between(0, 3),
        "okhttp/4." + between(9, 12) + "." + between(0, 3), "Go-http-client/1.1", "aws-sdk-java/2." + between(20, 30) + "." + between(1, 40),
        "Mozilla/5.0 (X11; Linux x86_64; rv:" + between(110, 130) + ".0) Gecko/20100101 Firefox/" + between(110, 130) + ".0");
  }

  /** An X-Ray style trace id. */
  String traceId() {
    return "1-" + hex(8) + "-" + hex(24);
  }

  int status() {
    return pick(200, 200, 200, 201, 204, 301, 302, 400, 401, 403, 404, 409, 429, 500, 502, 503);
  }
}
