package dev.eventpipeline.masking.eval;

import java.util.ArrayList;
import java.util.List;

/** Builds a log line piece by piece, remembering where each secret went. */
final class LineBuilder {
  private final StringBuilder text = new StringBuilder();
  private final List<Case.Span> spans = new ArrayList<>();

  LineBuilder t(Object literal) {
    text.append(literal);
    return this;
  }

  /** The secret as plain text shows it. */
  LineBuilder s(Secret secret) {
    return raw(secret.value(), secret, false);
  }

  /** The secret inside a double-quoted text value: {@code "} and {@code \} escaped with a backslash. */
  LineBuilder sQuoted(Secret secret) {
    return raw(Json.escapeQuotes(secret.value()), secret, false);
  }

  /** The secret written exactly as {@code raw} (already escaped for where it stands). */
  LineBuilder raw(String raw, Secret secret, boolean quotedNumber) {
    int start = text.length();
    text.append(raw);
    List<String> secrets = new ArrayList<>();
    secrets.add(secret.pem() ? pemBody(raw) : raw);
    String plain = secret.pem() ? pemBody(secret.value()) : secret.value();
    if (!plain.equals(secrets.get(0))) {
      secrets.add(plain);
    }
    spans.add(new Case.Span(start, text.length(), secret.labels(), quotedNumber, List.copyOf(secrets)));
    return this;
  }

  /** A PEM block without its BEGIN and END lines (which are not secret). */
  static String pemBody(String pem) {
    int begin = pem.indexOf("-----BEGIN");
    int afterHeader = begin < 0 ? -1 : pem.indexOf("-----", begin + 10) + 5;
    int footer = pem.lastIndexOf("-----END");
    return begin >= 0 && afterHeader > 4 && footer > afterHeader ? pem.substring(afterHeader, footer) : pem;
  }

  int length() {
    return text.length();
  }

  Case build(String classId, int index, boolean json) {
    return new Case(classId, index, text.toString(), List.copyOf(spans), json);
  }
}
