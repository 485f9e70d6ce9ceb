package dev.eventpipeline.masking;

import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.settings.Operator;
import dev.eventpipeline.masking.detect.AuthorizationDetector;
import dev.eventpipeline.masking.detect.Cookies;
import dev.eventpipeline.masking.detect.AwsSecretKeyDetector;
import dev.eventpipeline.masking.detect.Detector;
import dev.eventpipeline.masking.detect.DetectorRegistry;
import dev.eventpipeline.masking.detect.Findings;
import dev.eventpipeline.masking.detect.KeyValueDetector;
import dev.eventpipeline.masking.detect.SensitiveKeys;
import dev.eventpipeline.masking.detect.TokenScanner;
import dev.eventpipeline.masking.HashKeySource;
import java.util.Set;

/**
 * Masks text with a {@link MaskPolicy}: runs the enabled detectors, keeps non-overlapping findings
 * (credentials first) and replaces each with its operator's output. Thread-safe. The same engine
 * runs in the Lambda function and in {@code ./pipeline mask}.
 */
public final class MaskEngine {

  private final MaskPolicy policy;
  private final Detector[] detectors;
  /** The one-pass scanner (the registry's last detector) and the others, for the ASCII fast path. */
  private final TokenScanner tokens;
  private final Detector[] textDetectors;
  private final Set<DetectorType> enabled;
  private final SensitiveKeys sensitiveKeys;
  private final ThreadLocal<Pseudonymizer> pseudonymizers;
  private final String[] redacted = new String[DetectorType.values().length];

  public MaskEngine(MaskPolicy policy, HashKeySource hashKeys) {
    this.policy = policy;
    this.enabled = policy.enabledTypes();
    this.sensitiveKeys = SensitiveKeys.withExtra(policy.sensitiveKeys());
    this.pseudonymizers = ThreadLocal.withInitial(() -> new Pseudonymizer(hashKeys));
    for (DetectorType t : DetectorType.values()) {
      redacted[t.ordinal()] = "[" + t.name() + "]";
    }
    this.detectors = DetectorRegistry.build(enabled, sensitiveKeys);
    this.tokens = (TokenScanner) detectors[detectors.length - 1];
    this.textDetectors = java.util.Arrays.copyOf(detectors, detectors.length - 1);
  }

  /** The engine with the built-in policy (no HASH, so no key needed). */
  public static MaskEngine withDefaults() {
    return new MaskEngine(MaskPolicy.defaults(), HashKeySource.none());
  }

  public MaskPolicy policy() {
    return policy;
  }

  /**
   * Masks every sensitive value in {@code text}, adding what it masked to {@code counts}. Returns
   * {@code text} itself when nothing was found; otherwise only the characters of masked values change.
   */
  public String mask(String text, MaskCounts counts) {
    Findings findings = detect(text);
    if (findings.size() == 0) {
      return text;
    }
    // spliced with bulk copies (String.getChars), not StringBuilder's per-character append
    String[] replacements = new String[findings.size()];
    int length = text.length();
    for (int i = 0; i < findings.size(); i++) {
      replacements[i] = replacement(findings.type(i), text, findings.start(i), findings.end(i), false);
      length += replacements[i].length() - (findings.end(i) - findings.start(i));
      counts.add(findings.type(i));
    }
    char[] out = new char[length];
    int last = 0;
    int at = 0;
    for (int i = 0; i < findings.size(); i++) {
      int start = findings.start(i);
      text.getChars(last, start, out, at);
      at += start - last;
      replacements[i].getChars(0, replacements[i].length(), out, at);
      at += replacements[i].length();
      last = findings.end(i);
    }
    text.getChars(last, text.length(), out, at);
    return new String(out);
  }

  /**
   * The findings in {@code text}, in its own positions, overlaps merged, sorted (for tests, tooling
   * and callers that splice the replacements into bytes themselves).
   */
  public Findings detect(String text) {
    return detect(text, false);
  }

