package dev.eventpipeline.masking.eval;

import java.util.Locale;

/**
 * Realistic log lines around a secret: application logs, logfmt key=value, {@code key: value},
 * access logs with query strings, HTTP headers, CSV, syslog, Python reprs, and JSON documents
 * (flat, nested, a message string, an array) with varied spacing, key order, escapes and
 * non-ASCII text. Nothing around the secret is itself sensitive.
 */
final class Contexts {
  private Contexts() {}

  /**
   * What a kind of value looks like in logs.
   *
   * @param keys field names it is logged under (none of them a sensitive key unless the kind is a credential)
   * @param phrases pairs of text before and after it in a sentence
   * @param headers HTTP header names that carry it (may be empty)
   * @param keyed only in places where a key, header or phrase says what it is (never a bare CSV field)
   */
  record Kind(String[] keys, String[][] phrases, String[] headers, boolean keyed) {
    Kind(String[] keys, String[][] phrases, String[] headers) {
      this(keys, phrases, headers, false);
    }
  }

  static final Kind EMAIL = new Kind(
      new String[] {"email", "user_email", "contact", "recipient", "to", "emailAddress", "login", "owner"},
      new String[][] {{"password reset requested for ", ""}, {"sending receipt to ", " (attempt 2)"},
          {"new signup: ", ", plan=pro"}, {"bounce from <", ">"}, {"user ", " logged in"},
          {"invitation accepted by ", "."}, {"could not deliver to \"", "\": mailbox full"}, {"owner changed to ", ""}},
      new String[] {"X-User-Email", "From", "Reply-To", "X-Forwarded-Email"});

  static final Kind CARD = new Kind(
      new String[] {"card", "card_number", "cardNumber", "pan", "cc", "payment_card", "number"},
      new String[][] {{"charging card ", " amount=12.50 EUR"}, {"card ", " declined: insufficient funds"},
          {"tokenizing PAN ", ""}, {"payment method updated, card ", ", brand ok"}, {"refund to card ", " queued"}},
      new String[] {"X-Card-Number"});

  /** For 17-19 digit cards in one run: only where the line says it is a card. */
  static final Kind CARD_CONTEXTUAL = new Kind(
      new String[] {"card", "card_number", "cardNumber", "pan", "payment_card"},
      new String[][] {{"charging card ", " amount=12.50 EUR"}, {"card ", " declined: insufficient funds"},
          {"tokenizing PAN ", ""}, {"refund to card ", " queued"}},
      new String[0], true);

  static final Kind IBAN = new Kind(
      new String[] {"iban", "IBAN", "account", "payout_account", "debtor_iban", "creditorIban"},
      new String[][] {{"payout to ", " scheduled"}, {"SEPA mandate created for IBAN ", ""},
          {"direct debit from ", " failed: AC04"}, {"beneficiary account ", " verified"}},
      new String[0]);

  static final Kind SSN = new Kind(
      new String[] {"ssn", "SSN", "social_security_number", "taxpayer_ssn", "applicant_ssn"},
      new String[][] {{"applicant SSN ", " verified"}, {"W-9 received, SSN ", ""}, {"identity check for SSN ", " passed"},
          {"SSN: ", " (manual review)"}},
      new String[0]);

  static final Kind PHONE = new Kind(
      new String[] {"phone", "mobile", "tel", "phone_number", "msisdn", "callback", "contactPhone"},
      new String[][] {{"SMS sent to ", ""}, {"call from ", " rejected"}, {"verification code sent to ", " via sms"},
          {"customer phone ", " updated"}, {"tel:", ""}, {"calling back ", " at 14:30"}},
      new String[] {"X-Caller-Number", "X-Phone"});

  static final Kind IP = new Kind(
      new String[] {"client_ip", "src", "remote_addr", "sourceIPAddress", "ip", "peer", "clientIp"},
      new String[][] {{"client ", " connected"}, {"login from ", " blocked after 5 attempts"},
          {"accepted connection from ", ""}, {"rate limit exceeded for ", ""}, {"peer ", " closed the stream"}},
      new String[] {"X-Forwarded-For", "X-Real-IP", "True-Client-IP"});

  // ---- placement ----

