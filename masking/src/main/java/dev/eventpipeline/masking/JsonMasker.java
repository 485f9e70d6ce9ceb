package dev.eventpipeline.masking;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Masks JSON in place: a strict streaming tokenizer walks the original text and replaces only the
 * tokens that hold sensitive data, so everything else — whitespace, key order, number spelling,
 * escapes, non-ASCII text — comes back byte for byte. Nothing is parsed into a tree or re-serialized.
 *
 * <ul>
 *   <li>String values are scanned with every detector (escapes decoded and Unicode normalized for
 *       detection, see {@link TextView}); a finding replaces just its characters in the token.
 *   <li>Keys are scanned too (an e-mail address used as a key is masked; the key stays a key).
 *   <li>Under a sensitive key (password, token, authorization, ...) every scalar is masked whole,
 *       nested ones included — except that a Cookie value keeps its cookie names and an
 *       Authorization value its scheme. A masked number becomes a string token.
 *   <li>Integers of 12 or more digits are scanned (a card number written as a number) and, when
 *       masked, become a string token.
 * </ul>
 *
 * For log records ({@link #maskRecord}) the pipeline's own coordinates are kept as they are
 * (schemaVersion, id, timestamp, ingestedAt, level, and origin's format, stream, shardId,
 * sequenceNumber, ... — the ids downstream readers de-duplicate on), and {@code masking} is set to
 * this record's counts (an incoming one is removed; the new one is the last member).
 */
public final class JsonMasker {
  private final MaskEngine engine;

  public JsonMasker(MaskEngine engine) {
    this.engine = engine;
  }

  public MaskEngine engine() {
    return engine;
  }

  /** A masked record: its JSON (one line, no newline), its id (null when absent) and what was masked. */
  public record MaskedRecord(byte[] json, String id, MaskCounts counts) {}

  /**
   * Masks one log record (a JSON object in UTF-8) and sets its {@code masking} field.
   *
   * @throws NotJsonException when the input is not exactly one JSON object in valid UTF-8
   */
  public MaskedRecord maskRecord(byte[] input) throws NotJsonException {
    boolean plain = Utf8.plainJson(input, 0, input.length);
    String json = plain ? new String(input, StandardCharsets.ISO_8859_1) : decode(input);
    MaskCounts counts = new MaskCounts();
    JsonMaskScan scan = new JsonMaskScan(engine, json, plain, counts, true);
    scan.run();
    String out = scan.result();
    return new MaskedRecord(out.getBytes(StandardCharsets.UTF_8), scan.id, counts);
  }

  /**
   * Masks any JSON document (one value): strings, keys and long integers as described above,
   * nothing added. Returns {@code json} itself when nothing was masked.
   *
   * @throws NotJsonException when the input is not exactly one JSON value
   */
  public String maskDocument(String json, MaskCounts counts) throws NotJsonException {
    MaskCounts found = new MaskCounts();
    JsonMaskScan scan = new JsonMaskScan(engine, json, found, false);
    scan.run();
    counts.addAll(found);
    return scan.result();
  }

  /**
   * The edits that mask the JSON document {@code json}: positions in {@code json} and their
   * replacements, in order; for callers that splice them into the original bytes.
   *
   * @throws NotJsonException when the input is not exactly one JSON value
   */
  public Edits documentEdits(String json, MaskCounts counts) throws NotJsonException {
    return documentEdits(json, false, counts);
  }

  /** As {@link #documentEdits(String, MaskCounts)}; {@code plain}: see {@link Utf8#plainJson}. */
  Edits documentEdits(String json, boolean plain, MaskCounts counts) throws NotJsonException {
    MaskCounts found = new MaskCounts();
    JsonMaskScan scan = new JsonMaskScan(engine, json, plain, found, false);
    scan.run();
    counts.addAll(found);
    return scan.edits;
  }

  private static String decode(byte[] input) throws NotJsonException {
    if (Utf8.ascii(input, 0, input.length)) {
      return new String(input, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
    } catch (CharacterCodingException e) {
      throw new NotJsonException("not valid UTF-8", null);
    }
  }
}