  /** As {@link #detect(String)}; {@code cardValue}: the text is known to be a card's (its key says so). */
  public Findings detect(String text, boolean cardValue) {
    Findings findings = cardValue ? Findings.forCardValue() : new Findings();
    if (text.length() < 3) {
      return findings;
    }
    if (text.indexOf('%') >= 0 || text.indexOf('\\') >= 0) {
      scan(TextView.of(text), findings);
      return findings;
    }
    // the common case, plain ASCII: scanned as it is; the one-pass scanner stops at the first
    // non-ASCII character, and only then is the normalized view built and scanned instead
    findings.stopAtNonAscii(true);
    tokens.scan(text, findings);
    findings.stopAtNonAscii(false);
    if (findings.sawNonAscii()) {
      findings.clear();
      scan(TextView.of(text), findings);
      return findings;
    }
    for (Detector d : textDetectors) {
      d.scan(text, findings);
    }
    findings.resolveOverlaps();
    return findings;
  }

  /**
   * The findings in a whole JSON document, scanned as text in one pass (positions in it). The
   * document's own {@code "key":} separators are not looked at as key-value pairs: the JSON masker
   * knows its keys (JSON written inside a string, {@code \"key\":}, still is).
   */
  Findings detectInJsonDocument(String json) {
    Findings findings = new Findings();
    findings.jsonDocument(true);
    if (json.length() >= 3) {
      if (json.indexOf('%') >= 0 || json.indexOf('\\') >= 0 && !TextView.plainJsonText(json)) {
        scan(TextView.of(json), findings);
      } else {
        tokens.scan(json, findings);
        for (Detector d : textDetectors) {
          d.scan(json, findings);
        }
        findings.resolveOverlaps();
      }
    }
    return findings;
  }

  /**
   * The findings in the raw content {@code json[from, to)} of a JSON string token (escapes still
   * written out), in positions of {@code json}; a finding never splits an escape sequence.
   */
  public Findings detectInJsonString(String json, int from, int to) {
    return detectInJsonString(json, from, to, false);
  }

  /** As {@link #detectInJsonString(String, int, int)}; {@code cardValue}: the value is known to be a card's. */
  public Findings detectInJsonString(String json, int from, int to, boolean cardValue) {
    return detectInJsonString(json, from, to, cardValue, false);
  }

  /**
   * As {@link #detectInJsonString(String, int, int, boolean)}; {@code plain}: the caller knows the
   * content is ASCII with no escapes but \" and \\ and no '%' (its tokenizer saw every character).
   */
  public Findings detectInJsonString(String json, int from, int to, boolean cardValue, boolean plain) {
    Findings findings = cardValue ? Findings.forCardValue() : new Findings();
    if (to - from >= 3) {
      scan(plain ? TextView.shifted(json, from, to) : TextView.ofJsonString(json, from, to), findings);
    }
    return findings;
  }

  private void scan(TextView view, Findings out) {
    String s = view.text;
    Findings found = view.direct() && out.size() == 0 ? out : out.cardContext() ? Findings.forCardValue() : new Findings();
    for (Detector d : detectors) {
      d.scan(s, found);
    }
    if (found.size() == 0) {
      return;
    }
    found.resolveOverlaps();
    if (found != out) {
      for (int i = 0; i < found.size(); i++) {
        out.add(found.type(i), view.originalStart(found.start(i)), view.originalEnd(found.end(i)));
      }
      out.resolveOverlaps();
    }
  }

  /** The category (PASSWORD, AUTHORIZATION, SECRET) of a sensitive key, or null (cached per thread by SensitiveKeys). */
  public DetectorType sensitiveKey(String key) {
    return sensitiveKeys.match(key);
  }

  /** As {@link #sensitiveKey(String)} for the key {@code s[from, to)}. */
  public DetectorType sensitiveKey(String s, int from, int to) {
    return sensitiveKeys.match(s, from, to);
  }

  /** As {@link #sensitiveKey(String, int, int)} with the key's String.hashCode-style hash already computed. */
  DetectorType sensitiveKey(String s, int from, int to, int hash) {
    return sensitiveKeys.match(s, from, to, hash);
  }

  /**
   * Masks the whole value of a sensitive key. What the value is beats what the key says: a JWT
   * under "token" is reported as JWT, a PEM block under "secret" as PRIVATE_KEY, 40 random base64
   * characters under a "secret" key as AWS_SECRET_KEY. Empty values and values already masked stay.
   */
  public String maskWhole(DetectorType category, String value, MaskCounts counts) {
    String trimmed = value.strip();
    if (trimmed.isEmpty() || isMaskedPlaceholder(trimmed) || KeyValueDetector.isPlaceholder(trimmed, 0, trimmed.length())) {
      return value;
    }
    DetectorType type = classify(category, value);
    counts.add(type);
    return replacement(type, value);
  }

