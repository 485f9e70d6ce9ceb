package dev.eventpipeline.masking.eval;

import static dev.eventpipeline.masking.eval.CaseClass.standard;

import java.util.List;
import java.util.Locale;

/** The standard classes: sensitive values written the usual way, in varied log contexts. */
final class StandardClasses {
  private StandardClasses() {}

  static List<CaseClass> all() {
    return List.of(
        standard("email", "ASCII e-mail addresses (dotted, tagged, capitalised, sub-domains, 40+ TLDs)",
            (g, id, i) -> Contexts.place(g, id, i, Secret.of(Pii.email(g), "EMAIL"), Contexts.EMAIL)),
        standard("credit_card", "cards of 8 issuers, 13-19 digits, Luhn-valid; compact, or grouped with space or dash",
            StandardClasses::card),
        standard("iban", "IBANs of 25 countries, mod-97 valid; compact or in groups of four",
            (g, id, i) -> {
              String iban = Pii.iban(g);
              String text = g.p(0.5) ? iban : Pii.groupIban(iban, g.p(0.85) ? " " : "-");
              return Contexts.place(g, id, i, Secret.of(text, "IBAN"), Contexts.IBAN);
            }),
        standard("us_ssn", "US SSNs in issued ranges, AAA-GG-SSSS or with spaces",
            (g, id, i) -> Contexts.place(g, id, i, Secret.of(Pii.ssn(g), "US_SSN"), Contexts.SSN)),
        standard("phone_e164", "E.164 numbers of 15 countries, with spaces, dashes or compact",
            (g, id, i) -> Contexts.place(g, id, i, Secret.of(Pii.e164(g), "PHONE"), Contexts.PHONE)),
        standard("phone_nanp", "NANP numbers: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-..., +1 (...)",
            (g, id, i) -> Contexts.place(g, id, i, Secret.of(Pii.nanp(g), "PHONE"), Contexts.PHONE)),
        standard("phone_national", "national numbers with a trunk 0 (UK, DE, FR, JP, AU, NL, KR) in their usual groups",
            (g, id, i) -> Contexts.place(g, id, i, Secret.of(Pii.national(g), "PHONE"), Contexts.PHONE)),
        standard("ipv4", "IPv4 addresses (public and private) in text, access logs, ip:port, flow logs, JSON",
            (g, id, i) -> ip(g, id, i, Pii.ipv4(g), "IPV4")),
        standard("ipv6", "IPv6: full, unpadded, compressed, upper case, zone ids, IPv4-mapped, [addr]:port",
            (g, id, i) -> ip(g, id, i, Pii.ipv6(g), "IPV6")),
        standard("aws_access_key_id", "AKIA/ASIA access key ids in config, env, CloudTrail JSON, SigV2 presigned URLs, text",
            StandardClasses::awsAccessKeyId),
        standard("aws_secret_key", "40-character AWS secret keys after their keywords (ini, env, STS JSON, YAML)",
            StandardClasses::awsSecretKey),
        standard("jwt", "JWTs (HS/RS/ES/PS/EdDSA) that decode, under token keys, in JSON, query strings, prose",
            StandardClasses::jwt),
        standard("private_key", "PEM/OpenSSH private keys (PKCS#8, RSA, EC, DSA, encrypted) as \\n-escaped or one-line text",
            StandardClasses::privateKey),
        standard("url_password", "the password of scheme://user:password@host URLs (databases, brokers, git, http)",
            StandardClasses::urlPassword),
        standard("password_field", "password=, secret:, \"password\": values in text and JSON",
            StandardClasses::passwordField),
        standard("auth_bearer_jwt", "Authorization: Bearer <JWT> followed by more fields on the line",
            (g, id, i) -> authorization(g, id, i, "Bearer", Secret.of(Creds.jwt(g), "AUTHORIZATION", "JWT")))
            .withAuthorizationLabel(),
        standard("auth_bearer_opaque", "Authorization: Bearer <opaque token> followed by more fields",
            (g, id, i) -> authorization(g, id, i, "Bearer", Secret.of(Creds.opaqueToken(g), "AUTHORIZATION")))
            .withAuthorizationLabel(),
        standard("auth_basic", "Authorization: Basic base64(user:password) followed by more fields",
            (g, id, i) -> authorization(g, id, i, "Basic", Secret.of(Creds.basicCredentials(g), "AUTHORIZATION")))
            .withAuthorizationLabel());
  }

