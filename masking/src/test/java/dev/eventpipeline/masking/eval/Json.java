package dev.eventpipeline.masking.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A small JSON model that renders into a {@link LineBuilder}, so the span of every secret inside a
 * document is known to the character. Spacing follows a {@link Style} (compact, spaced, padded),
 * key order is whatever the generator chose, and plain strings can carry harmless escapes
 * (a backslash before a slash, backslash-u escapes of letters) that the masker must leave as they are.
 */
final class Json {
  private Json() {}

  /** How a document is spaced: after a colon, after a comma, inside brackets. */
  record Style(String colon, String comma, String pad) {
    static Style random(Gen g) {
      return g.pick(new Style(":", ",", ""), new Style(": ", ", ", ""), new Style(": ", ", ", " "),
          new Style(" : ", " , ", " "), new Style(":", ", ", ""), new Style(": ", ",", ""));
    }
  }

  interface Node {
    void render(LineBuilder b, Style style);
  }

  /** Minimal JSON escaping: quote, backslash, control characters. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Backslash before {@code "} and {@code \} only (a double-quoted value in a text line). */
  static String escapeQuotes(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** A backslash-u escape (four lower-case hex digits) for one character. */
  static String u(char c) {
    return String.format(Locale.ROOT, "\\u%04x", (int) c);
  }

  /** A backslash-u escape with upper-case hex digits. */
  static String uUpper(char c) {
    return String.format(Locale.ROOT, "\\u%04X", (int) c);
  }

  /** A string escaped as usual, plus (sometimes) escapes a masker must keep: escaped slashes and backslash-u letters. */
  static String decorated(Gen g, String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' && g.p(0.3)) {
        b.append("\\/");
      } else if (c > 0x7f && Character.isLetter(c) && g.p(0.3)) {
        b.append(u(c));
      } else {
        b.append(escape(String.valueOf(c)));
      }
    }
    return b.toString();
  }

  // ---- nodes ----

  /** A pre-escaped piece of a JSON string. */
  record Raw(String text) {}

  static final class Str implements Node {
    final List<Object> parts;

    Str(List<Object> parts) {
      this.parts = parts;
    }

    @Override
    public void render(LineBuilder b, Style style) {
      b.t("\"");
      for (Object part : parts) {
        if (part instanceof Secret s) {
          b.raw(s.inJsonString(), s, false);
        } else if (part instanceof Raw raw) {
          b.t(raw.text());
        } else {
          b.t(escape(String.valueOf(part)));
        }
      }
      b.t("\"");
    }
  }

  /** A string of plain text (String), pre-escaped text (Raw) and secrets (Secret). */
  static Str str(Object... parts) {
    return new Str(Arrays.asList(parts));
  }

  static Node num(Object raw) {
    String text = String.valueOf(raw);
    return (b, style) -> b.t(text);
  }

  /** A secret written as a JSON number: it must come back as a string placeholder. */
  static Node secretNumber(Secret s) {
    return (b, style) -> b.raw(s.value(), s, true);
  }

  static final Node TRUE = (b, style) -> b.t("true");
  static final Node FALSE = (b, style) -> b.t("false");
  static final Node NULL = (b, style) -> b.t("null");

  static final class Obj implements Node {
    final List<Node> keys = new ArrayList<>();
    final List<Node> values = new ArrayList<>();

    final java.util.Set<String> names = new java.util.HashSet<>();

    Obj put(String key, Node value) {
      names.add(key);
      return put(str(key), value);
    }

    boolean has(String key) {
      return names.contains(key);
    }

    Obj put(String key, String value) {
      return put(str(key), str(value));
    }

    Obj put(Node key, Node value) {
      keys.add(key);
      values.add(value);
      return this;
    }

    /** Moves the fields into a random order. */
    Obj shuffle(Gen g) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        order.add(i);
      }
      order = g.shuffled(order);
      List<Node> k = new ArrayList<>();
      List<Node> v = new ArrayList<>();
      for (int i : order) {
        k.add(keys.get(i));
        v.add(values.get(i));
      }
      keys.clear();
      keys.addAll(k);
      values.clear();
      values.addAll(v);
      return this;
    }

    @Override
    public void render(LineBuilder b, Style style) {
      if (keys.isEmpty()) {
        b.t("{}");
        return;
      }
      b.t("{").t(style.pad());
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          b.t(style.comma());
        }
        keys.get(i).render(b, style);
        b.t(style.colon());
        values.get(i).render(b, style);
      }
      b.t(style.pad()).t("}");
    }
  }

  static Obj obj() {
    return new Obj();
  }

  static Node arr(Node... items) {
    return (b, style) -> {
      if (items.length == 0) {
        b.t("[]");
        return;
      }
      b.t("[").t(style.pad());
      for (int i = 0; i < items.length; i++) {
        if (i > 0) {
          b.t(style.comma());
        }
        items[i].render(b, style);
      }
      b.t(style.pad()).t("]");
    };
  }

  /** Renders a whole document as one case. */
  static Case doc(String classId, int index, Node root, Gen g) {
    LineBuilder b = new LineBuilder();
    root.render(b, Style.random(g));
    return b.build(classId, index, true);
  }
}