  private static final java.util.regex.Pattern URL_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9._~+@%-]+");

  static Case place(Gen g, String cls, int idx, Secret s, Kind k) {
    boolean urlSafe = URL_SAFE.matcher(s.value()).matches();
    boolean hasSpace = s.value().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    while (true) {
      int shape = g.between(0, 11);
      switch (shape) {
        case 0 -> {
          String[] ph = g.pick(k.phrases());
          return new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.level()).t(" [").t(g.thread()).t("] ")
              .t(g.logger()).t(" - ").t(ph[0]).s(s).t(ph[1]).build(cls, idx, false);
        }
        case 1 -> {
          LineBuilder b = new LineBuilder().t("ts=").t(g.isoTimestamp()).t(" level=").t(g.level().toLowerCase(Locale.ROOT))
              .t(" svc=").t(g.service()).t(" msg=\"").t(g.word()).t(" ").t(g.word()).t("\" ").t(g.pick(k.keys())).t("=");
          if (hasSpace || g.p(0.2)) {
            b.t("\"").sQuoted(s).t("\"");
          } else {
            b.s(s);
          }
          return b.t(" status=").t(g.status()).t(" dur_ms=").t(g.between(1, 900)).build(cls, idx, false);
        }
        case 2 -> {
          return new LineBuilder().t(g.word()).t(" lookup ok -> ").t(g.pick(k.keys())).t(": ").s(s)
              .t(", plan: ").t(g.pick("free", "pro", "team")).t(", region: ").t(g.pick("eu-west-1", "us-east-2", "ap-south-1"))
              .build(cls, idx, false);
        }
        case 3 -> {
          if (!urlSafe) {
            continue;
          }
          return new LineBuilder().t(g.host()).t(" - - [").t(g.clfDate()).t("] \"").t(g.pick("GET", "GET", "POST", "DELETE"))
              .t(" ").t(g.path()).t("?").t(g.pick(k.keys())).t("=").s(s).t("&page=").t(g.between(1, 40))
              .t(" HTTP/1.1\" ").t(g.status()).t(" ").t(g.between(0, 90000)).t(" \"-\" \"").t(g.userAgent()).t("\"")
              .build(cls, idx, false);
        }
        case 4 -> {
          if (k.headers().length == 0) {
            continue;
          }
          LineBuilder b = new LineBuilder();
          if (g.p(0.5)) {
            b.t("> ");
          } else {
            b.t("[").t(g.service()).t("] request header ");
          }
          return b.t(g.pick(k.headers())).t(": ").s(s).build(cls, idx, false);
        }
        case 5 -> {
          if (k.keyed()) {
            continue;
          }
          return new LineBuilder().t(g.date()).t(",").t(g.between(10000, 99999)).t(",").s(s).t(",").t(g.word()).t(",")
              .t(g.between(1, 999)).t(".").t(g.between(10, 99)).build(cls, idx, false);
        }
        case 6 -> {
          String[] ph = g.pick(k.phrases());
          return new LineBuilder().t("<").t(g.between(128, 191)).t(">").t(g.syslogDate()).t(" ").t(g.host()).t(" ")
              .t(g.service()).t("[").t(g.between(100, 65000)).t("]: ").t(ph[0]).s(s).t(ph[1]).build(cls, idx, false);
        }
        case 7 -> {
          if (s.value().contains("'") || s.value().contains("\\")) {
            continue;
          }
          return new LineBuilder().t("{'").t(g.pick(k.keys())).t("': '").s(s).t("', 'ts': ").t(g.epochSeconds())
              .t(", 'ok': ").t(g.pick("True", "False")).t("}").build(cls, idx, false);
        }
        case 8 -> {
          Json.Obj o = Json.obj().put("ts", Json.str(g.isoTimestamp())).put("level", Json.str(g.level().toLowerCase(Locale.ROOT)))
              .put(g.pick(k.keys()), Json.str(s));
          benignFields(g, o, g.between(1, 4));
          return Json.doc(cls, idx, o.shuffle(g), g);
        }
        case 9 -> {
          Json.Obj user = Json.obj().put("id", Json.num(g.between(1, 999999))).put(g.pick(k.keys()), Json.str(s))
              .put("plan", Json.str(g.pick("free", "pro", "team")));
          Json.Obj req = Json.obj().put("id", Json.str(g.uuid())).put("path", Json.str(new Json.Raw(Json.decorated(g, g.path()))));
          Json.Obj o = Json.obj().put("request", req.shuffle(g)).put("user", user.shuffle(g)).put("level", Json.str("info"));
          benignFields(g, o, g.between(0, 2));
          return Json.doc(cls, idx, o.shuffle(g), g);
        }
        case 10 -> {
          String[] ph = g.pick(k.phrases());
          Json.Obj o = Json.obj().put("time", Json.str(g.isoTimestamp())).put("level", Json.str(g.level()))
              .put(g.pick("msg", "message", "event"), Json.str(ph[0], s, ph[1]));
          benignFields(g, o, g.between(0, 3));
          return Json.doc(cls, idx, o.shuffle(g), g);
        }
        default -> {
          Json.Obj o = Json.obj().put(g.pick(k.keys()) + "s", Json.arr(Json.str(s)))
              .put("template", Json.str(g.word())).put("count", Json.num(1));
          benignFields(g, o, g.between(0, 2));
          return Json.doc(cls, idx, o.shuffle(g), g);
        }
      }
    }
  }

  private static final String[] NOTES = {
    "café ☕ ready", "Grüße aus Köln", "注文を受け付けました", "Заказ принят", "🚀 deployed", "naïve résumé parsed",
    "日本語テキスト", "emoji 👍🏽 ok", "línea añadida", "Ελληνικά κείμενα", "שלום", "χρόνος 12 ms", "tab\there", "quote \"x\" done",
    "path C:\\temp\\x", "100% done", "a/b/c"
  };

  /** Adds n benign fields (numbers, floats, booleans, nulls, arrays, non-ASCII text, escapes). */
  static void benignFields(Gen g, Json.Obj o, int n) {
    String[] names = {"service", "latency_ms", "ok", "retries", "tags", "note", "ratio", "version", "requestId",
        "parent", "extra", "count"};
    for (int i = 0; i < n; i++) {
      int which = g.between(0, names.length - 1);
      if (o.has(names[which])) {
        continue;
      }
      Json.Node value = switch (which) {
        case 0 -> Json.str(g.service());
        case 1 -> Json.num(g.between(1, 5000));
        case 2 -> g.p(0.5) ? Json.TRUE : Json.FALSE;
        case 3 -> Json.num(g.between(0, 5));
        case 4 -> Json.arr(Json.str(g.word()), Json.str(g.word()));
        case 5 -> Json.str(new Json.Raw(Json.decorated(g, g.pick(NOTES))));
        case 6 -> Json.num(g.pick("0.25", "1.50", "1e-3", "2.0E+2", "-0.0", "3.14159"));
        case 7 -> Json.str(g.between(1, 9) + "." + g.between(0, 20) + "." + g.between(0, 40));
        case 8 -> Json.str(g.uuid());
        case 9 -> Json.NULL;
        case 10 -> Json.obj();
        default -> Json.num(g.between(0, 100000));
      };
      o.put(names[which], value);
    }
  }
}
