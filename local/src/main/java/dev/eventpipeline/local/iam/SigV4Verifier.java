package dev.eventpipeline.local.iam;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 (header form, {@code AWS4-HMAC-SHA256}) the way a function URL with
 * AuthType AWS_IAM does: the credential scope must name this region and service, X-Amz-Date must be
 * within 15 minutes of now, the access key must be one the caller can look up, temporary credentials
 * must send their session token, a declared {@code x-amz-content-sha256} must match the body (or be
 * {@code UNSIGNED-PAYLOAD}), and the signature must be the one computed over the canonical request
 * (method, path URI-encoded twice after removing dot segments, sorted RFC 3986 query, signed headers
 * with trimmed values, payload hash) with the key derived from the secret.
 */
public final class SigV4Verifier {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  /** How far X-Amz-Date may be from now, either way (AWS: 15 minutes). */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "^(\\S+)\\s+Credential\\s*=\\s*([^,\\s]+)\\s*,\\s*SignedHeaders\\s*=\\s*([^,\\s]+)\\s*,\\s*Signature\\s*=\\s*([0-9a-fA-F]+)\\s*$");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One request as it arrived.
   *
   * @param method the HTTP method
   * @param rawPath the path as sent on the wire (still percent-encoded)
   * @param rawQuery the query as sent (without '?'), or null
   * @param headers every header, names in any case, each line's value as received
   * @param body the body bytes
   */
  public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    public Request {
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
      headers = copy;
    }

    List<String> header(String name) {
      return headers.getOrDefault(name, List.of());
    }

    String first(String name) {
      List<String> values = header(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  /** What the verifier found. */
  public sealed interface Outcome permits Accepted, Rejected {}

  /** A valid signature by {@code caller}. */
  public record Accepted(CallerIdentity caller) implements Outcome {}

  /** Not a valid signature; {@code reason} is for the operator's console, never for the caller. */
  public record Rejected(String reason) implements Outcome {}

  private final String region;
  private final String service;
  private final Function<String, Optional<AccessKey>> keys;
  private final Clock clock;

  /**
   * @param keys looks up the secret (and owner) of an access key id; empty for a key it does not know
   */
  public SigV4Verifier(String region, String service, Function<String, Optional<AccessKey>> keys, Clock clock) {
    this.region = region;
    this.service = service;
    this.keys = keys;
    this.clock = clock;
  }

  public Outcome verify(Request request) {
    List<String> authorizations = request.header("Authorization");
    if (authorizations.isEmpty()) {
      return new Rejected(request.first("X-Amz-Signature") != null || hasQueryParameter(request.rawQuery(), "X-Amz-Signature")
          ? "presigned (query string) requests are not supported by function URLs" : "no Authorization header (unsigned request)");
    }
    if (authorizations.size() > 1) {
      return new Rejected("more than one Authorization header");
    }
    Matcher auth = AUTHORIZATION.matcher(authorizations.get(0).strip());
    if (!auth.matches()) {
      return new Rejected("the Authorization header is not AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
    }
    if (!auth.group(1).equals(ALGORITHM)) {
      return new Rejected("unsupported signing algorithm " + auth.group(1) + " (only " + ALGORITHM + ")");
    }
    String[] scope = auth.group(2).split("/", -1);
    if (scope.length != 5 || scope[0].isEmpty()) {
      return new Rejected("malformed credential scope (want KEY/yyyyMMdd/region/service/aws4_request)");
    }
    String accessKeyId = scope[0];
    String scopeDate = scope[1];
    if (!scope[2].equals(region)) {
      return new Rejected("credential scope names region " + scope[2] + ", this function URL is in " + region);
    }
    if (!scope[3].equals(service)) {
      return new Rejected("credential scope names service " + scope[3] + ", function URLs are signed for " + service);
    }
    if (!scope[4].equals("aws4_request")) {
      return new Rejected("credential scope must end with aws4_request");
    }
    String amzDate = request.first("X-Amz-Date");
    if (amzDate == null) {
      return new Rejected("no X-Amz-Date header");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate.strip(), AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return new Rejected("X-Amz-Date is not yyyyMMdd'T'HHmmss'Z': " + amzDate);
    }
    amzDate = amzDate.strip();
    if (!amzDate.startsWith(scopeDate) || scopeDate.length() != 8) {
      return new Rejected("the credential scope's date " + scopeDate + " is not the date of X-Amz-Date " + amzDate);
    }
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      return new Rejected("signature expired: " + amzDate + " is more than 15 minutes before " + AMZ_DATE.format(
          now.atOffset(ZoneOffset.UTC)));
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      return new Rejected("signature not yet current: " + amzDate + " is more than 15 minutes after " + AMZ_DATE.format(
          now.atOffset(ZoneOffset.UTC)));
    }
    List<String> signedHeaders = Arrays.asList(auth.group(3).toLowerCase(Locale.ROOT).split(";", -1));
    if (!signedHeaders.contains("host")) {
      return new Rejected("the host header is not signed");
    }
    for (String name : signedHeaders) {
      if (name.isEmpty() || request.header(name).isEmpty()) {
        return new Rejected("signed header '" + name + "' is not in the request");
      }
    }
    Optional<AccessKey> found = keys.apply(accessKeyId);
    if (found.isEmpty()) {
      return new Rejected("access key " + accessKeyId + " is not known to the local cloud's IAM (or was deleted or "
          + "deactivated)");
    }
    AccessKey key = found.get();
    String token = request.first("X-Amz-Security-Token");
    if (key.sessionToken() != null && token == null) {
      return new Rejected("access key " + accessKeyId + " is temporary and the request has no X-Amz-Security-Token");
    }
    if (token != null && (key.sessionToken() == null || !MessageDigest.isEqual(
        token.strip().getBytes(StandardCharsets.UTF_8), key.sessionToken().getBytes(StandardCharsets.UTF_8)))) {
      return new Rejected("the security token is not the one issued with access key " + accessKeyId);
    }
    String payloadHash = sha256Hex(request.body());
    String declared = request.first("X-Amz-Content-Sha256");
    if (declared != null) {
      declared = declared.strip();
      if (declared.equals(UNSIGNED_PAYLOAD)) {
        payloadHash = UNSIGNED_PAYLOAD;
      } else if (!declared.equalsIgnoreCase(payloadHash)) {
        return new Rejected("x-amz-content-sha256 " + declared + " is not the SHA-256 of the body (" + payloadHash + ")");
      } else {
        payloadHash = declared;
      }
    }
    String canonical;
    try {
      canonical = canonicalRequest(request, signedHeaders, payloadHash);
    } catch (IllegalArgumentException e) {
      return new Rejected(e.getMessage());
    }
    String credentialScope = scopeDate + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n" + sha256Hex(
        canonical.getBytes(StandardCharsets.UTF_8));
    byte[] expected = signature(key.secretAccessKey(), scopeDate, stringToSign);
    String hex = auth.group(4).toLowerCase(Locale.ROOT);
    byte[] given = hex.length() == 64 ? HEX.parseHex(hex) : new byte[0];
    if (!MessageDigest.isEqual(expected, given)) {
      return new Rejected("the signature does not match the one computed with access key " + accessKeyId
          + "'s secret (canonical request hash " + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)) + ")");
    }
    return new Accepted(key.caller());
  }

  /**
   * The canonical request: method, canonical URI, canonical query string, canonical headers (the
   * signed ones, sorted, values trimmed with inner runs of spaces collapsed, several lines joined with
   * ','), the signed header names, the payload hash.
   */
  static String canonicalRequest(Request request, List<String> signedHeaders, String payloadHash) {
    List<String> names = signedHeaders.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    StringBuilder c = new StringBuilder();
    c.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
    c.append(canonicalUri(request.rawPath())).append('\n');
    c.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : names) {
      List<String> values = new ArrayList<>();
      for (String v : request.header(name)) {
        values.add(SPACES.matcher(v.strip()).replaceAll(" "));
      }
      c.append(name).append(':').append(String.join(",", values)).append('\n');
    }
    c.append('\n').append(String.join(";", names)).append('\n');
    c.append(payloadHash);
    return c.toString();
  }

  /**
   * The path as sent, without "." and ".." segments (a trailing '/' kept), each character outside
   * RFC 3986's unreserved set and '/' percent-encoded again: every service but S3 URI-encodes the
   * (already encoded) path a second time.
   */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String normalized;
    try {
      normalized = URI.create("http://localhost" + (rawPath.startsWith("/") ? "" : "/") + rawPath).normalize()
          .getRawPath();
    } catch (IllegalArgumentException notAUri) {
      normalized = rawPath;
    }
    if (normalized.isEmpty()) {
      normalized = "/";
    }
    if (rawPath.endsWith("/") && !normalized.endsWith("/")) {
      normalized += "/";
    }
    return encode(normalized, true);
  }

  /**
   * The query's parameters decoded ('+' as a space, as the AWS SDK for Java reads a URI), each name and
   * value RFC 3986-encoded, sorted by name then value, "name=value" joined with '&' (a parameter
   * without '=' gets an empty value).
   */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name), false), encode(decode(value), false)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder q = new StringBuilder();
    for (String[] p : pairs) {
      q.append(q.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
    }
    return q.toString();
  }

  private static boolean hasQueryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return false;
    }
    for (String part : rawQuery.split("&")) {
      if (part.equals(name) || part.startsWith(name + "=")) {
        return true;
      }
    }
    return false;
  }

  /** Percent-decoding, '+' as a space; a malformed escape is an error. */
  private static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("malformed percent-encoding in the query string");
        }
        try {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("malformed percent-encoding in the query string", e);
        }
        i += 2;
      } else if (ch == '+') {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(bytes);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes: A-Z a-z 0-9 - _ . ~ (and '/' when {@code keepSlash}) stay. */
  static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~' || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private byte[] signature(String secret, String date, String stringToSign) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hmac(key, stringToSign);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
