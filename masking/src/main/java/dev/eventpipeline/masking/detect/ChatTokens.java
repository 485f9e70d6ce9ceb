package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.masking.detect.TokenChars.B64URL;
import static dev.eventpipeline.masking.detect.TokenChars.BASE62;
import static dev.eventpipeline.masking.detect.TokenChars.SLACK;
import static dev.eventpipeline.masking.detect.TokenChars.WORD;
import static dev.eventpipeline.masking.detect.TokenChars.bounded;
import static dev.eventpipeline.masking.detect.TokenChars.fixed;
import static dev.eventpipeline.masking.detect.TokenChars.hexDashTail;
import static dev.eventpipeline.masking.detect.TokenChars.is;
import static dev.eventpipeline.masking.detect.TokenChars.span;

/**
 * Tokens of messaging and e-mail services, for {@link VendorTokens}: Slack (tokens and webhook
 * paths), Discord bots, Brevo and SendGrid.
 */
final class ChatTokens {
  private ChatTokens() {}

  private static final String[] SLACK_WEBHOOK_PATHS = {
    "hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/",
    "hooks.slack.com\\/services\\/", "hooks.slack.com\\/workflows\\/", "hooks.slack.com\\/triggers\\/"
  };

  static int startsWithX(String s, int i) {
    if (s.startsWith("xkeysib-", i)) {
      return hexDashTail(s, i + 8, 64, 16, BASE62);
    }
    if (s.startsWith("xsmtpsib-", i)) {
      return hexDashTail(s, i + 9, 64, 16, BASE62);
    }
    return slack(s, i);
  }

  private static int slack(String s, int i) {
    int body;
    if (s.startsWith("xox", i)) {
      char kind = s.charAt(i + 3);
      if (kind == 'e' && s.startsWith("xoxe.xox", i) && i + 10 < s.length()
          && (s.charAt(i + 8) == 'b' || s.charAt(i + 8) == 'p') && s.charAt(i + 9) == '-') {
        body = i + 10; // configuration token
      } else if (s.charAt(i + 4) == '-' && "bparsoec".indexOf(kind) >= 0) {
        body = i + 5;
      } else {
        return -1;
      }
    } else if (s.startsWith("xapp-", i)) {
      body = i + 5;
    } else {
      return -1;
    }
    if (!Chars.digitAt(s, body)) {
      return -1; // every issued shape starts with a team id or a version number
    }
    int e = span(s, body, s.length(), SLACK);
    while (s.charAt(e - 1) == '-') {
      e--;
    }
    int dashes = 0;
    for (int k = body + 1; k < e; k++) {
      if (s.charAt(k) == '-') {
        dashes++;
      }
    }
    return e - body >= 20 && dashes > 0 ? e : -1;
  }

  /**
   * The secret path of an incoming-webhook URL, from its team id (the host stays visible). Also in
   * JSON text that escapes its slashes ({@code hooks.slack.com\/services\/T...}).
   */
  static int slackWebhookPath(String s, int i) {
    if (i < 25 || s.charAt(i - 1) != '/') {
      return -1;
    }
    boolean known = false;
    for (String path : SLACK_WEBHOOK_PATHS) {
      if (s.startsWith(path, i - path.length())) {
        known = true;
        break;
      }
    }
    if (!known) {
      return -1;
    }
    int n = s.length();
    int k = i;
    int end = i;
    while (k < n) {
      char c = s.charAt(k);
      if (is(c, BASE62)) {
        end = ++k;
      } else if (c == '/') {
        k++;
      } else if (c == '\\' && k + 1 < n && s.charAt(k + 1) == '/') {
        k += 2;
      } else {
        break;
      }
    }
    int slashes = 0;
    int lastSegment = i;
    for (k = i; k < end; k++) {
      if (s.charAt(k) == '/') {
        slashes++;
        lastSegment = k + 1;
      }
    }
    return slashes >= 2 && end - lastSegment >= 16 ? end : -1;
  }

  /**
   * Discord bot token: base64 of the bot's user id (17 to 20 decimal digits, so 23 to 27
   * characters beginning M, N or O), '.', 6 base64url (a timestamp), '.', 27 to 64 base64url (the
   * HMAC: 27 before 2022, 38 since). The first part must decode to the digits.
   */
  static int discord(String s, int i) {
    int e1 = span(s, i, i + 28, BASE62);
    int idLength = e1 - i;
    if (idLength < 23 || idLength > 27 || idLength % 4 == 1 || Chars.at(s, e1) != '.'
        || !decodesToDecimalId(s, i, e1)) {
      return -1;
    }
    int timestamp = e1 + 1;
    if (span(s, timestamp, timestamp + 6, B64URL) != timestamp + 6 || Chars.at(s, timestamp + 6) != '.') {
      return -1;
    }
    int hmac = timestamp + 7;
    int end = span(s, hmac, hmac + 65, B64URL);
    return end - hmac >= 27 && end - hmac <= 64 && bounded(s, end, WORD) ? end : -1;
  }

  /** Whether base64 [from, to) (letters and digits only) decodes to ASCII digits, the first not 0. */
  private static boolean decodesToDecimalId(String s, int from, int to) {
    int bits = 0;
    int count = 0;
    boolean first = true;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      int v = c >= 'a' ? c - 'a' + 26 : c >= 'A' ? c - 'A' : c - '0' + 52;
      bits = (bits << 6 | v) & 0x3FFF;
      count += 6;
      if (count >= 8) {
        count -= 8;
        int b = bits >>> count & 0xFF;
        if (b > '9' || b < (first ? '1' : '0')) {
          return false;
        }
        first = false;
      }
    }
    return true;
  }

  static int sendGrid(String s, int body) {
    int e1 = span(s, body, body + 23, B64URL);
    if (e1 - body != 22 || e1 >= s.length() || s.charAt(e1) != '.') {
      return -1;
    }
    return fixed(s, e1 + 1, 43, B64URL);
  }
}
