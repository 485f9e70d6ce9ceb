package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No false positives on ordinary log text: a megabyte of varied, realistic lines (access logs, JSON
 * application logs, stack traces, syslog, package managers, CI, Kubernetes, SQL, payment and chat
 * integrations) full of words that begin like vendor prefixes, generated with a fixed seed. The
 * short prefixes' look-alikes are there too: {@code key-<md5>} cache keys, {@code pat}/{@code path}
 * words, {@code dapi} in words, Twilio SIDs ({@code AC}/{@code SK}/{@code SM} + 32 hex), {@code LTAI}
 * and {@code AKID} words, {@code secret_} identifiers, {@code sk.}/{@code sl.}/{@code dp.} host
 * names, base64 of numbers (Discord's first part), age recipients ({@code age1...}, public keys).
 */
class VendorTokensLogTextTest {
  private static final String[] WORDS = {
    "ghost", "github", "gitlab", "glance", "global", "gho", "ghp", "xoxo", "xml", "xapp", "skip", "sk", "skill",
    "shp", "shipping", "shopify", "ship_to", "rk", "rack", "whsec", "what", "AIza", "AIzawa", "npm", "nope",
    "pypi", "pypirc", "python", "dop", "door", "dor", "hf", "hvs", "hvac", "hooks", "SG", "SGD", "Singapore",
    "Token", "Total", "THREAD", "service", "session", "request", "response", "timeout", "retry", "user",
    "order", "payment", "invoice", "customer", "checkout", "deploy", "release", "build", "stage", "prod",
    "latency", "upstream", "downstream", "cache", "miss", "hit", "queue", "worker", "shard", "partition",
    "key", "pat", "path", "patch", "pattern", "dapi", "AC", "ACK", "SK", "SKU", "LTAI", "AKID", "EAAA", "sl", "dp",
    "glc", "glsa", "figd", "fo1", "fm2", "ntn", "sbp", "pul", "lin", "NRAK", "NRJS", "HRKU", "PMAK", "xkeysib", "sntry",
    "secret_name", "atlasv1", "age", "MTIz", "Mozilla", "NetworkClient", "OAuth",
  };

  private final Random random = new Random(1_048_576);

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private String hex(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(TokenSamples.HEX.charAt(random.nextInt(16)));
    }
    return b.toString();
  }

  private String alnum(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(TokenSamples.BASE62.charAt(random.nextInt(62)));
    }
    return b.toString();
  }

  private String b64(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(TokenSamples.B64.charAt(random.nextInt(64)));
    }
    return b.toString();
  }

  private String ip() {
    return (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    b.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  private String base64OfNumber() {
    return Base64.getEncoder().withoutPadding().encodeToString(digits(17 + random.nextInt(4)).getBytes(StandardCharsets.US_ASCII));
  }

  private String lowerBech32(int n) {
    StringBuilder b = new StringBuilder(n);
    String alphabet = TokenSamples.BECH32_UPPER.toLowerCase();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(32)));
    }
    return b.toString();
  }

  private String line() {
    int n = random.nextInt(1000);
    switch (random.nextInt(37)) {
      case 0:
        return ip() + " - - [03/Dec/2026:10:" + (10 + random.nextInt(50)) + ":" + (10 + random.nextInt(50))
            + " +0000] \"GET /api/v2/orders/" + n + "?include=items&sort=-created_at&skip=" + n
            + " HTTP/1.1\" 200 " + (100 + n) + " \"https://shop.example.com/checkout/step-" + (n % 4)
            + "\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\"";
      case 1:
        return "{\"ts\":\"2026-12-03T10:15:" + (10 + n % 50) + "." + n + "Z\",\"level\":\"INFO\",\"logger\":\"dev.eventpipeline."
            + word() + ".Handler\",\"msg\":\"processed batch\",\"shard\":\"shardId-00000000000" + (n % 8)
            + "\",\"sequenceNumber\":\"4960" + hex(40).replaceAll("[a-f]", "7") + "\",\"durationMs\":" + n
            + ",\"requestId\":\"" + uuid() + "\"}";
      case 2:
        return "\tat com.example." + word() + ".GithubWebhookHandler.handle(GithubWebhookHandler.java:" + n + ")";
      case 3:
        return "Dec  3 10:15:" + (10 + n % 50) + " ip-10-0-1-" + (n % 250) + " sshd[" + (1000 + n)
            + "]: Accepted publickey for ec2-user from " + ip() + " port " + (40000 + n) + " ssh2: RSA SHA256:" + b64(43);
      case 4:
        return "commit " + hex(40) + "\nMerge pull request #" + n + " from org/feature/ghp-rotation-" + n
            + "\n    fix(shp_service): skip_live_updates when sk_live mode is off";
      case 5:
        return "npm WARN deprecated request@2.88.2: request has been deprecated; npm_config_cache=/home/node/.npm "
            + "npm_package_version=1." + (n % 10) + ".0 npm_lifecycle_event=build";
      case 6:
        return "Downloading https://files.pythonhosted.org/packages/" + hex(2) + "/" + hex(2) + "/" + hex(60)
            + "/requests-2.31.0-py3-none-any.whl (62 kB) from pypi.org; pypi-simple index ok";
      case 7:
        return "hf_hub_download(repo_id='bert-base-uncased', filename='config.json') cached at ~/.cache/huggingface/hub/"
            + "models--bert-base-uncased/snapshots/" + hex(40);
      case 8:
        return "SELECT id, sk_live_mode, shp_address_line, whsec_rotated_at FROM accounts WHERE id = " + n
            + " AND dop_status = 'active' LIMIT 50;";
      case 9:
        return "stripe.charges.create amount=" + (n * 10) + " currency=usd customer=cus_" + alnum(14) + " id=ch_"
            + alnum(24) + " payment_intent=pi_" + alnum(24) + " event=evt_" + alnum(24) + " livemode=false";
      case 10:
        return "posted message to #deploys via Slack (hooks.slack.com) status=ok ts=" + (1_700_000_000 + n) + "."
            + (100_000 + n) + " channel=C0" + alnum(9).toUpperCase() + " user=U0" + alnum(9).toUpperCase();
      case 11:
        return "pod/skipper-ingress-" + hex(9) + "-" + alnum(5).toLowerCase()
            + " Successfully pulled image \"ghcr.io/org/shp-service:1." + (n % 9) + ".2\" in " + n + "ms";
      case 12:
        return "X-Amzn-Trace-Id: Root=1-" + hex(8) + "-" + hex(24) + ";Parent=" + hex(16) + ";Sampled=1 session="
            + b64(32) + "==";
      case 13:
        return "GET https://maps.googleapis.com/maps/api/geocode/json?address=" + n + "+Main+St&key=REDACTED "
            + "region=SG.Singapore zone SG.1 sgd=" + n;
      case 14:
        return "docker pull " + word() + "/" + word() + "@sha256:" + hex(64) + " digest ok; layers " + hex(12);
      case 15:
        return "[main-" + n + "] WARN  o.a.k.c.NetworkClient - Connection to node "
            + (n % 5) + " (" + ip() + ":9092) could not be established. Broker may not be available.";
      case 16:
        return "2026-12-03 10:15:00,123 ERROR [" + word() + "] TokenRefreshFailed: token for user " + uuid()
            + " expired at 2026-12-03T10:00:00Z (ttl=3600s); retrying in " + (n % 30) + "s";
      case 17:
        return "vault: read secret/data/" + word() + "/" + word() + " lease_id=" + word() + "/creds/" + uuid()
            + " accessor=" + alnum(24) + " hvs.token_type=service policies=[default " + word() + "]";
      case 18:
        return "GitHub Actions: Run actions/checkout@v4 with token ***; ghs_*** masked; GITHUB_SHA=" + hex(40)
            + " GITHUB_REF=refs/heads/" + word() + "-" + n;
      case 19:
        return "sk-learn model " + word() + " scored " + (n / 1000.0) + "; scikit-learn 1.4.0; locale sk-SK, en-US";
      case 20:
        return "{\"event\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_" + alnum(24) + "\",\"customer\":\"cus_"
            + alnum(14) + "\",\"amount_paid\":" + n + ",\"hosted_invoice_url\":\"https://invoice.stripe.com/i/acct_"
            + alnum(16) + "/test_" + alnum(60) + "\"}}}";
      case 21:
        return "gitlab-runner[" + n + "]: Checking for jobs... received job=" + (100_000 + n) + " repo_url=https://"
            + "gitlab.example.com/group/" + word() + ".git runner=" + hex(8) + " glpat-*** (masked)";
      case 22:
        return "INFO  " + word() + "." + word() + " - user_agent=\"python-requests/2.31.0\" xapp_version=" + (n % 7)
            + " xoxo_flag=false dor_v1_enabled=true doo_v1 hf_transfer=1 npm_token=${NPM_TOKEN}";
      case 23:
        return "redis SET key-" + hex(32) + " EX 300 (key-value cache, key-" + n + " miss); memcached key-" + hex(40);
      case 24:
        return "PATCH /api/v1/patients/" + n + "/path?pattern=" + word() + " patchVersion=" + (n % 9)
            + " pathPrefix=/var/lib/" + word() + " pat=" + alnum(14) + " patternMatcher." + hex(12) + "()";
      case 25:
        return "POST https://api.twilio.com/2010-04-01/Accounts/AC" + hex(32) + "/Messages.json MessagingServiceSid=MG"
            + hex(32) + " sid=SM" + hex(32) + " api_key_sid=SK" + hex(32) + " status=queued";
      case 26:
        return "aliyun oss put " + word() + " AccessKeyId=LTAI**** region=cn-hangzhou; tencentcloud SecretId=AKID****"
            + " dapi_version=2.1 dapiClient=databricks-sdk-py/0." + (n % 30) + " ACK SKU-" + n + " LTAI AKID";
      case 27:
        return "GET https://sk.wikipedia.org/wiki/" + word() + " via cdn.dp.pt.example.net dp.st." + word()
            + ".example.com sl.no=" + n + " sl.cdn.example.org/" + hex(16) + " dp.sa.gov";
      case 28:
        return "rails: secret_key_base loaded; secret_name=prod/" + word() + " secret_version=" + uuid()
            + " secret_" + alnum(12) + "_rotated=true";
      case 29:
        return "GET /api/v1/guilds?cursor=" + base64OfNumber() + "&after=" + base64OfNumber() + " X-Request-Id: "
            + base64OfNumber() + "." + alnum(3) + " Mozilla/5.0 NetworkClient.java:" + n;
      case 30:
        return "mailchimp list " + hex(32) + "-us" + (n % 20) + " members=" + n + " audience=" + hex(10);
      case 31:
        return "GLC_CreateLightmapTextureArray(); glc_version=3 glsa_enabled=false figd_ fo1_status=ok fm2_config="
            + word() + " pul-request-" + n + " lin_api_version=2 ntn_count=" + n + " sbp_mmhg=" + (90 + n % 60);
      case 32:
        return "terraform login app.terraform.io: token format xxxxxxxxxxxxxx.atlasv1.**** written to "
            + "credentials.tfrc.json; atlasv1 API " + word();
      case 33:
        return "sops: encrypting with age recipients age1" + lowerBech32(58) + ",age1" + lowerBech32(58)
            + " (age-keygen writes AGE-SECRET-KEY-1... identities to keys.txt)";
      case 34:
        return "newrelic browser agent NRJS-" + hex(19) + " loaded; NRAK-**** HRKU-**** PMAK-**** xkeysib-**** "
            + "sntryu_*** EAAA flags=" + b64(24) + " ATATT3 ATBB dckr_pat_***";
      case 35:
        return "sentry: DSN https://" + hex(32) + "@o" + n + ".ingest.sentry.io/" + (4_500_000 + n)
            + " release=" + word() + "@1." + (n % 10) + ".0 sk.eyJ sl. dp.pt.";
      default:
        return "TRACE " + word() + " " + word() + " " + word() + " id=" + uuid() + " hash=" + hex(64) + " data="
            + b64(16 + n % 120) + " next=" + alnum(8 + n % 40);
    }
  }

  @Test
  void aMegabyteOfOrdinaryLogTextHasNoVendorToken() {
    StringBuilder text = new StringBuilder(1_100_000);
    List<String> lines = new ArrayList<>();
    while (text.length() < 1_048_576) {
      String line = line();
      lines.add(line);
      text.append(line).append('\n');
    }
    assertThat(text.length()).isGreaterThanOrEqualTo(1 << 20);
    assertThat(VendorTokensTest.found(text.toString())).isEmpty();
    // the same scan reaches the end: one token appended is the one thing found
    String token = new TokenSamples(20).withCrc("ghp_");
    assertThat(VendorTokensTest.found(text + "token=" + token)).containsExactly(token);
    for (String line : lines) {
      assertThat(VendorTokensTest.found(line)).as(line).isEmpty();
    }
  }
}