  static Case card(Gen g, String id, int i) {
    Pii.Card card = Pii.card(g);
    int[] groups = Pii.groups(card.length());
    if (groups != null && g.p(0.5)) {
      String text = Pii.group(card.digits(), groups, g.pick(" ", " ", "-"));
      return Contexts.place(g, id, i, Secret.of(text, "CREDIT_CARD"), Contexts.CARD);
    }
    return Contexts.place(g, id, i, Secret.of(card.digits(), "CREDIT_CARD"),
        card.length() > 16 ? Contexts.CARD_CONTEXTUAL : Contexts.CARD);
  }

  /** An IP address: the usual contexts, or where only addresses stand (access log client, ip:port, flow logs). */
  static Case ip(Gen g, String id, int i, String address, String label) {
    boolean v6 = label.equals("IPV6");
    Secret s = v6 ? Secret.of(address, "IPV6", "IPV4") : Secret.of(address, "IPV4");
    switch (g.between(0, 9)) {
      case 0 -> {
        return new LineBuilder().s(s).t(" - - [").t(g.clfDate()).t("] \"GET ").t(g.path()).t(" HTTP/1.1\" ").t(g.status())
            .t(" ").t(g.between(0, 90000)).t(" \"-\" \"").t(g.userAgent()).t("\"").build(id, i, false);
      }
      case 1 -> {
        LineBuilder b = new LineBuilder().t(g.isoTimestamp()).t(" ").t(g.pick("upstream connect error to ", "dial tcp ", "proxying to "));
        if (v6) {
          b.t("[").s(s).t("]");
        } else {
          b.s(s);
        }
        return b.t(":").t(g.pick(443, 8080, 5432, 6379, 9092)).t(g.pick(": connection refused", " timeout after 5s", ""))
            .build(id, i, false);
      }
      case 2 -> {
        if (v6) {
          break;
        }
        Secret dst = Secret.of(Pii.ipv4(g), "IPV4");
        return new LineBuilder().t("2 ").t(g.number(12)).t(" eni-").t(g.hex(17)).t(" ").s(s).t(" ").s(dst).t(" ")
            .t(g.between(1024, 65535)).t(" ").t(g.pick(443, 80, 22, 5432)).t(" 6 ").t(g.between(1, 200)).t(" ")
            .t(g.between(40, 90000)).t(" ").t(g.epochSeconds()).t(" ").t(g.epochSeconds() + 60).t(" ")
            .t(g.pick("ACCEPT", "REJECT")).t(" OK").build(id, i, false);
      }
      default -> {
        // fall through to the shared contexts
      }
    }
    return Contexts.place(g, id, i, s, Contexts.IP);
  }

