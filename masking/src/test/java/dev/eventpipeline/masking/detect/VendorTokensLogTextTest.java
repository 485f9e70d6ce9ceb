package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No false positives on ordinary log text: a megabyte of varied, realistic lines (access logs, JSON
 * application logs, stack traces, syslog, package managers, CI, Kubernetes, SQL, payment and chat
 * integrations) full of words that begin like vendor prefixes, generated with a fixed seed.
 */
class VendorTokensLogTextTest {
  private static final String[] WORDS = {
    "ghost", "github", "gitlab", "glance", "global", "gho", "ghp", "xoxo", "xml", "xapp", "skip", "sk", "skill",
    "shp", "shipping", "shopify", "ship_to", "rk", "rack", "whsec", "what", "AIza", "AIzawa", "npm", "nope",
    "pypi", "pypirc", "python", "dop", "door", "dor", "hf", "hvs", "hvac", "hooks", "SG", "SGD", "Singapore",
    "Token", "Total", "THREAD", "service", "session", "request", "response", "timeout", "retry", "user",
    "order", "payment", "invoice", "customer", "checkout", "deploy", "release", "build", "stage", "prod",
    "latency", "upstream", "downstream", "cache", "miss", "hit", "queue", "worker", "shard", "partition",
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

  private String line() {
    int n = random.nextInt(1000);
    switch (random.nextInt(24)) {
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
