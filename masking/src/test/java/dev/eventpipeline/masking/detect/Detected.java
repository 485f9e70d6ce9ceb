package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.masking.MaskEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: what the default engine finds, as "TYPE=matched text" strings in order. */
final class Detected {
  private static final MaskEngine ENGINE = MaskEngine.withDefaults();

  private Detected() {}

  static List<String> in(String text) {
    Findings f = ENGINE.detect(text);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(f.type(i) + "=" + text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  /** Only the findings of one type, as the matched texts. */
  static List<String> of(DetectorType type, String text) {
    Findings f = ENGINE.detect(text);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      if (f.type(i) == type) {
        out.add(text.substring(f.start(i), f.end(i)));
      }
    }
    return out;
  }

  static String resource(String path) {
    try (InputStream in = Detected.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
