package dev.eventpipeline.masking.eval;

import static dev.eventpipeline.masking.eval.CaseClass.negative;

import java.util.List;
import java.util.Locale;

/**
 * Lines that carry nothing sensitive and must come back byte for byte: ordinary logs, JSON with
 * every kind of spacing and escape, numbers and identifiers that look like sensitive values but
 * are not, code, near-miss keys, phrases about credentials, and card/IBAN shapes whose check
 * digits fail.
 */
final class NegativeClasses {
  private NegativeClasses() {}

  static List<CaseClass> all() {
    return List.of(
        negative("neg_app_log", "application, Lambda, k8s, stack-trace and non-ASCII log lines", NegativeClasses::appLog),
        negative("neg_access_log", "Apache/nginx combined logs with host names, API Gateway JSON, Envoy; real browser UAs (Chrome/124.0.0.0)",
            NegativeClasses::accessLog),
        negative("neg_json", "JSON: spacing, key order, escapes (\\/, \\u00e9, surrogate pairs), non-ASCII keys and text, emoji, floats, nesting",
            NegativeClasses::json),
        negative("neg_lookalike_numbers", "versions, timestamps, durations, UUIDs, hashes, trace ids, 17-20 digit ids, prices, ports, times, MACs, account ids",
            NegativeClasses::lookalikes),
        negative("neg_code", "std::cout, Foo::bar, @Override, decorators, user@localhost, pkg@1.2.3, logo@2x.png, image digests",
            NegativeClasses::code),
        negative("neg_near_miss_keys", "token_count, max_tokens, secretName, password_policy, passwordless, AccessKeyId, pin_enabled, bypass, compass, public_key, ...",
            NegativeClasses::nearMissKeys),
        negative("neg_auth_phrases", "\"Bearer token required\", \"basic auth failed\", WWW-Authenticate challenges, password rules",
            NegativeClasses::authPhrases),
        negative("neg_luhn_invalid", "13-19 digit numbers with an issuer prefix that fail Luhn, compact or grouped, in neutral contexts",
            NegativeClasses::luhnInvalid),
        negative("neg_iban_bad_checksum", "IBAN-shaped references whose mod-97 check fails, compact or grouped",
            NegativeClasses::ibanBadChecksum),
        negative("neg_redacted_values", "sensitive keys whose values are already masked or are references: ****, [REDACTED], ${VAR}, null, \"\"",
            NegativeClasses::redacted));
  }

  // ---- application logs ----