  static Case awsAccessKeyId(Gen g, String id, int i) {
    Secret key = Secret.of(Creds.awsAccessKeyId(g), "AWS_ACCESS_KEY_ID");
    switch (g.between(0, 6)) {
      case 0 -> {
        return new LineBuilder().t("aws_access_key_id = ").s(key).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(g.pick("export ", "")).t("AWS_ACCESS_KEY_ID=").s(key).t(g.pick("", " AWS_REGION=eu-west-1"))
            .build(id, i, false);
      }
      case 2 -> {
        Json.Obj ident = Json.obj().put("type", Json.str(g.pick("AssumedRole", "IAMUser")))
            .put("accessKeyId", Json.str(key)).put("accountId", Json.str(g.number(12)))
            .put("principalId", Json.str("AROA" + g.from(Creds.B32, 17) + ":" + g.word()));
        Json.Obj o = Json.obj().put("eventVersion", Json.str("1.08")).put("userIdentity", ident.shuffle(g))
            .put("eventName", Json.str(g.pick("GetObject", "PutObject", "AssumeRole", "DescribeInstances")))
            .put("awsRegion", Json.str(g.pick("us-east-1", "eu-west-1"))).put("readOnly", Json.TRUE);
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 3 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG signing request with access key ").s(key).t(" for bucket ")
            .t(g.word()).t("-").t(g.word()).build(id, i, false);
      }
      case 4 -> {
        // a SigV2 presigned URL: the key id is its own parameter, the signature a sensitive one
        String sig = EvasionClasses.percentEncode(g.b64(20), false);
        Secret signature = Secret.of(sig, "SECRET", "API_TOKEN");
        return new LineBuilder().t("GET https://").t(g.word()).t("-assets.s3.amazonaws.com/").t(g.word()).t(".pdf")
            .t("?AWSAccessKeyId=").s(key).t("&Expires=").t(g.epochSeconds()).t("&Signature=").s(signature)
            .t(" ").t(g.status()).build(id, i, false);
      }
      case 5 -> {
        Json.Obj o = Json.obj().put("level", Json.str("warn"))
            .put("msg", Json.str("access key ", key, " is " + g.between(91, 400) + " days old, rotate it"))
            .put("user", Json.str("svc-" + g.word()));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        return new LineBuilder().t("credential_source=env key_id=").s(key).t(" expires=").t(g.isoTimestamp())
            .build(id, i, false);
      }
    }
  }