  private DetectorType classify(DetectorType category, String value) {
    String trimmed = value.strip();
    Findings f = new Findings();
    if (category == DetectorType.SECRET && trimmed.length() == 40) {
      new AwsSecretKeyDetector().scan("secret " + trimmed, f);
      if (f.covers(DetectorType.AWS_SECRET_KEY, 7, 47)) {
        return DetectorType.AWS_SECRET_KEY;
      }
    }
    f = detect(trimmed);
    for (int i = 0; i < f.size(); i++) {
      if (f.type(i).credential() && f.start(i) == 0 && f.end(i) == trimmed.length()) {
        return f.type(i);
      }
    }
    return category;
  }

  /**
   * The parts of the value {@code json[from, to)} (raw JSON string content) of a sensitive key that
   * are secret, or null when the whole value is: the cookie values of a Cookie/Set-Cookie value
   * (names and attributes stay), the credentials of an Authorization value (the scheme stays).
   */
  public Findings secretParts(String key, DetectorType category, String json, int from, int to) {
    Findings f = new Findings();
    if (key != null && SensitiveKeys.isCookie(key, 0, key.length())) {
      return Cookies.scan(json, from, to, SensitiveKeys.isSetCookie(key, 0, key.length()), f) > 0 ? f : null;
    }
    if (category == DetectorType.AUTHORIZATION) {
      if (AuthorizationDetector.header(json, from, to, f) < 0) {
        return null;
      }
      // what the credential is (a JWT) beats where it is; anything else in the value is masked too
      Findings inside = detectInJsonString(json, from, to);
      for (int i = 0; i < inside.size(); i++) {
        f.add(inside.type(i), inside.start(i), inside.end(i));
      }
      f.resolveOverlaps();
      return f;
    }
    return null;
  }

  private static boolean isMaskedPlaceholder(String value) {
    if (value.length() < 4 || value.charAt(0) != '[' || value.charAt(value.length() - 1) != ']') {
      return false;
    }
    int colon = value.indexOf(':');
    String name = value.substring(1, colon > 0 ? colon : value.length() - 1);
    for (DetectorType t : DetectorType.values()) {
      if (t.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What replaces {@code original[start, end)} of {@code type} under the policy; PARTIAL and HASH
   * see the value normalized (decoded and NFKC-folded), so one value written two ways gets one
   * pseudonym. {@code json}: the span is raw JSON string content (escapes written out).
   */
  public String replacement(DetectorType type, String original, int start, int end, boolean json) {
    Operator op = policy.operator(type);
    if (op == Operator.HASH || op == Operator.PARTIAL) {
      String value = (json ? TextView.ofJsonString(original, start, end) : TextView.of(original.substring(start, end))).text;
      return replacement(type, value);
    }
    return redacted[type.ordinal()];
  }

  /** What replaces {@code value} of {@code type} under the policy. */
  String replacement(DetectorType type, String value) {
    Operator op = policy.operator(type);
    switch (op) {
      case HASH:
        return "[" + type.name() + ":" + pseudonymizers.get().pseudonym(type, value) + "]";
      case PARTIAL:
        return "[" + type.name() + ":" + partial(type, value) + "]";
      case REDACT:
      case NONE: // a finding of a disabled type can only come from a sensitive key: mask it anyway
      default:
        return redacted[type.ordinal()];
    }
  }

  static String partial(DetectorType type, String value) {
    switch (type) {
      case EMAIL: {
        int at = value.lastIndexOf('@');
        return "****" + (at >= 0 ? value.substring(at) : "");
      }
      case IPV4: {
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        return second < 0 ? "****" : value.substring(0, second) + ".*.*";
      }
      case IPV6: {
        int first = value.indexOf(':');
        int second = first < 0 ? -1 : value.indexOf(':', first + 1);
        return second <= first + 1 ? "****" : value.substring(0, second) + ":****";
      }
      default: {
        char[] last = new char[4];
        int k = 4;
        for (int i = value.length() - 1; i >= 0 && k > 0; i--) {
          char c = value.charAt(i);
          if (Character.isLetterOrDigit(c)) {
            last[--k] = c;
          }
        }
        return "****" + new String(last, k, 4 - k);
      }
    }
  }
}