  static Case appLog(Gen g, String id, int i) {
    LineBuilder b = new LineBuilder();
    switch (g.between(0, 13)) {
      case 0 -> b.t(g.isoTimestamp()).t(" ").t(g.level()).t(" [").t(g.thread()).t("] ").t(g.logger()).t(" - ").t(g.word())
          .t(" ").t(g.between(1, 99999)).t(" processed in ").t(g.between(1, 2000)).t(" ms (items=").t(g.between(1, 40))
          .t(", warehouse=").t(g.pick("FRA", "DUB", "IAD", "NRT")).t("-").t(g.between(1, 9)).t(")");
      case 1 -> b.t("START RequestId: ").t(g.uuid()).t(" Version: $LATEST");
      case 2 -> b.t("REPORT RequestId: ").t(g.uuid()).t("\tDuration: ").t(g.between(1, 9000)).t(".").t(g.between(10, 99))
          .t(" ms\tBilled Duration: ").t(g.between(1, 9000)).t(" ms\tMemory Size: ").t(g.pick(128, 512, 1024))
          .t(" MB\tMax Memory Used: ").t(g.between(60, 400)).t(" MB\tInit Duration: ").t(g.between(100, 900)).t(".")
          .t(g.between(10, 99)).t(" ms");
      case 3 -> b.t("\tat com.example.").t(g.word()).t(".").t(Gen.capitalize(g.word())).t("Service.").t(g.word()).t("(")
          .t(Gen.capitalize(g.word())).t("Service.java:").t(g.between(10, 900)).t(")");
      case 4 -> b.t("  File \"/var/task/").t(g.word()).t(".py\", line ").t(g.between(1, 900)).t(", in ").t(g.word()).t("_handler");
      case 5 -> b.t("I").t(String.format(Locale.ROOT, "%02d%02d", g.between(1, 12), g.between(1, 28))).t(" ").t(g.time()).t(".")
          .t(g.digits(6)).t("       1 controller.go:").t(g.between(10, 900)).t("] \"Reconciled\" object=\"default/")
          .t(g.word()).t("-").t(g.hex(9)).t("\" duration=\"").t(g.between(1, 900)).t("ms\"");
      case 6 -> b.t("panic: runtime error: index out of range [").t(g.between(1, 9)).t("] with length ").t(g.between(0, 9));
      case 7 -> b.t(g.isoTimestamp()).t(" INFO ").t(g.pick("Bestellung", "Commande", "Pedido")).t(" ").t(g.between(1000, 99999))
          .t(" ").t(g.pick("versandt", "expédiée", "enviado")).t(" — ").t(g.pick("Lieferung morgen", "livraison demain", "entrega mañana"));
      case 8 -> b.t(g.isoTimestamp()).t(" INFO заказ ").t(g.between(1, 9999)).t(" отправлен, склад «").t(g.name(Gen.Script.CYRILLIC))
          .t("»");
      case 9 -> b.t(g.isoTimestamp()).t(" INFO 注文 ").t(g.between(1, 9999)).t(" を発送しました（倉庫：").t(g.name(Gen.Script.CJK)).t("）");
      case 10 -> b.t("✅ deploy ").t(g.word()).t(" finished in ").t(g.between(1, 300)).t("s 🚀 (").t(g.between(1, 40))
          .t(" services, ").t(g.between(0, 3)).t(" warnings)");
      case 11 -> b.t("level=").t(g.level().toLowerCase(Locale.ROOT)).t(" msg=\"cache warmed\" entries=").t(g.between(1, 100000))
          .t(" took=").t(g.between(1, 9)).t(".").t(g.between(0, 9)).t("s shard=").t(g.between(0, 63));
      case 12 -> b.t("<").t(g.between(128, 191)).t(">").t(g.syslogDate()).t(" ").t(g.host()).t(" systemd[1]: Started ")
          .t(Gen.capitalize(g.word())).t(" ").t(g.word()).t(" service.");
      default -> b.t("WARN  [").t(g.thread()).t("] retrying ").t(g.word()).t(" (attempt ").t(g.between(1, 5)).t("/5, backoff ")
          .t(g.between(100, 9000)).t("ms): ").t(g.pick("connection reset by peer", "503 Service Unavailable",
              "context deadline exceeded", "read timeout"));
    }
    return b.build(id, i, false);
  }

  // ---- access logs ----

