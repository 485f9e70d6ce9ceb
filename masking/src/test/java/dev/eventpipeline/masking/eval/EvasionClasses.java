package dev.eventpipeline.masking.eval;

import static dev.eventpipeline.masking.eval.CaseClass.evasion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evasions: the same sensitive values written so a naive scanner misses them (compatibility
 * characters, unusual separators, non-ASCII addresses, escapes, odd key spellings, vendor tokens,
 * cookies, zero-width characters). Every case is something a careful human reads as sensitive.
 */
final class EvasionClasses {
  private EvasionClasses() {}

  static List<CaseClass> all() {
    return List.of(
        evasion("fullwidth", "full-width (NFKC) digits, letters, ＠ in e-mails, cards, SSNs, phones, IPv4",
            EvasionClasses::fullwidth),
        evasion("card_separators", "cards grouped with NBSP, narrow NBSP, thin space, tab, '.', '_', '/'",
            EvasionClasses::cardSeparators),
        evasion("email_unicode", "e-mails with accented/Cyrillic/Greek/CJK/kana/Hangul/Arabic/Hebrew local parts, IDN domains and TLDs",
            EvasionClasses::emailUnicode),
        evasion("percent_encoded", "%40 e-mails in query strings and form bodies, %2B phones, %20 cards, encoded passwords",
            EvasionClasses::percentEncoded),
        evasion("unicode_escaped", "JSON \\uXXXX escapes inside values and keys, in JSON lines and in text lines",
            EvasionClasses::unicodeEscaped),
        evasion("email_json_key", "an e-mail address used as a JSON object key", EvasionClasses::emailJsonKey),
        evasion("card_json_number", "a card written as a JSON number (13-19 digits)", EvasionClasses::cardJsonNumber),
        evasion("key_spellings", "sensitive keys in snake/kebab/camel/Pascal/UPPER, prefixed and suffixed, in k=v, k: v, \"k\":\"v\", JSON, headers",
            EvasionClasses::keySpellings),
        evasion("value_punctuation", "secret values starting with % # ! @ * or $ followed by a non-identifier character",
            EvasionClasses::valuePunctuation),
        evasion("value_separators_xml", "secret values with '&', ';' or ',' inside (not followed by a field), and values of"
            + " sensitive XML elements (namespaced, with attributes, in text and inside JSON strings)",
            EvasionClasses::valueSeparatorsXml),
        evasion("token_github", "GitHub ghp_/gho_/ghu_/ghs_/ghr_ (CRC32 checksum) and github_pat_ tokens",
            (g, id, i) -> vendor(g, id, i, g.p(0.8) ? Creds.githubClassic(g) : Creds.githubFineGrained(g), "github")),
        evasion("token_slack", "Slack xoxb-/xoxp-/xoxa-/xoxr-/xoxs- and xapp- tokens",
            (g, id, i) -> vendor(g, id, i, Creds.slack(g), "slack")),
        evasion("token_stripe", "Stripe sk_/rk_ live and test keys", (g, id, i) -> vendor(g, id, i, Creds.stripe(g), "stripe")),
        evasion("token_google", "Google API keys AIza + 35", (g, id, i) -> vendor(g, id, i, Creds.googleApiKey(g), "google")),
        evasion("token_npm", "npm_ tokens (CRC32 checksum)", (g, id, i) -> vendor(g, id, i, Creds.npm(g), "npm")),
        evasion("token_other", "GitLab, Shopify, SendGrid, Hugging Face, Anthropic, DigitalOcean, PyPI, Vault, Doppler, Databricks, Postman, Linear, Grafana, Square, age",
            (g, id, i) -> {
              String[] t = Creds.otherVendor(g);
              return vendor(g, id, i, t[1], t[0]);
            }),
        evasion("cookie", "Cookie and Set-Cookie values (names, attributes and the rest of the line survive)",
            EvasionClasses::cookie),
        evasion("bearer_variants", "lower/upper-case 'bearer', opaque b64token credentials (dots, ~, +/=), more fields after",
            EvasionClasses::bearerVariants).withAuthorizationLabel(),
        evasion("zero_width", "zero-width characters (U+200B/C/D, U+2060, U+FEFF) inside e-mails, cards, IBANs, SSNs, phones, keys, tokens",
            EvasionClasses::zeroWidth));
  }

  // ---- full-width ----

