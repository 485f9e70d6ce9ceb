package dev.eventpipeline.masking;

import dev.eventpipeline.masking.detect.AuthorizationDetector;
import dev.eventpipeline.masking.detect.AwsSecretKeyDetector;
import dev.eventpipeline.masking.detect.Detector;
import dev.eventpipeline.masking.detect.EmailDetector;
import dev.eventpipeline.masking.detect.Findings;
import dev.eventpipeline.masking.detect.Ipv6Detector;
import dev.eventpipeline.masking.detect.JwtDetector;
import dev.eventpipeline.masking.detect.KeyValueDetector;
import dev.eventpipeline.masking.detect.PrivateKeyDetector;
import dev.eventpipeline.masking.detect.SensitiveKeys;
import dev.eventpipeline.masking.detect.TokenScanner;
import dev.eventpipeline.masking.detect.UrlPasswordDetector;
import dev.eventpipeline.masking.HashKeySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks text with a {@link MaskPolicy}: runs the enabled detectors, keeps non-overlapping findings
 * (credentials first) and replaces each with its operator's output. Thread-safe. The same engine
 * runs in the Lambda function and in {@code ./pipeline mask}.
 */
public final class MaskEngine {
  private static final Object NOT_SENSITIVE = new Object();
  private static final int KEY_CACHE_LIMIT = 4096;

  private final MaskPolicy policy;
  private final Detector[] detectors;
  private final Set<DetectorType> enabled;
  private final SensitiveKeys sensitiveKeys;
  private final ThreadLocal<Pseudonymizer> pseudonymizers;
  private final String[] redacted = new String[DetectorType.values().length];
  private final ConcurrentHashMap<String, Object> keyCache = new ConcurrentHashMap<>();

  public MaskEngine(MaskPolicy policy, HashKeySource hashKeys) {
    this.policy = policy;
    this.enabled = policy.enabledTypes();
    this.sensitiveKeys = SensitiveKeys.withExtra(policy.sensitiveKeys());
    this.pseudonymizers = ThreadLocal.withInitial(() -> new Pseudonymizer(hashKeys));
    for (DetectorType t : DetectorType.values()) {
      redacted[t.ordinal()] = "[" + t.name() + "]";
    }
    List<Detector> list = new ArrayList<>();
    // credentials are always on (a policy cannot switch them off)
    list.add(new PrivateKeyDetector());
    list.add(new JwtDetector());
    list.add(new AwsSecretKeyDetector());
    list.add(new AuthorizationDetector());
    list.add(new UrlPasswordDetector());
    list.add(new KeyValueDetector(sensitiveKeys));
    if (enabled.contains(DetectorType.EMAIL)) {
      list.add(new EmailDetector());
    }
    if (enabled.contains(DetectorType.IPV6)) {
      list.add(new Ipv6Detector());
    }
    list.add(new TokenScanner(enabled));
    this.detectors = list.toArray(Detector[]::new);
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
   * {@code text} itself when nothing was found.
   */
  public String mask(String text, MaskCounts counts) {
    if (text.length() < 3) {
      return text;
    }
    Findings findings = new Findings();
    for (Detector d : detectors) {
      d.scan(text, findings);
    }
    if (findings.size() == 0) {
      return text;
    }
    findings.resolveOverlaps();
    StringBuilder out = new StringBuilder(text.length() + 16);
    int last = 0;
    for (int i = 0; i < findings.size(); i++) {
      int start = findings.start(i);
      int end = findings.end(i);
      DetectorType type = findings.type(i);
      out.append(text, last, start).append(replacement(type, text.substring(start, end)));
      counts.add(type);
      last = end;
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  /** The non-overlapping findings in {@code text}, sorted by position (for tests and tooling). */
  public Findings detect(String text) {
    Findings findings = new Findings();
    for (Detector d : detectors) {
      d.scan(text, findings);
    }
    findings.resolveOverlaps();
    return findings;
  }

  /** The category (PASSWORD, AUTHORIZATION, SECRET) of a sensitive key, or null. Cached per key name. */
  public DetectorType sensitiveKey(String key) {
    Object cached = keyCache.get(key);
    if (cached == null) {
      DetectorType type = sensitiveKeys.match(key);
      cached = type == null ? NOT_SENSITIVE : type;
      if (keyCache.size() < KEY_CACHE_LIMIT) {
        keyCache.put(key, cached);
      }
    }
    return cached == NOT_SENSITIVE ? null : (DetectorType) cached;
  }

  /**
   * Masks the whole value of a sensitive key. What the value is beats what the key says: a JWT
   * under "token" is reported as JWT, a PEM block under "secret" as PRIVATE_KEY, 40 random base64
   * characters under a "secret" key as AWS_SECRET_KEY. Empty values and values already masked stay.
   */
  public String maskWhole(DetectorType category, String value, MaskCounts counts) {
    if (value.isEmpty() || isMaskedPlaceholder(value)) {
      return value;
    }
    DetectorType type = classify(category, value);
    counts.add(type);
    return replacement(type, value);
  }

  private DetectorType classify(DetectorType category, String value) {
    String trimmed = value.strip();
    Findings f = new Findings();
    if (trimmed.startsWith("eyJ")) {
      new JwtDetector().scan(trimmed, f);
      if (f.covers(DetectorType.JWT, 0, trimmed.length())) {
        return DetectorType.JWT;
      }
    }
    if (trimmed.contains("-----BEGIN ")) {
      new PrivateKeyDetector().scan(trimmed, f);
      if (f.size() > 0 && f.type(f.size() - 1) == DetectorType.PRIVATE_KEY) {
        return DetectorType.PRIVATE_KEY;
      }
    }
    if (category == DetectorType.SECRET && trimmed.length() == 40) {
      new AwsSecretKeyDetector().scan("secret " + trimmed, f);
      if (f.covers(DetectorType.AWS_SECRET_KEY, 7, 47)) {
        return DetectorType.AWS_SECRET_KEY;
      }
    }
    return category;
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