  static String browserUa(Gen g) {
    int chrome = g.between(110, 131);
    return g.pick(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + chrome + ".0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + chrome + ".0.0.0 Safari/537.36 Edg/" + chrome + ".0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", g.userAgent());
  }

  static String query(Gen g) {
    return g.pick("?page=" + g.between(1, 40) + "&sort=desc", "?q=" + g.word() + "+" + g.word() + "&lang=en",
        "?utm_source=newsletter&utm_medium=email&utm_campaign=" + g.word(), "", "?v=" + g.hex(8), "?limit=50&offset=" + g.between(0, 5000));
  }

  static Case accessLog(Gen g, String id, int i) {
    switch (g.between(0, 3)) {
      case 0, 1 -> {
        String host = g.p(0.5) ? g.host() : "-";
        return new LineBuilder().t(host).t(" - ").t(g.p(0.8) ? "-" : g.latinName()).t(" [").t(g.clfDate()).t("] \"")
            .t(g.pick("GET", "GET", "POST", "HEAD")).t(" ").t(g.path()).t(query(g)).t(" HTTP/").t(g.pick("1.1", "2.0")).t("\" ")
            .t(g.status()).t(" ").t(g.between(0, 200000)).t(" \"").t(g.p(0.5) ? "-" : "https://shop." + g.domainLabel() + ".com/" + g.word())
            .t("\" \"").t(browserUa(g)).t("\"").t(g.p(0.3) ? " rt=0." + g.digits(3) + " uct=\"0.00" + g.between(1, 9) + "\"" : "")
            .build(id, i, false);
      }
      case 2 -> {
        Json.Obj o = Json.obj().put("requestId", Json.str(g.uuid())).put("httpMethod", Json.str(g.pick("GET", "POST")))
            .put("resourcePath", Json.str(new Json.Raw(Json.decorated(g, "/" + g.word() + "s/{id}"))))
            .put("status", Json.str(String.valueOf(g.status()))).put("protocol", Json.str("HTTP/1.1"))
            .put("responseLength", Json.str(String.valueOf(g.between(0, 90000)))).put("requestTime", Json.str(g.clfDate()))
            .put("integrationLatency", Json.num(g.between(1, 3000)));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        return new LineBuilder().t("[").t(g.isoTimestamp()).t("] \"").t(g.pick("GET", "POST")).t(" ").t(g.path()).t(" HTTP/2\" ")
            .t(g.status()).t(" - ").t(g.between(0, 5000)).t(" ").t(g.between(0, 90000)).t(" ").t(g.between(1, 900)).t(" ")
            .t(g.between(1, 900)).t(" \"-\" \"").t(g.userAgent()).t("\" \"").t(g.uuid()).t("\" \"").t(g.word()).t(".svc.cluster.local\" \"")
            .t(g.word()).t("-").t(g.between(1, 9)).t(".svc.cluster.local:8080\"").build(id, i, false);
      }
    }
  }

  // ---- JSON ----

  private static final String[] KEYS = {"id", "count", "items", "price", "currency", "tags", "note", "city", "城市", "straße",
    "ключ", "name", "title", "enabled", "ratio", "created", "nested", "list", "emoji", "path", "description", "sku", "qty"};

  private static final String[] TEXT = {"café ☕", "Grüße aus Köln", "注文を受け付けました", "Заказ принят", "🚀 deployed",
    "naïve résumé", "北京", "Ελληνικά", "emoji 👍🏽 ok", "a \"quoted\" word", "back\\slash", "line1\nline2", "tab\tsep",
    "50% off", "x/y/z", "<b>bold</b>", "€12,50", "ünïcödé", "🇩🇪 flag", "مرحبا"};

  static Json.Node randomValue(Gen g, int depth) {
    int kind = g.between(0, depth >= 3 ? 7 : 9);
    switch (kind) {
      case 0 -> {
        return Json.str(new Json.Raw(Json.decorated(g, g.pick(TEXT))));
      }
      case 1 -> {
        // a surrogate pair written as escapes
        return Json.str(new Json.Raw(g.word() + " \\ud83d\\ude80 " + g.word()));
      }
      case 2 -> {
        return Json.num(g.between(-1000, 1_000_000));
      }
      case 3 -> {
        return Json.num(g.pick("0.5", "12.50", "1e3", "1.0E-7", "-0.0", "3.0", "100.25", "6.02e23"));
      }
      case 4 -> {
        return g.pick(Json.TRUE, Json.FALSE, Json.NULL);
      }
      case 5 -> {
        return Json.str(g.word() + "-" + g.between(1, 999));
      }
      case 6 -> {
        return Json.str(g.uuid());
      }
      case 7 -> {
        return Json.str(g.words(g.between(1, 5)));
      }
      case 8 -> {
        int n = g.between(0, 3);
        Json.Node[] items = new Json.Node[n];
        for (int k = 0; k < n; k++) {
          items[k] = randomValue(g, depth + 1);
        }
        return Json.arr(items);
      }
      default -> {
        return randomObject(g, depth + 1);
      }
    }
  }

  static Json.Obj randomObject(Gen g, int depth) {
    Json.Obj o = Json.obj();
    int n = g.between(1, depth == 0 ? 7 : 4);
    for (int k = 0; k < n; k++) {
      String key = g.pick(KEYS);
      if (!o.has(key)) {
        o.put(key, randomValue(g, depth));
      }
    }
    return o;
  }

  static Case json(Gen g, String id, int i) {
    return Json.doc(id, i, randomObject(g, 0), g);
  }

  // ---- look-alike numbers ----

  /** A 17-20 digit id that cannot be mistaken for a card (no issuer prefix with a valid Luhn digit). */
  static String longId(Gen g) {
    return safeDigits(g, 17, 20);
  }

  /** A decimal id of minLen-maxLen digits that is not an issuer prefix with a valid Luhn digit. */
  static String safeDigits(Gen g, int minLen, int maxLen) {
    while (true) {
      String id = g.number(g.between(minLen, maxLen));
      if (!(id.length() >= 12 && id.length() <= 19 && Pii.looksLikeIssuer(id) && Pii.luhnValid(id))) {
        return id;
      }
    }
  }

  static String lookalike(Gen g) {
    return switch (g.between(0, 27)) {
      case 0 -> "version " + g.between(1, 9) + "." + g.between(0, 20) + "." + g.between(0, 40) + "." + g.between(0, 9) + "." + g.between(0, 99);
      case 1 -> "build=10.0." + g.between(19041, 22631) + "." + g.between(1, 4000);
      case 2 -> "v" + g.between(1, 9) + "." + g.between(0, 30) + "." + g.between(0, 30) + "-beta." + g.between(1, 9);
      case 3 -> "ts=" + g.epochSeconds();
      case 4 -> "epoch_ms=" + (g.epochSeconds() * 1000 + g.between(0, 999));
      case 5 -> "took " + g.between(1, 99999) + "ms";
      case 6 -> "duration=PT" + g.between(1, 23) + "H" + g.between(1, 59) + "M";
      case 7 -> "request_id=" + g.uuid();
      case 8 -> "sha256=" + g.hex(64);
      case 9 -> "commit " + g.hex(40);
      case 10 -> "etag=\"" + g.hex(32) + "\"";
      case 11 -> "trace=" + g.traceId();
      case 12 -> "traceparent=00-" + g.hex(32) + "-" + g.hex(16) + "-01";
      case 13 -> "dd.trace_id=" + longId(g) + " dd.span_id=" + safeDigits(g, 15, 19);
      case 14 -> "snowflake=" + longId(g);
      case 15 -> "total=$" + g.between(1, 9) + "," + g.digits(3) + "." + g.digits(2);
      case 16 -> "price=" + g.between(1, 999) + "." + g.digits(2) + " " + g.pick("EUR", "USD", "JPY");
      case 17 -> "listening on :" + g.pick(3000, 8080, 8443, 9090, 5432);
      case 18 -> "at " + g.time() + "." + g.digits(3);
      case 19 -> "mac=" + macAddress(g);
      case 20 -> "processed " + g.number(9) + " records";
      case 21 -> "arn:aws:iam::" + g.number(12) + ":role/" + g.word() + "-role";
      case 22 -> "tz=+" + g.pick("05:30", "09:00", "01:00", "10:30");
      case 23 -> "isbn 978-" + g.between(0, 9) + "-" + g.digits(2) + "-" + g.digits(6) + "-" + g.between(0, 9);
      case 24 -> "lat=" + g.between(-89, 89) + "." + g.digits(4) + " lon=" + g.between(-179, 179) + "." + g.digits(4);
      case 25 -> "order ORD-" + g.year() + "-" + g.digits(6);
      case 26 -> "span_id=" + g.hex(16) + " offset=+" + g.between(100, 9000) + "ms";
      default -> "date=" + g.date() + " " + g.time();
    };
  }

  static String macAddress(Gen g) {
    String[] b = new String[6];
    for (int k = 0; k < 6; k++) {
      b[k] = g.hex(2);
    }
    return switch (g.between(0, 3)) {
      case 0 -> String.join(":", b);
      case 1 -> String.join(":", b).toUpperCase(Locale.ROOT);
      case 2 -> String.join("-", b);
      default -> b[0] + b[1] + "." + b[2] + b[3] + "." + b[4] + b[5];
    };
  }

  static Case lookalikes(Gen g, String id, int i) {
    if (g.p(0.25)) {
      Json.Obj o = Json.obj().put("level", Json.str("info")).put("msg", Json.str(lookalike(g)))
          .put("detail", Json.str(lookalike(g) + " " + lookalike(g)));
      if (g.p(0.5)) {
        o.put("id", Json.num(longId(g)));
      }
      if (g.p(0.5)) {
        o.put("ts_ms", Json.num(g.epochSeconds() * 1000 + g.between(0, 999)));
      }
      return Json.doc(id, i, o.shuffle(g), g);
    }
    return new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.level()).t(" ").t(lookalike(g)).t(" ").t(lookalike(g))
        .t(g.p(0.5) ? " " + lookalike(g) : "").build(id, i, false);
  }