  static String fullwidth(String ascii) {
    StringBuilder b = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      b.append(c > 0x20 && c < 0x7f ? (char) (c - 0x21 + 0xFF01) : c);
    }
    return b.toString();
  }

  static String fullwidthDigits(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= '0' && c <= '9' ? (char) (c - '0' + 0xFF10) : c);
    }
    return b.toString();
  }

  static Case fullwidth(Gen g, String id, int i) {
    switch (g.between(0, 6)) {
      case 0 -> {
        return Contexts.place(g, id, i, Secret.of(fullwidth(Pii.email(g)), "EMAIL"), Contexts.EMAIL);
      }
      case 1 -> {
        return Contexts.place(g, id, i, Secret.of(Pii.email(g).replace("@", "＠"), "EMAIL"), Contexts.EMAIL);
      }
      case 2 -> {
        String e = Pii.email(g);
        int at = e.indexOf('@');
        return Contexts.place(g, id, i, Secret.of(fullwidth(e.substring(0, at + 1)) + e.substring(at + 1), "EMAIL"), Contexts.EMAIL);
      }
      case 3 -> {
        Pii.Card card = Pii.card(g, 15, 16);
        String text = g.p(0.5) ? card.digits() : Pii.group(card.digits(), Pii.groups(card.length()), g.pick(" ", "-", "　"));
        return Contexts.place(g, id, i, Secret.of(fullwidthDigits(text), "CREDIT_CARD"), Contexts.CARD);
      }
      case 4 -> {
        String[] p = Pii.ssnParts(g);
        String sep = g.pick("-", "－", "－");
        return Contexts.place(g, id, i, Secret.of(fullwidthDigits(p[0] + sep + p[1] + sep + p[2]), "US_SSN"), Contexts.SSN);
      }
      case 5 -> {
        String phone = Pii.e164(g, Pii.e164Groups(g), g.pick(" ", ""));
        return Contexts.place(g, id, i, Secret.of(fullwidth(phone), "PHONE"), Contexts.PHONE);
      }
      default -> {
        String ip = Pii.ipv4(g);
        String text = g.p(0.5) ? fullwidth(ip) : fullwidthDigits(ip);
        return Contexts.place(g, id, i, Secret.of(text, "IPV4"), Contexts.IP);
      }
    }
  }

  // ---- separators ----

  static Case cardSeparators(Gen g, String id, int i) {
    Pii.Card card = Pii.card(g, 14, 16);
    String sep = g.pick("\u00A0", "\u202F", "\u2009", "\t", ".", "_", "/");
    String text = Pii.group(card.digits(), Pii.groups(card.length()), sep);
    return Contexts.place(g, id, i, Secret.of(text, "CREDIT_CARD"), Contexts.CARD);
  }

  // ---- non-ASCII e-mail ----

  static String idnTld(Gen g, Gen.Script script) {
    return switch (script) {
      case CYRILLIC -> g.pick("рф", "укр", "срб", "бг", "москва", "онлайн", "сайт");
      case CJK -> g.pick("中国", "中國", "公司", "网络", "香港", "台湾");
      case KANA -> g.pick("みんな", "コム", "jp");
      case HANGUL -> g.pick("한국", "닷컴");
      case ARABIC -> g.pick("مصر", "السعودية", "امارات", "موقع");
      case HEBREW -> g.pick("ישראל", "קום");
      case GREEK -> g.pick("ελ", "ευ");
      default -> g.pick("de", "fr", "es", "pt", "com", "eu", "se", "pl");
    };
  }

  static Case emailUnicode(Gen g, String id, int i) {
    Gen.Script script = g.pick(Gen.Script.LATIN_ACCENTED, Gen.Script.LATIN_ACCENTED, Gen.Script.CYRILLIC, Gen.Script.GREEK,
        Gen.Script.CJK, Gen.Script.KANA, Gen.Script.HANGUL, Gen.Script.ARABIC, Gen.Script.HEBREW);
    String email = switch (g.between(0, 3)) {
      case 0 -> localPart(g, script) + "@" + g.asciiDomain();
      case 1 -> localPart(g, script) + "@" + g.name(script) + "." + idnTld(g, script);
      case 2 -> Pii.emailLocal(g) + "@" + g.name(script) + "." + (g.p(0.5) ? g.pick("com", "de", "net", "org") : idnTld(g, script));
      default -> localPart(g, script) + "@" + g.name(script) + "." + g.pick("com", "net", "org", "info");
    };
    Secret s = Secret.of(email, "EMAIL");
    if (g.p(0.2)) {
      String[] ph = g.pick(new String[] {"邮箱：", "，请确认"}, new String[] {"メール：", " を登録しました"},
          new String[] {"почта: ", ""}, new String[] {"이메일: ", " 인증 완료"}, new String[] {"E-Mail-Adresse: ", " bestätigt"});
      return new LineBuilder().t(g.isoTimestamp()).t(" INFO ").t(ph[0]).s(s).t(ph[1]).build(id, i, false);
    }
    return Contexts.place(g, id, i, s, Contexts.EMAIL);
  }

  private static String localPart(Gen g, Gen.Script script) {
    String a = g.name(script);
    return switch (g.between(0, 2)) {
      case 0 -> a;
      case 1 -> a + "." + g.name(script);
      default -> a + g.between(1, 99);
    };
  }

  // ---- percent-encoding ----

  static String percentEncode(String s, boolean everything) {
    StringBuilder b = new StringBuilder();
    for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
      int c = by & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~';
      if (unreserved && !everything) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  static Case percentEncoded(Gen g, String id, int i) {
    String key;
    Secret s;
    switch (g.between(0, 7)) {
      case 0, 1 -> {
        key = g.pick("email", "user", "to", "login");
        s = Secret.of(percentEncode(Pii.email(g), false), "EMAIL");
      }
      case 2 -> {
        key = g.pick("email", "contact");
        s = Secret.of(percentEncode(g.name(Gen.Script.LATIN_ACCENTED) + "@" + g.asciiDomain(), false), "EMAIL");
      }
      case 3 -> {
        key = g.pick("phone", "msisdn", "to");
        s = Secret.of(percentEncode(Pii.e164(g, Pii.e164Groups(g), ""), false), "PHONE");
      }
      case 4 -> {
        key = g.pick("phone", "callback");
        s = Secret.of(percentEncode(Pii.e164(g, Pii.e164Groups(g), " "), false), "PHONE");
      }
      case 5 -> {
        key = g.pick("card", "pan");
        Pii.Card card = Pii.card(g, 16, 16);
        s = Secret.of(Pii.group(card.digits(), Pii.groups(16), "%20"), "CREDIT_CARD");
      }
      case 6 -> {
        // an urlencoded form body that was logged: the password is percent-encoded
        Secret pw = Secret.of(percentEncode(Creds.password(g) + g.pick("@", "!", "&", " ", "/"), false), "PASSWORD");
        LineBuilder b = new LineBuilder().t(g.isoTimestamp()).t(" DEBUG POST /login body=\"username=").t(g.latinName())
            .t("&password=").s(pw).t("&remember=1\" status=").t(g.status());
        return b.build(id, i, false);
      }
      default -> {
        // an address inside an encoded return URL
        Secret e = Secret.of(percentEncode(Pii.email(g), false), "EMAIL");
        return new LineBuilder().t(g.host()).t(" - - [").t(g.clfDate()).t("] \"GET /login?next=%2Faccount%2Fverify%3Femail%3D")
            .s(e).t("%26step%3D2 HTTP/1.1\" 302 0 \"-\" \"").t(g.userAgent()).t("\"").build(id, i, false);
      }
    }
    switch (g.between(0, 2)) {
      case 0 -> {
        return new LineBuilder().t(g.host()).t(" - - [").t(g.clfDate()).t("] \"GET ").t(g.path()).t("?").t(key).t("=").s(s)
            .t("&lang=").t(g.pick("en", "de", "fr")).t(" HTTP/1.1\" ").t(g.status()).t(" ").t(g.between(0, 9000))
            .t(" \"-\" \"").t(g.userAgent()).t("\"").build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t("level=info method=GET query=\"").t(key).t("=").s(s).t("&page=").t(g.between(1, 9))
            .t("\" status=").t(g.status()).build(id, i, false);
      }
      default -> {
        Json.Obj o = Json.obj().put("url", Json.str(new Json.Raw(Json.decorated(g, g.path() + "?" + key + "=")), s))
            .put("status", Json.num(g.status())).put("method", Json.str("GET"));
        return Json.doc(id, i, o.shuffle(g), g);
      }
    }
  }

  // ---- \\u escapes ----

  /** Writes some characters of {@code value} (those {@code which} picks, and always the non-ASCII ones) as \\u escapes. */
  static String uEscape(Gen g, String value, String mustEscape, double otherRate) {
    StringBuilder b = new StringBuilder();
    boolean any = false;
    for (char c : value.toCharArray()) {
      boolean esc = c > 0x7e || mustEscape.indexOf(c) >= 0 || (Character.isLetterOrDigit(c) && g.p(otherRate));
      if (esc) {
        b.append(g.p(0.7) ? Json.u(c) : Json.uUpper(c));
        any = true;
      } else {
        b.append(Json.escape(String.valueOf(c)));
      }
    }
    if (!any) {
      // the random rate escaped nothing (short digit strings): escape the first character
      return Json.u(value.charAt(0)) + Json.escape(value.substring(1));
    }
    return b.toString();
  }

  static Case unicodeEscaped(Gen g, String id, int i) {
    int variant = g.between(0, 9);
    switch (variant) {
      case 0, 1, 2, 3, 4, 5 -> {
        Secret s;
        String key;
        switch (variant) {
          case 0 -> {
            String e = Pii.email(g);
            s = Secret.of(e, "EMAIL").withJsonRaw(uEscape(g, e, "@", 0));
            key = g.pick("email", "contact", "to");
          }
          case 1 -> {
            String e = Pii.email(g);
            s = Secret.of(e, "EMAIL").withJsonRaw(uEscape(g, e, g.pick("@.", "."), 0.2));
            key = g.pick("email", "user");
          }
          case 2 -> {
            String e = g.name(g.pick(Gen.Script.LATIN_ACCENTED, Gen.Script.CYRILLIC)) + "@" + g.asciiDomain();
            s = Secret.of(e, "EMAIL").withJsonRaw(uEscape(g, e, "", 0));
            key = "email";
          }
          case 3 -> {
            Pii.Card card = Pii.card(g, 15, 16);
            String text = g.p(0.5) ? card.digits() : Pii.group(card.digits(), Pii.groups(card.length()), " ");
            s = Secret.of(text, "CREDIT_CARD").withJsonRaw(uEscape(g, text, "", 0.3));
            key = g.pick("card", "pan");
          }
          case 4 -> {
            String p = Pii.e164(g, Pii.e164Groups(g), g.pick(" ", ""));
            s = Secret.of(p, "PHONE").withJsonRaw(uEscape(g, p, "+", 0));
            key = g.pick("phone", "mobile");
          }
          default -> {
            String[] parts = Pii.ssnParts(g);
            String ssn = parts[0] + "-" + parts[1] + "-" + parts[2];
            s = Secret.of(ssn, "US_SSN").withJsonRaw(uEscape(g, ssn, "-", 0.2));
            key = "ssn";
          }
        }
        Json.Obj o = Json.obj().put("level", Json.str("info"));
        if (g.p(0.5)) {
          o.put(key, Json.str(s));
        } else {
          o.put("msg", Json.str(g.pick("contact ", "updated ", "lookup "), s, g.pick("", " ok", " (verified)")));
        }
        Contexts.benignFields(g, o, g.between(0, 3));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 6 -> {
        // the key itself is escaped: one of its letters written as a backslash-u escape
        String key = g.pick("password", "secret", "api_key", "access_token");
        int at = g.between(0, key.length() - 1);
        String rawKey = key.substring(0, at) + Json.u(key.charAt(at)) + key.substring(at + 1);
        Secret v = Secret.of(g.p(0.5) ? Creds.password(g) : Creds.opaqueToken(g), key.contains("pass") ? "PASSWORD" : "SECRET");
        Json.Obj o = Json.obj().put(Json.str(new Json.Raw(rawKey)), Json.str(v)).put("user", Json.str(g.latinName()));
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 7 -> {
        // escaped JSON carried inside a text line
        String e = Pii.email(g);
        Secret s = Secret.of(uEscape(g, e, "@", 0), "EMAIL");
        return new LineBuilder().t(g.isoTimestamp()).t(" WARN payload=\"{\\\"email\\\":\\\"").s(s).t("\\\",\\\"plan\\\":\\\"pro\\\"}\" rejected")
            .build(id, i, false);
      }
      case 8 -> {
        String e = g.name(Gen.Script.LATIN_ACCENTED) + "@" + g.asciiDomain();
        Secret s = Secret.of(uEscape(g, e, "@", 0), "EMAIL");
        return new LineBuilder().t(g.isoTimestamp()).t(" INFO msg=contact ").s(s).t(" for details").build(id, i, false);
      }
      default -> {
        String p = Pii.e164(g, Pii.e164Groups(g), " ");
        Secret s = Secret.of(uEscape(g, p, "+", 0), "PHONE");
        return new LineBuilder().t("sms.send args={\"to\":\"").s(s).t("\",\"template\":\"otp\"} status=queued").build(id, i, false);
      }
    }
  }

  // ---- JSON keys and numbers ----

  static Case emailJsonKey(Gen g, String id, int i) {
    Secret e = Secret.of(Pii.email(g), "EMAIL");
    Json.Node root = switch (g.between(0, 3)) {
      case 0 -> Json.obj().put("subscribers", Json.obj().put(Json.str(e), Json.obj().put("since", Json.str(g.date()))
          .put("tier", Json.str(g.pick("gold", "silver"))).shuffle(g))).put("count", Json.num(1));
      case 1 -> Json.obj().put("acl", Json.obj().put(Json.str(e), Json.arr(Json.str("read"), Json.str("write"))))
          .put("resource", Json.str(g.word() + "/" + g.between(1, 999))).shuffle(g);
      case 2 -> Json.obj().put("scores", Json.obj().put(Json.str(e), Json.num(g.between(0, 100))).put("_total", Json.num(1)).shuffle(g))
          .put("level", Json.str("info")).shuffle(g);
      default -> Json.obj().put(Json.str(e), Json.TRUE);
    };
    return Json.doc(id, i, root, g);
  }

  static Case cardJsonNumber(Gen g, String id, int i) {
    Pii.Card card = Pii.card(g);
    Secret s = Secret.of(card.digits(), "CREDIT_CARD");
    String key = g.pick("card", "pan", "cardNumber", "card_number", "cc", "number");
    Json.Obj pay = Json.obj().put(key, Json.secretNumber(s)).put("exp_month", Json.num(g.between(1, 12)))
        .put("amount", Json.num(g.between(1, 999) + "." + g.between(10, 99))).put("currency", Json.str(g.pick("EUR", "USD", "GBP")));
    Json.Node root = g.p(0.5) ? pay.shuffle(g)
        : Json.obj().put("payment_method", pay.shuffle(g)).put("order", Json.num(g.between(1000, 999999))).shuffle(g);
    return Json.doc(id, i, root, g);
  }

  // ---- key spellings ----

  /** Words of a sensitive key, its category, and what its values look like. */
  record KeySpec(String[] words, String label, String valueKind) {}

  static final KeySpec[] KEYS = {
    new KeySpec(new String[] {"password"}, "PASSWORD", "pw"), new KeySpec(new String[] {"passwd"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"pwd"}, "PASSWORD", "pw"), new KeySpec(new String[] {"pass"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"passphrase"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"password", "confirmation"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"password", "confirm"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"new", "password"}, "PASSWORD", "pw"), new KeySpec(new String[] {"old", "password"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"current", "password"}, "PASSWORD", "pw"), new KeySpec(new String[] {"db", "password"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"db", "pass"}, "PASSWORD", "pw"), new KeySpec(new String[] {"smtp", "pass"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"mysql", "pwd"}, "PASSWORD", "pw"), new KeySpec(new String[] {"root", "password"}, "PASSWORD", "pw"),
    new KeySpec(new String[] {"pin"}, "SECRET", "pin"), new KeySpec(new String[] {"card", "pin"}, "SECRET", "pin"),
    new KeySpec(new String[] {"cvv"}, "SECRET", "cvv"), new KeySpec(new String[] {"cvc"}, "SECRET", "cvv"),
    new KeySpec(new String[] {"cvv2"}, "SECRET", "cvv"), new KeySpec(new String[] {"security", "code"}, "SECRET", "cvv"),
    new KeySpec(new String[] {"otp"}, "SECRET", "otp"), new KeySpec(new String[] {"otp", "code"}, "SECRET", "otp"),
    new KeySpec(new String[] {"client", "secret"}, "SECRET", "token"), new KeySpec(new String[] {"api", "key"}, "SECRET", "apikey"),
    new KeySpec(new String[] {"x", "api", "key"}, "SECRET", "apikey"), new KeySpec(new String[] {"api", "token"}, "SECRET", "token"),
    new KeySpec(new String[] {"access", "token"}, "SECRET", "token"), new KeySpec(new String[] {"refresh", "token"}, "SECRET", "token"),
    new KeySpec(new String[] {"auth", "token"}, "SECRET", "token"), new KeySpec(new String[] {"session", "token"}, "SECRET", "token"),
    new KeySpec(new String[] {"secret"}, "SECRET", "token"), new KeySpec(new String[] {"app", "secret"}, "SECRET", "token"),
    new KeySpec(new String[] {"webhook", "secret"}, "SECRET", "token"), new KeySpec(new String[] {"signing", "secret"}, "SECRET", "token"),
    new KeySpec(new String[] {"consumer", "secret"}, "SECRET", "token"), new KeySpec(new String[] {"private", "key"}, "SECRET", "key"),
    new KeySpec(new String[] {"secret", "key"}, "SECRET", "token"), new KeySpec(new String[] {"encryption", "key"}, "SECRET", "key"),
    new KeySpec(new String[] {"master", "key"}, "SECRET", "key"), new KeySpec(new String[] {"session", "id"}, "SECRET", "sid"),
    new KeySpec(new String[] {"secret", "access", "key"}, "AWS_SECRET_KEY", "aws"),
  };

  /** The key in one of the spellings code and configs use; kebab and dotted only where they occur. */
  static String spell(Gen g, String[] w) {
    String style = g.pick("snake", "snake", "kebab", "camel", "camel", "pascal", "upper", "prefixed", "header");
    StringBuilder b = new StringBuilder();
    switch (style) {
      case "snake", "prefixed" -> {
        if (style.equals("prefixed")) {
          b.append(g.pick("stripe_", "app_", "prod_", "github_", "user_", "backup_"));
        }
        b.append(String.join("_", w));
      }
      case "kebab" -> b.append(String.join("-", w));
      case "camel", "pascal" -> {
        for (int k = 0; k < w.length; k++) {
          b.append(k == 0 && style.equals("camel") ? w[k] : Gen.capitalize(w[k]));
        }
      }
      case "upper" -> b.append(String.join("_", w).toUpperCase(Locale.ROOT));
      default -> {
        // HTTP header style
        if (!w[0].equals("x")) {
          b.append("X-");
        }
        List<String> parts = new ArrayList<>();
        for (String s : w) {
          parts.add(Gen.capitalize(s));
        }
        b.append(String.join("-", parts));
      }
    }
    return b.toString();
  }

  static String valueFor(Gen g, String kind) {
    return switch (kind) {
      case "pw" -> Creds.password(g);
      case "pin" -> g.digits(g.pick(4, 4, 6));
      case "cvv" -> g.digits(g.pick(3, 3, 4));
      case "otp" -> g.digits(6);
      case "apikey" -> g.p(0.5) ? g.hex(32) : g.from(Gen.ALNUM, g.between(32, 40));
      case "key" -> g.p(0.5) ? g.b64(32) : g.hex(64);
      case "sid" -> g.p(0.5) ? g.hex(32) : g.from(Gen.ALNUM, 26);
      case "aws" -> Creds.awsSecretKey(g);
      default -> Creds.opaqueToken(g);
    };
  }

  static Case keySpellings(Gen g, String id, int i) {
    KeySpec spec = g.pick(KEYS);
    String key = spell(g, spec.words());
    String value = valueFor(g, spec.valueKind());
    boolean numeric = value.matches("[0-9]+") && value.charAt(0) != '0';
    Secret s = spec.label().equals("AWS_SECRET_KEY") ? Secret.of(value, "AWS_SECRET_KEY", "SECRET") : Secret.of(value, spec.label());
    switch (g.between(0, 7)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.level()).t(" ").t(g.word()).t(" request user=").t(g.latinName())
            .t(" ").t(key).t("=").s(s).t(" status=").t(g.status()).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(g.pick("  ", "config ", "env: ")).t(key).t(": ").s(s).build(id, i, false);
      }
      case 2 -> {
        return new LineBuilder().t("request body={\"").t(key).t("\":\"").sQuoted(s).t("\",\"user\":\"").t(g.latinName())
            .t("\"} took ").t(g.between(1, 900)).t("ms").build(id, i, false);
      }
      case 3 -> {
        Json.Obj o = Json.obj().put(key, numeric && g.p(0.5) ? Json.secretNumber(s) : Json.str(s))
            .put("user", Json.str(g.latinName()));
        Contexts.benignFields(g, o, g.between(0, 3));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 4 -> {
        Json.Obj inner = Json.obj().put(key, numeric && g.p(0.5) ? Json.secretNumber(s) : Json.str(s))
            .put("enabled", Json.TRUE);
        Json.Obj o = Json.obj().put(g.pick("payment", "config", "auth", "settings"), inner.shuffle(g)).put("level", Json.str("debug"));
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 5 -> {
        if (key.contains("-") && Character.isUpperCase(key.charAt(0))) {
          return new LineBuilder().t(g.pick("> ", "< ", "header ")).t(key).t(": ").s(s).build(id, i, false);
        }
        if (!value.matches("[A-Za-z0-9._~-]+")) {
          return new LineBuilder().t(key).t(" = \"").sQuoted(s).t("\"").build(id, i, false);
        }
        return new LineBuilder().t(g.host()).t(" - - [").t(g.clfDate()).t("] \"GET ").t(g.path()).t("?").t(key).t("=").s(s)
            .t("&page=").t(g.between(1, 9)).t(" HTTP/1.1\" ").t(g.status()).t(" ").t(g.between(0, 9000)).build(id, i, false);
      }
      case 6 -> {
        String op = g.pick(" = ", " => ", " := ", ": ");
        String q = g.pick("\"", "'");
        if (q.equals("'") && value.contains("'")) {
          q = "\"";
        }
        LineBuilder b = new LineBuilder().t(key).t(op).t(q);
        return (q.equals("\"") ? b.sQuoted(s) : b.s(s)).t(q).build(id, i, false);
      }
      default -> {
        return new LineBuilder().t("export ").t(key.toUpperCase(Locale.ROOT).replace('-', '_')).t("=").s(s).build(id, i, false);
      }
    }
  }

  // ---- punctuation-led values ----

  static String punctuationValue(Gen g) {
    while (true) {
      String lead = g.p(0.17) ? "$" + g.pick("!", "%", "#", "*", "@", "^", "~", "+", "=") : g.pick("%", "#", "!", "@", "*");
      String rest = g.from(Gen.ALNUM + "!#%^*-_=+~", g.between(7, 20));
      String v = lead + rest;
      long alnum = v.chars().filter(Character::isLetterOrDigit).count();
      if (alnum >= 4) {
        return v;
      }
    }
  }

  static Case valuePunctuation(Gen g, String id, int i) {
    String base = g.pick("password", "password", "pwd", "secret", "client_secret", "api_key", "token", "db_password");
    String key = g.p(0.3) ? spell(g, base.split("_")) : base;
    Secret s = Secret.of(punctuationValue(g), base.contains("pass") || base.equals("pwd") ? "PASSWORD" : "SECRET");
    switch (g.between(0, 4)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG ").t(key).t("=").s(s).t(" user=").t(g.latinName()).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(key).t(": ").s(s).build(id, i, false);
      }
      case 2 -> {
        return new LineBuilder().t("body={\"").t(key).t("\":\"").sQuoted(s).t("\",\"ok\":true}").build(id, i, false);
      }
      case 3 -> {
        Json.Obj o = Json.obj().put(key, Json.str(s)).put("user", Json.str(g.latinName()));
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        return new LineBuilder().t(key).t("=\"").sQuoted(s).t("\" host=").t(g.host()).build(id, i, false);
      }
    }
  }

  // ---- separators inside values, XML elements ----

  /** A value with '&', ';' or ',' inside, none of them followed by what starts another field. */
  static String separatedValue(Gen g) {
    StringBuilder v = new StringBuilder(g.from(Gen.ALNUM, g.between(3, 8)));
    for (int k = g.between(1, 2); k > 0; k--) {
      v.append(g.pick("&", ";", ",")).append(g.from(Gen.ALNUM + "!#*-_~", g.between(1, 6)));
    }
    return v.toString();
  }

  static Case valueSeparatorsXml(Gen g, String id, int i) {
    String base = g.pick("password", "pwd", "passwd", "secret", "client_secret", "api_key", "access_token");
    String label = base.contains("pass") || base.equals("pwd") ? "PASSWORD" : "SECRET";
    switch (g.between(0, 3)) {
      case 0 -> {
        Secret s = Secret.of(separatedValue(g), label);
        return new LineBuilder().t(g.isoTimestamp()).t(" INFO login user=").t(g.latinName()).t(" ").t(base).t("=").s(s)
            .t(g.pick(" next=1", " status=ok", "")).build(id, i, false);
      }
      case 1 -> {
        Secret s = Secret.of(punctuationValue(g), label); // no '<' or '&' in it
        String tag = g.p(0.5) ? base : "wsse:" + Character.toUpperCase(base.charAt(0)) + base.substring(1);
        String attributes = g.p(0.5) ? "" : " Type=\"" + g.pick("PasswordText", "Opaque") + "\"";
        return new LineBuilder().t("<request><user>").t(g.latinName()).t("</user><").t(tag).t(attributes).t(">")
            .s(s).t("</").t(tag).t("></request>")
            .build(id, i, false);
      }
      case 2 -> {
        Secret s = Secret.of(g.from(Gen.ALNUM, g.between(8, 20)), label);
        Json.Obj o = Json.obj().put("body", Json.str("<" + base + ">", s, "</" + base + ">"))
            .put("user", Json.str(g.latinName()));
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        Secret s = Secret.of(separatedValue(g), label);
        return new LineBuilder().t(base).t(": ").s(s).t(g.pick(", user=" + g.latinName(), "; Path=/", "")).build(id, i, false);
      }
    }
  }

  // ---- vendor tokens ----

  static Case vendor(Gen g, String id, int i, String token, String vendor) {
    Secret t = Secret.of(token, "API_TOKEN", "SECRET", "PASSWORD");
    switch (g.between(0, 7)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" WARN found ").s(t).t(" in build log of job ").t(g.between(1000, 99999))
            .build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" INFO rotating credential ").s(t).t(" (vendor=").t(vendor).t(")")
            .build(id, i, false);
      }
      case 2 -> {
        Json.Obj o = Json.obj().put("level", Json.str("warn"))
            .put("msg", Json.str("leaked ", t, " detected in commit " + g.hex(7)));
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 3 -> {
        Json.Obj o = Json.obj().put("vendor", Json.str(vendor)).put("value", Json.str(t)).put("created", Json.str(g.date()));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 4 -> {
        String env = switch (vendor) {
          case "github" -> g.pick("GITHUB_TOKEN", "GH_TOKEN");
          case "slack" -> g.pick("SLACK_BOT_TOKEN", "SLACK_TOKEN");
          case "stripe" -> g.pick("STRIPE_SECRET_KEY", "STRIPE_API_KEY");
          case "google" -> "GOOGLE_API_KEY";
          case "npm" -> "NPM_TOKEN";
          default -> vendor.toUpperCase(Locale.ROOT) + "_TOKEN";
        };
        return new LineBuilder().t(env).t("=").s(t).build(id, i, false);
      }
      case 5 -> {
        if (vendor.equals("npm")) {
          return new LineBuilder().t("//registry.npmjs.org/:_authToken=").s(t).build(id, i, false);
        }
        if (vendor.equals("github")) {
          return new LineBuilder().t("git push https://x-access-token:").s(t).t("@github.com/").t(g.word()).t("/").t(g.word())
              .t(".git HEAD:main").build(id, i, false);
        }
        return new LineBuilder().t(g.pick("api_key = \"", "apiKey: \"", "client.token = \"")).s(t).t("\"").build(id, i, false);
      }
      case 6 -> {
        return new LineBuilder().t(g.date()).t(",").t(g.service()).t(",").s(t).t(",active").build(id, i, false);
      }
      default -> {
        return new LineBuilder().t("+ ").t(g.pick("deploy.sh --auth ", "docker login -u ci -p ", "./release --with ")).s(t)
            .t(g.pick("", " registry." + g.word() + ".io", " --dry-run")).build(id, i, false);
      }
    }
  }

  // ---- cookies ----

  static final String[] COOKIE_NAMES = {"sid", "session", "sessionid", "session_id", "JSESSIONID", "PHPSESSID", "connect.sid",
    "_session", "__Host-session", "__Secure-token", "auth", "auth_token", "remember_me", "csrftoken", "XSRF-TOKEN", "AWSALB",
    "AWSALBCORS", "laravel_session", "_gh_sess", "ASP.NET_SessionId", "refresh_token"};

  static String cookieValue(Gen g, String name) {
    return switch (name) {
      case "JSESSIONID" -> g.hex(32).toUpperCase(Locale.ROOT) + (g.p(0.3) ? ".node" + g.between(1, 9) : "");
      case "PHPSESSID" -> g.from(Gen.LOWER + Gen.DIGITS, 26);
      case "connect.sid" -> "s%3A" + g.b64url(24) + "." + g.b64(32).replace("=", "%3D").replace("+", "%2B").replace("/", "%2F");
      case "AWSALB", "AWSALBCORS" -> g.b64(96);
      case "csrftoken", "XSRF-TOKEN" -> g.from(Gen.ALNUM, 32);
      default -> g.p(0.5) ? g.b64url(g.between(18, 40)) : g.hex(g.pick(32, 40, 64));
    };
  }

  static Case cookie(Gen g, String id, int i) {
    LineBuilder b = new LineBuilder();
    boolean set = g.p(0.45);
    int shape = g.between(0, 3);
    if (shape == 3) {
      // JSON headers
      Json.Obj headers = Json.obj();
      String name = g.pick(COOKIE_NAMES);
      Secret v = Secret.of(cookieValue(g, name), "SECRET");
      if (set) {
        headers.put(g.pick("Set-Cookie", "set-cookie"), Json.str(name + "=", v, "; Path=/; " + g.pick("HttpOnly; Secure", "Secure; SameSite=Lax",
            "Expires=" + g.httpDate() + "; HttpOnly")));
      } else {
        String name2 = g.pick(COOKIE_NAMES);
        while (name2.equals(name)) {
          name2 = g.pick(COOKIE_NAMES);
        }
        Secret v2 = Secret.of(cookieValue(g, name2), "SECRET");
        headers.put(g.pick("Cookie", "cookie"), Json.str(name + "=", v, "; " + name2 + "=", v2));
      }
      headers.put("Content-Type", Json.str("application/json"));
      Json.Obj o = Json.obj().put(set ? "response" : "request", Json.obj().put("headers", headers.shuffle(g)).put("status", Json.num(g.status())))
          .put("level", Json.str("debug"));
      return Json.doc(id, i, o.shuffle(g), g);
    }
    if (shape == 0) {
      b.t(g.pick("> ", "", "[" + g.service() + "] "));
    } else if (shape == 1) {
      b.t(g.isoTimestamp()).t(" DEBUG ").t(g.pick("GET", "POST")).t(" ").t(g.path()).t(" ");
    } else {
      b.t("curl -sS -H '");
    }
    if (set) {
      String name = g.pick(COOKIE_NAMES);
      b.t(shape == 1 ? "set-cookie=\"" : "Set-Cookie: ").t(name).t("=").s(Secret.of(cookieValue(g, name), "SECRET"));
      b.t(g.pick("; Path=/; HttpOnly; Secure; SameSite=Lax", "; Path=/; Max-Age=3600; Secure; HttpOnly",
          "; Expires=" + g.httpDate() + "; Path=/", "; Domain=." + g.domainLabel() + ".com; Path=/; Secure", ""));
    } else {
      b.t(shape == 1 ? "cookie=\"" : "Cookie: ");
      int n = g.between(1, 3);
      List<String> used = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        String name = g.pick(COOKIE_NAMES);
        if (used.contains(name)) {
          continue;
        }
        if (!used.isEmpty()) {
          b.t("; ");
        }
        used.add(name);
        b.t(name).t("=").s(Secret.of(cookieValue(g, name), "SECRET"));
      }
    }
    if (shape == 1) {
      b.t("\" status=").t(g.status()).t(" ms=").t(g.between(1, 900));
    } else if (shape == 2) {
      b.t("' https://").t(g.host()).t(g.path());
    }
    return b.build(id, i, false);
  }

  // ---- bearer variants ----

  static Case bearerVariants(Gen g, String id, int i) {
    String scheme = g.pick("bearer", "bearer", "bearer", "Bearer", "BEARER");
    Secret token;
    switch (g.between(0, 5)) {
      case 0 -> token = Secret.of(g.b64url(g.between(16, 32)) + "." + g.b64url(g.between(16, 48)), "AUTHORIZATION");
      case 1 -> token = Secret.of(g.b64(g.between(20, 40)), "AUTHORIZATION");
      case 2 -> token = Secret.of(g.from(Gen.ALNUM, 8) + "~" + g.from(Gen.ALNUM + "-._", g.between(16, 40)), "AUTHORIZATION");
      case 3 -> token = Secret.of(g.hex(g.pick(32, 40, 64)), "AUTHORIZATION");
      case 4 -> token = Secret.of(Creds.jwt(g), "AUTHORIZATION", "JWT");
      default -> token = Secret.of(g.from(Gen.ALNUM, g.between(20, 60)), "AUTHORIZATION");
    }
    return StandardClasses.authorization(g, id, i, scheme, token);
  }

  // ---- zero-width ----

  static final String[] ZW = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"};

  static String insertZeroWidth(Gen g, String v) {
    int n = g.between(1, 2);
    StringBuilder b = new StringBuilder(v);
    for (int k = 0; k < n; k++) {
      int at = g.between(1, b.length() - 1);
      b.insert(at, g.pick(ZW));
    }
    return b.toString();
  }

  static Case zeroWidth(Gen g, String id, int i) {
    switch (g.between(0, 7)) {
      case 0 -> {
        return Contexts.place(g, id, i, Secret.of(insertZeroWidth(g, Pii.email(g)), "EMAIL"), Contexts.EMAIL);
      }
      case 1 -> {
        Pii.Card card = Pii.card(g, 15, 16);
        String text = g.p(0.5) ? card.digits() : Pii.group(card.digits(), Pii.groups(card.length()), g.pick(" ", "-"));
        return Contexts.place(g, id, i, Secret.of(insertZeroWidth(g, text), "CREDIT_CARD"), Contexts.CARD);
      }
      case 2 -> {
        return Contexts.place(g, id, i, Secret.of(insertZeroWidth(g, Pii.iban(g)), "IBAN"), Contexts.IBAN);
      }
      case 3 -> {
        String[] p = Pii.ssnParts(g);
        return Contexts.place(g, id, i, Secret.of(insertZeroWidth(g, p[0] + "-" + p[1] + "-" + p[2]), "US_SSN"), Contexts.SSN);
      }
      case 4 -> {
        return Contexts.place(g, id, i, Secret.of(insertZeroWidth(g, Pii.e164(g, Pii.e164Groups(g), g.pick(" ", ""))), "PHONE"),
            Contexts.PHONE);
      }
      case 5 -> {
        Secret k = Secret.of(insertZeroWidth(g, Creds.awsAccessKeyId(g)), "AWS_ACCESS_KEY_ID");
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG signing request with access key ").s(k).t(" for bucket ")
            .t(g.word()).build(id, i, false);
      }
      case 6 -> {
        Secret t = Secret.of(insertZeroWidth(g, Creds.githubClassic(g)), "API_TOKEN", "SECRET");
        return new LineBuilder().t(g.isoTimestamp()).t(" WARN found ").s(t).t(" in build log of job ").t(g.between(1000, 99999))
            .build(id, i, false);
      }
      default -> {
        Secret pw = Secret.of(insertZeroWidth(g, Creds.password(g)), "PASSWORD");
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG login user=").t(g.latinName()).t(" password=").s(pw)
            .t(" result=denied").build(id, i, false);
      }
    }
  }
}
