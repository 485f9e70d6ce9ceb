package dev.eventpipeline.masking;

import dev.eventpipeline.masking.detect.Findings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Masks log lines the way {@code ./pipeline mask} does: a line that is one JSON document (object or
 * array) is masked as JSON in place, anything else as text. Only the bytes of masked spans change:
 * an untouched line comes back byte for byte, invalid UTF-8 included.
 */
public final class LineMasker {
  private final JsonMasker json;

  public LineMasker(MaskEngine engine) {
    this.json = new JsonMasker(engine);
  }

  public MaskEngine engine() {
    return json.engine();
  }

  /** The masked line, or {@code line} itself when nothing was masked; adds what it masked to {@code counts}. */
  public String mask(String line, MaskCounts counts) {
    return edits(line, counts).apply(line);
  }

  /** What masking changes in {@code line} (positions in the string). */
  public Edits edits(String line, MaskCounts counts) {
    return edits(line, false, counts);
  }

  /** {@code plainJson}: the line's bytes passed {@link Utf8#plainJson}. */
  private Edits edits(String line, boolean plainJson, MaskCounts counts) {
    int first = 0;
    while (first < line.length() && Character.isWhitespace(line.charAt(first))) {
      first++;
    }
    if (first < line.length() && (line.charAt(first) == '{' || line.charAt(first) == '[')) {
      try {
        return json.documentEdits(line, plainJson, counts);
      } catch (NotJsonException notJson) {
        // not JSON after all: mask it as text
      }
    }
    MaskEngine engine = json.engine();
    Findings f = engine.detect(line);
    Edits edits = new Edits();
    for (int i = 0; i < f.size(); i++) {
      edits.add(f.start(i), f.end(i), engine.replacement(f.type(i), line, f.start(i), f.end(i), false));
      counts.add(f.type(i));
    }
    return edits;
  }

  /**
   * Masks the line {@code b[off, off + len)} (UTF-8, without its line terminator) into {@code out}:
   * the original bytes, with each masked span's bytes replaced by the UTF-8 of its replacement.
   */
  public void mask(byte[] b, int off, int len, MaskCounts counts, OutputStream out) throws IOException {
    if (Utf8.ascii(b, off, len)) {
      String line = new String(b, off, len, StandardCharsets.ISO_8859_1);
      Edits edits = edits(line, opensJson(b, off, len) && Utf8.plainJson(b, off, len), counts);
      if (edits.size() == 0) {
        out.write(b, off, len);
        return;
      }
      splice(b, off, len, edits, null, out);
      return;
    }
    Utf8.Decoded decoded = Utf8.decode(b, off, len);
    Edits edits = edits(decoded.text(), counts);
    if (edits.size() == 0) {
      out.write(b, off, len);
      return;
    }
    splice(b, off, len, edits, decoded.byteOffsets(), out);
  }

  /** Whether the first byte that is not whitespace is '{' or '[' (only then is the line tried as JSON). */
  private static boolean opensJson(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0x0B && c != 0x0C) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private static void splice(byte[] b, int off, int len, Edits edits, int[] byteOffsets, OutputStream out)
      throws IOException {
    int last = 0;
    for (int i = 0; i < edits.size(); i++) {
      int start = byteOffsets == null ? edits.start(i) : byteOffsets[edits.start(i)];
      int end = byteOffsets == null ? edits.end(i) : byteOffsets[edits.end(i)];
      out.write(b, off + last, start - last);
      out.write(edits.replacement(i).getBytes(StandardCharsets.UTF_8));
      last = end;
    }
    out.write(b, off + last, len - last);
  }
}