  // ---- code and host names ----

  static Case code(Gen g, String id, int i) {
    String w = g.word();
    String line = switch (g.between(0, 17)) {
      case 0 -> "std::cout << \"" + w + ": \" << " + w + "_count << std::endl;";
      case 1 -> "    @Override public String toString() { return \"" + Gen.capitalize(w) + "\"; }";
      case 2 -> "@SuppressWarnings(\"unchecked\") List<" + Gen.capitalize(w) + "> items = (List<" + Gen.capitalize(w) + ">) raw;";
      case 3 -> "ssh: connect to " + g.pick("user", "deploy", "postgres", "root", g.latinName()) + "@localhost port 22: Connection refused";
      case 4 -> "error in " + Gen.capitalize(w) + "::" + g.word() + "() at " + w + ".cpp:" + g.between(1, 900);
      case 5 -> "npm install @types/" + w + "@" + g.between(1, 20) + "." + g.between(0, 30) + "." + g.between(0, 30);
      case 6 -> "GET /static/img/" + w + "@2x.png 200";
      case 7 -> "docker pull " + w + "@sha256:" + g.hex(64);
      case 8 -> "@app.route(\"/" + w + "\", methods=[\"GET\"])";
      case 9 -> "@media (max-width: " + g.between(300, 1200) + "px) { ." + w + " { display: none; } }";
      case 10 -> "SELECT email, created_at FROM users WHERE id = $1 AND tenant = $2 -- " + w;
      case 11 -> "template rendered: Hello {{ user.first_name }}, your order {{ order.id }} shipped";
      case 12 -> "let v = Vec::<u8>::with_capacity(" + g.between(1, 4096) + ");";
      case 13 -> "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"" + w + "\" is null";
      case 14 -> "$this->" + w + "->save(); // " + Gen.capitalize(w) + "Controller@store";
      case 15 -> "git@" + g.pick("localhost", "gitea") + ": Permission denied (publickey).";
      case 16 -> "import { " + Gen.capitalize(w) + " } from '@" + g.word() + "/" + w + "';";
      default -> "kotlin: val k = " + Gen.capitalize(w) + "::class.java.simpleName";
    };
    return new LineBuilder().t(line).build(id, i, false);
  }