  static Case awsSecretKey(Gen g, String id, int i) {
    Secret secret = Secret.of(Creds.awsSecretKey(g), "AWS_SECRET_KEY");
    switch (g.between(0, 6)) {
      case 0 -> {
        return new LineBuilder().t("aws_secret_access_key = ").s(secret).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(g.pick("export ", "")).t("AWS_SECRET_ACCESS_KEY=").s(secret).build(id, i, false);
      }
      case 2 -> {
        Secret keyId = Secret.of("ASIA" + g.from(Creds.B32, 16), "AWS_ACCESS_KEY_ID");
        Secret session = Secret.of("IQoJb3JpZ2luX2Vj" + g.from(Gen.B64, g.between(300, 600)) + "==", "SECRET", "AWS_SECRET_KEY");
        Json.Obj creds = Json.obj().put("AccessKeyId", Json.str(keyId)).put("SecretAccessKey", Json.str(secret))
            .put("SessionToken", Json.str(session)).put("Expiration", Json.str(g.isoTimestamp()));
        return Json.doc(id, i, Json.obj().put("Credentials", creds.shuffle(g))
            .put("AssumedRoleUser", Json.obj().put("Arn", Json.str("arn:aws:sts::" + g.number(12) + ":assumed-role/" + g.word() + "/session")))
            .shuffle(g), g);
      }
      case 3 -> {
        return new LineBuilder().t("export AWS_SECRET_ACCESS_KEY=\"").sQuoted(secret).t("\"").build(id, i, false);
      }
      case 4 -> {
        return new LineBuilder().t("  secret_key: ").s(secret).build(id, i, false);
      }
      case 5 -> {
        return new LineBuilder().t("config loaded {region:\"eu-west-1\",secretAccessKey:\"").s(secret).t("\",maxRetries:3}")
            .build(id, i, false);
      }
      default -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" WARN aws_secret_key=").s(secret).t(" found in ").t(g.word())
            .t(".env line ").t(g.between(1, 90)).build(id, i, false);
      }
    }
  }

  static Case jwt(Gen g, String id, int i) {
    Secret jwt = Secret.of(Creds.jwt(g), "JWT");
    switch (g.between(0, 5)) {
      case 0 -> {
        return new LineBuilder().t("ts=").t(g.isoTimestamp()).t(" level=debug token=").s(jwt).t(" user=").t(g.between(1, 99999))
            .build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t("id_token: ").s(jwt).build(id, i, false);
      }
      case 2 -> {
        Json.Obj o = Json.obj().put(g.pick("access_token", "id_token", "jwt"), Json.str(jwt))
            .put("token_type", Json.str("Bearer")).put("expires_in", Json.num(g.pick(300, 3600)));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 3 -> {
        Json.Obj o = Json.obj().put("level", Json.str("debug")).put("msg", Json.str("verifying ", jwt, " for tenant " + g.word()));
        Contexts.benignFields(g, o, 2);
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 4 -> {
        return new LineBuilder().t(g.host()).t(" - - [").t(g.clfDate()).t("] \"GET /callback?jwt=").s(jwt).t("&state=")
            .t(g.hex(16)).t(" HTTP/1.1\" 302 0").build(id, i, false);
      }
      default -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" INFO session established with ").s(jwt).t(" for user ")
            .t(g.between(1, 99999)).build(id, i, false);
      }
    }
  }

  static Case privateKey(Gen g, String id, int i) {
    switch (g.between(0, 3)) {
      case 0, 1 -> {
        // a trailing newline is outside the block, unless the key is a sensitive one (then its whole value is the secret)
        String field = g.pick("pem", "tls_key", "private_key", "signingKey", "value");
        boolean newline = g.p(0.3);
        String pem = Creds.pem(g, "\n");
        Json.Str value;
        if (newline && !field.equals("pem") && !field.equals("value")) { // private_key, signingKey, tls_key: sensitive keys
          value = Json.str(new Secret(pem + "\n", List.of("PRIVATE_KEY"), null, true));
        } else {
          value = Json.str(new Secret(pem, List.of("PRIVATE_KEY"), null, true), new Json.Raw(newline ? "\\n" : ""));
        }
        Json.Obj o = Json.obj().put(field, value).put("kid", Json.str(g.hex(16))).put("level", Json.str("error"))
            .put("msg", Json.str("key material logged by mistake"));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 2 -> {
        String pem = Creds.pem(g, "\\n");
        Secret key = new Secret(pem, List.of("PRIVATE_KEY"), null, true);
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG config dump: tls.key=\"").s(key).t("\" reload=ok")
            .build(id, i, false);
      }
      default -> {
        Secret key = new Secret(Creds.pem(g, " "), List.of("PRIVATE_KEY"), null, true);
        return new LineBuilder().t("<131>").t(g.syslogDate()).t(" ").t(g.host()).t(" deploy[").t(g.between(100, 9999))
            .t("]: writing ").s(key).t(" to /etc/ssl/private/").t(g.word()).t(".key").build(id, i, false);
      }
    }
  }

  static Case urlPassword(Gen g, String id, int i) {
    Secret pw = Secret.of(Creds.urlPassword(g), "PASSWORD");
    String[] scheme = g.pick(new String[] {"postgres", "5432", "/app"}, new String[] {"postgresql", "5432", "/orders?sslmode=require"},
        new String[] {"mysql", "3306", "/shop"}, new String[] {"mongodb+srv", "", "/?retryWrites=true&w=majority"},
        new String[] {"redis", "6379", "/0"}, new String[] {"rediss", "6380", ""}, new String[] {"amqp", "5672", "/vhost"},
        new String[] {"amqps", "5671", "/"}, new String[] {"https", "", "/org/repo.git"}, new String[] {"ftp", "21", "/upload/"},
        new String[] {"smtp", "587", ""});
    String user = scheme[0].startsWith("redis") && g.p(0.4) ? "" : g.pick(g.latinName(), "svc_" + g.word(), "admin", "deploy");
    String host = scheme[0].equals("mongodb+srv") ? "cluster0." + g.from(Gen.LOWER + Gen.DIGITS, 5) + ".mongodb.net" : g.host();
    LineBuilder b = new LineBuilder();
    int shape = g.between(0, 3);
    switch (shape) {
      case 0 -> b.t(g.isoTimestamp()).t(" INFO connecting to ");
      case 1 -> b.t("DATABASE_URL=");
      case 2 -> b.t("git clone ");
      default -> b.t("{\"level\":\"info\",\"dsn\":\"");
    }
    boolean json = shape == 3;
    b.t(scheme[0]).t("://").t(user).t(":").s(pw).t("@").t(host).t(scheme[1].isEmpty() ? "" : ":" + scheme[1]).t(scheme[2]);
    if (json) {
      b.t("\",\"pool\":").t(g.between(1, 50)).t("}");
    } else {
      b.t(g.pick("", " (pool=10)", " ok", " failed: timeout"));
    }
    return b.build(id, i, json);
  }

  static Case passwordField(Gen g, String id, int i) {
    boolean secretKey = g.p(0.25);
    String key = secretKey ? g.pick("secret", "Secret", "SECRET") : g.pick("password", "password", "Password", "PASSWORD", "passwd");
    Secret pw = Secret.of(Creds.password(g), secretKey ? "SECRET" : "PASSWORD");
    switch (g.between(0, 6)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG login attempt user=").t(g.latinName()).t(" ").t(key).t("=").s(pw)
            .t(" result=").t(g.pick("ok", "denied")).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(key).t(": ").s(pw).build(id, i, false);
      }
      case 2 -> {
        return new LineBuilder().t("db.").t(key.toLowerCase(Locale.ROOT)).t("=").s(pw).build(id, i, false);
      }
      case 3 -> {
        return new LineBuilder().t("payload={\"user\":\"").t(g.latinName()).t("\",\"").t(key).t("\":\"").sQuoted(pw)
            .t("\",\"remember\":true} status=").t(g.status()).build(id, i, false);
      }
      case 4, 5 -> {
        Json.Obj o = Json.obj().put("username", Json.str(g.latinName())).put(key, Json.str(pw))
            .put("remember", g.p(0.5) ? Json.TRUE : Json.FALSE);
        Contexts.benignFields(g, o, g.between(0, 2));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      default -> {
        return new LineBuilder().t("starting worker --").t(key.toLowerCase(Locale.ROOT)).t("=").s(pw).t(" --threads=")
            .t(g.between(1, 16)).build(id, i, false);
      }
    }
  }

  /** An Authorization credential with more fields after it on the same line. */
  static Case authorization(Gen g, String id, int i, String scheme, Secret token) {
    String header = g.pick("Authorization", "Authorization", "authorization");
    switch (g.between(0, 5)) {
      case 0 -> {
        return new LineBuilder().t(g.isoTimestamp()).t(" DEBUG [").t(g.thread()).t("] outbound GET https://").t(g.host())
            .t(g.path()).t(" ").t(header).t(": ").t(scheme).t(" ").s(token).t(" status=").t(g.status()).t(" trace=")
            .t(g.traceId()).build(id, i, false);
      }
      case 1 -> {
        return new LineBuilder().t(g.pick("GET", "POST", "PUT")).t(" ").t(g.path()).t(" ").t(header.toLowerCase(Locale.ROOT))
            .t("=\"").t(scheme).t(" ").s(token).t("\" status=").t(g.status()).t(" latency_ms=").t(g.between(1, 900))
            .t(" trace_id=").t(g.hex(32)).build(id, i, false);
      }
      case 2 -> {
        return new LineBuilder().t("curl -sS -H '").t(header).t(": ").t(scheme).t(" ").s(token)
            .t("' -H 'Accept: application/json' https://").t(g.host()).t(g.path()).build(id, i, false);
      }
      case 3 -> {
        Json.Obj headers = Json.obj().put(header, Json.str(scheme + " ", token)).put("Accept", Json.str("*/*"))
            .put("X-Request-Id", Json.str(g.uuid()));
        Json.Obj o = Json.obj().put("method", Json.str("GET")).put("path", Json.str(g.path()))
            .put("headers", headers.shuffle(g)).put("status", Json.num(g.status()));
        return Json.doc(id, i, o.shuffle(g), g);
      }
      case 4 -> {
        return new LineBuilder().t("request headers={'").t(header).t("': '").t(scheme).t(" ").s(token).t("', 'User-Agent': '")
            .t(g.userAgent()).t("'} status=").t(g.status()).build(id, i, false);
      }
      default -> {
        return new LineBuilder().t(g.pick("Authorization", "Proxy-Authorization")).t(": ").t(scheme).t(" ").s(token)
            .t(" | X-Request-Id: ").t(g.uuid()).t(" | Accept: */*").build(id, i, false);
      }
    }
  }
}
