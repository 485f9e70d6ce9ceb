package dev.eventpipeline.enrich.domain.scan;

import dev.eventpipeline.enrich.domain.scan.RecordReader.MalformedJsonException;
import com.fasterxml.jackson.core.JsonParser;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The strict JSON layer under {@link RecordReader}: one document's bytes, a position in them, and
 * the RFC 8259 grammar — skipping values without decoding them, validating strings (escapes,
 * control characters, well-formed UTF-8) and decoding only the ones asked for. Errors carry the
 * offset where they were noticed.
 */
abstract class StrictJsonBytes {
  byte[] b;
  int pos;
  int end;
  int start;
  int depth;
  // set by scanString: where the last string's content is and whether it needs decoding
  int strFrom;
  int strTo;
  boolean strPlain; // no escapes
  boolean strAscii; // and all ASCII

  MalformedJsonException error(String what) {
    return new MalformedJsonException(what, pos - start);
  }

  void skipValue() throws MalformedJsonException {
    byte c = peek();
    switch (c) {
      case '"' -> scanString();
      case '{' -> skipObject();
      case '[' -> skipArray();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw error("unexpected character");
        }
      }
    }
  }

  void skipObject() throws MalformedJsonException {
    enter();
    pos++;
    skipWs();
    if (peek() == '}') {
      pos++;
      depth--;
      return;
    }
    while (true) {
      if (peek() != '"') {
        throw error("expected a member name");
      }
      scanString();
      skipWs();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      pos++;
      skipWs();
      skipValue();
      if (!nextMember()) {
        depth--;
        return;
      }
    }
  }

  void skipArray() throws MalformedJsonException {
    enter();
    pos++;
    skipWs();
    if (peek() == ']') {
      pos++;
      depth--;
      return;
    }
    while (true) {
      skipValue();
      skipWs();
      byte c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
      skipWs();
    }
  }

  void enter() throws MalformedJsonException {
    if (++depth > RecordReader.MAX_DEPTH) {
      throw error("nesting deeper than " + RecordReader.MAX_DEPTH);
    }
  }

  void literal(String word) throws MalformedJsonException {
    int n = word.length();
    if (pos + n > end) {
      throw error("unexpected end of input");
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw error("invalid literal");
      }
    }
    pos += n;
  }

  /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  void number() throws MalformedJsonException {
    if (b[pos] == '-') {
      pos++;
    }
    if (pos < end && b[pos] == '0') {
      pos++;
    } else if (digits() == 0) {
      throw error("invalid number");
    }
    if (pos < end && b[pos] == '.') {
      pos++;
      if (digits() == 0) {
        throw error("invalid number");
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw error("invalid number");
      }
    }
  }

  int digits() {
    int from = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      pos++;
    }
    return pos - from;
  }

  /** schemaVersion: a plain integer, else NOT_AN_INT (the value is still validated). */
  int intValue() throws MalformedJsonException {
    int from = pos;
    byte c = peek();
    if (c != '-' && (c < '0' || c > '9')) {
      skipValue();
      return RecordFacts.NOT_AN_INT;
    }
    number();
    if (pos - from > 9) {
      return RecordFacts.NOT_AN_INT;
    }
    int v = 0;
    for (int i = from; i < pos; i++) {
      byte d = b[i];
      if (d < '0' || d > '9') {
        return RecordFacts.NOT_AN_INT; // '-', fraction or exponent
      }
      v = v * 10 + (d - '0');
    }
    return v;
  }

  byte peek() throws MalformedJsonException {
    if (pos >= end) {
      throw error("unexpected end of input");
    }
    return b[pos];
  }

  void skipWs() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The string at pos, decoded. */
  String stringValue() throws MalformedJsonException {
    scanString();
    if (strAscii) {
      return new String(b, strFrom, strTo - strFrom, StandardCharsets.ISO_8859_1);
    }
    if (strPlain) {
      return new String(b, strFrom, strTo - strFrom, StandardCharsets.UTF_8);
    }
    return decode();
  }

  /**
   * Validates the string at pos (escapes, control characters, UTF-8) and moves past its closing
   * quote; records where its content is and whether it is plain (no escapes) and ASCII.
   */
  void scanString() throws MalformedJsonException {
    pos++; // opening quote
    strFrom = pos;
    boolean plain = true;
    boolean ascii = true;
    final byte[] buf = b;
    final int limit = end;
    int p = pos;
    while (true) {
      if (p >= limit) {
        pos = p;
        throw error("unterminated string");
      }
      byte c = buf[p];
      if (c == '"') {
        break;
      }
      if (c >= 0x20 && c != '\\') {
        p++;
        continue;
      }
      if (c == '\\') {
        plain = false;
        pos = p;
        p = escape(p);
        continue;
      }
      if (c < 0) {
        ascii = false;
        pos = p;
        p = utf8(p);
        continue;
      }
      pos = p;
      throw error("control character in string");
    }
    strTo = p;
    strPlain = plain;
    strAscii = plain && ascii;
    pos = p + 1;
  }

  /** Validates the escape at p; returns the position after it. */
  int escape(int p) throws MalformedJsonException {
    if (p + 1 >= end) {
      throw error("unterminated string");
    }
    switch (b[p + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return p + 2;
      }
      case 'u' -> {
        if (p + 6 > end) {
          throw error("unterminated string");
        }
        for (int i = p + 2; i < p + 6; i++) {
          if (IpAddress.hex((char) b[i]) < 0) {
            throw error("invalid \\u escape");
          }
        }
        return p + 6;
      }
      default -> throw error("invalid escape");
    }
  }

  /** Validates one multi-byte UTF-8 sequence at p (no overlongs, surrogates or values above U+10FFFF). */
  int utf8(int p) throws MalformedJsonException {
    int c = b[p] & 0xFF;
    int n;
    int min;
    int cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      min = 0x80;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      min = 0x800;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      throw error("invalid UTF-8");
    }
    if (p + n >= end) {
      throw error("invalid UTF-8");
    }
    for (int i = 1; i <= n; i++) {
      int cc = b[p + i] & 0xFF;
      if ((cc & 0xC0) != 0x80) {
        throw error("invalid UTF-8");
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw error("invalid UTF-8");
    }
    return p + n + 1;
  }

  /**
   * Decodes the last scanned string (which has escapes; already validated here): Jackson's parser reads the
   * token, quotes included.
   */
  String decode() {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(b, strFrom - 1, strTo - strFrom + 2)) {
      parser.nextToken();
      return parser.getText();
    } catch (IOException e) {
      throw new IllegalStateException("a JSON string validated by the scanner did not decode", e);
    }
  }

  /** After a value: true at ',' (another member follows), false at '}'. */
  boolean nextMember() throws MalformedJsonException {
    skipWs();
    byte c = peek();
    pos++;
    if (c == ',') {
      skipWs();
      return true;
    }
    if (c == '}') {
      return false;
    }
    pos--;
    throw error("expected ',' or '}'");
  }
}