  // ---- near-miss keys ----

  static String[] nearMiss(Gen g) {
    return switch (g.between(0, 33)) {
      case 0 -> new String[] {"token_count", String.valueOf(g.between(1, 99999))};
      case 1 -> new String[] {"max_tokens", String.valueOf(g.pick(256, 1024, 4096, 8192))};
      case 2 -> new String[] {"prompt_tokens", String.valueOf(g.between(1, 9999))};
      case 3 -> new String[] {"tokenizer", g.pick("cl100k_base", "o200k_base", "bpe")};
      case 4 -> new String[] {"token_type", "Bearer"};
      case 5 -> new String[] {"token_expires_in", String.valueOf(g.pick(300, 3600))};
      case 6 -> new String[] {"secretName", "prod/" + g.word() + "/db"};
      case 7 -> new String[] {"secret_arn", "arn:aws:secretsmanager:eu-west-1:" + g.number(12) + ":secret:prod/" + g.word() + "-" + g.from(Gen.ALNUM, 6)};
      case 8 -> new String[] {"secret_version", String.valueOf(g.between(1, 40))};
      case 9 -> new String[] {"secretRotationEnabled", "true"};
      case 10 -> new String[] {"password_policy", g.pick("strict", "default", "nist-800-63b")};
      case 11 -> new String[] {"password_changed_at", g.isoTimestamp()};
      case 12 -> new String[] {"passwordless", g.pick("true", "false")};
      case 13 -> new String[] {"password_min_length", String.valueOf(g.between(8, 16))};
      case 14 -> new String[] {"password_reset_required", "false"};
      case 15 -> new String[] {"has_password", "true"};
      case 16 -> new String[] {"AccessKeyId", g.pick("null", "-", "(none)", "n/a")};
      case 17 -> new String[] {"access_key_age_days", String.valueOf(g.between(1, 400))};
      case 18 -> new String[] {"pin_enabled", g.pick("true", "false")};
      case 19 -> new String[] {"pin_attempts", String.valueOf(g.between(0, 3))};
      case 20 -> new String[] {"bypass", g.pick("false", "true")};
      case 21 -> new String[] {"bypass_cache", "true"};
      case 22 -> new String[] {"compass", g.pick("N", "NE", "SW", "north")};
      case 23 -> new String[] {"authorized", "true"};
      case 24 -> new String[] {"auth_method", g.pick("oauth2", "saml", "password", "webauthn")};
      case 25 -> new String[] {"cookies_enabled", "true"};
      case 26 -> new String[] {"api_version", g.date()};
      case 27 -> new String[] {"apiKeyName", "ci-" + g.word()};
      case 28 -> new String[] {"session_timeout", g.between(5, 60) + "m"};
      case 29 -> new String[] {"private_key_path", "/etc/ssl/private/" + g.word() + ".key"};
      case 30 -> new String[] {"public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + g.from(Gen.B64, 43) + " " + g.word() + "@ci"};
      case 31 -> new String[] {"csrf_enabled", "true"};
      case 32 -> new String[] {"keyId", g.uuid()};
      default -> new String[] {"spinner", g.pick("dots", "line")};
    };
  }

  static Case nearMissKeys(Gen g, String id, int i) {
    String[] a = nearMiss(g);
    String[] b = nearMiss(g);
    while (b[0].equals(a[0])) {
      b = nearMiss(g);
    }
    if (g.p(0.4)) {
      Json.Obj o = Json.obj().put(a[0], value(a[1])).put(b[0], value(b[1])).put("level", Json.str("info"));
      Contexts.benignFields(g, o, g.between(0, 2));
      return Json.doc(id, i, o.shuffle(g), g);
    }
    String sep = g.pick("=", "=", ": ");
    return new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.level()).t(" ").t(g.word()).t(" ").t(a[0]).t(sep).t(a[1]).t(" ")
        .t(b[0]).t(sep).t(b[1]).build(id, i, false);
  }

  private static Json.Node value(String v) {
    if (v.equals("true")) {
      return Json.TRUE;
    }
    if (v.equals("false")) {
      return Json.FALSE;
    }
    if (v.equals("null")) {
      return Json.NULL;
    }
    if (v.matches("-?[0-9]{1,9}")) {
      return Json.num(v);
    }
    return Json.str(v);
  }

  // ---- phrases ----

  static Case authPhrases(Gen g, String id, int i) {
    String phrase = switch (g.between(0, 15)) {
      case 0 -> "401 Unauthorized: Bearer token required";
      case 1 -> "basic auth failed for realm \"" + g.word() + "\"";
      case 2 -> "WWW-Authenticate: Bearer realm=\"" + g.word() + "\", error=\"invalid_token\"";
      case 3 -> "WWW-Authenticate: Basic realm=\"" + Gen.capitalize(g.word()) + " Admin\", charset=\"UTF-8\"";
      case 4 -> "missing Authorization header on " + g.path();
      case 5 -> "invalid bearer token for client " + g.word() + "-" + g.between(1, 99);
      case 6 -> "password must be at least " + g.between(8, 16) + " characters long";
      case 7 -> "password reset link sent (user id " + g.between(1, 99999) + ")";
      case 8 -> "secret rotation scheduled for " + g.date();
      case 9 -> "api key revoked for project " + g.between(1, 9999);
      case 10 -> "token expired " + g.between(1, 600) + "s ago, refreshing";
      case 11 -> "use Bearer authentication with an access token from /oauth/token";
      case 12 -> "Authorization scheme Basic is disabled; use OAuth 2.0";
      case 13 -> "failed to refresh access token: HTTP " + g.pick(400, 401, 500);
      case 14 -> "session cookie missing, redirecting to /login";
      default -> "client secret will expire in " + g.between(1, 90) + " days";
    };
    if (g.p(0.3)) {
      Json.Obj o = Json.obj().put("level", Json.str(g.pick("warn", "error"))).put("msg", Json.str(phrase))
          .put("status", Json.num(g.pick(401, 403)));
      return Json.doc(id, i, o.shuffle(g), g);
    }
    return new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.level()).t(" [").t(g.thread()).t("] ").t(g.logger()).t(" - ").t(phrase)
        .build(id, i, false);
  }

  // ---- failing check digits ----

  /** Issuer prefix, Luhn broken; no run of its groups reads as a card either (no "card + CVV" reading). */
  static Case luhnInvalid(Gen g, String id, int i) {
    while (true) {
      Pii.Card card = Pii.card(g);
      String digits = Pii.luhnBroken(g, card.digits());
      int[] groups = Pii.groups(digits.length());
      String text = groups != null && g.p(0.5) ? Pii.group(digits, groups, g.pick(" ", "-")) : digits;
      if (!Pii.containsCardLike(text)) {
        return neutral(g, id, i, text);
      }
    }
  }

  static Case ibanBadChecksum(Gen g, String id, int i) {
    while (true) {
      String iban = Pii.ibanBadChecksum(g);
      String text = g.p(0.5) ? iban : Pii.groupIban(iban, " ");
      if (!Pii.containsCardLike(text)) {
        return neutral(g, id, i, text);
      }
    }
  }

  private static Case neutral(Gen g, String id, int i, String value) {
    switch (g.between(0, 3)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" INFO ").t(g.pick("reference", "document", "voucher", "shipment"))
            .t(" ").t(value).t(" ").t(g.pick("archived", "created", "matched", "printed")).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t("ref=").t(value.contains(" ") ? "\"" + value + "\"" : value).t(" status=")
            .t(g.pick("ok", "pending")).build(id, i, false);
      }
      case 2 -> {
        Json.Obj o = Json.obj().put(g.pick("reference", "doc_id", "externalRef"), Json.str(value)).put("level", Json.str("info"));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        return new LineBuilder().t(g.date()).t(",").t(value).t(",").t(g.word()).t(",").t(g.between(1, 99)).build(id, i, false);
      }
    }
  }

  // ---- already masked ----

  static Case redacted(Gen g, String id, int i) {
    String key = g.pick("password", "secret", "api_key", "token", "client_secret", "Authorization", "db_password");
    String value = g.pick("********", "***", "[REDACTED]", "<redacted>", "<hidden>", "${" + key.toUpperCase(Locale.ROOT) + "}",
        "$" + key.toUpperCase(Locale.ROOT), "null", "(none)", "");
    if (g.p(0.4)) {
      Json.Obj o = Json.obj().put(key, value.equals("null") ? Json.NULL : Json.str(value)).put("user", Json.str(g.latinName()));
      return Json.doc(id, i, o.shuffle(g), g);
    }
    return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG config ").t(key).t("=").t(value).t(" source=")
        .t(g.pick("env", "vault", "ssm")).build(id, i, false);
  }
}
