package dev.eventpipeline.masking;

import dev.eventpipeline.masking.detect.Chars;
import dev.eventpipeline.masking.detect.Findings;
import dev.eventpipeline.masking.detect.SensitiveKeys;
import dev.eventpipeline.settings.DetectorType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass of {@link JsonMasker} over one document: the masking decisions (which tokens to scan,
 * what a sensitive key masks, what a record keeps) on top of the strict tokenizer it extends.
 */
final class JsonMaskScan extends JsonLexer {
  /** Deepest nesting accepted (Jackson's default limit); deeper input is not JSON to us. */
  static final int MAX_DEPTH = 500;
  private static final String[] ROOT_KEEP = {"schemaVersion", "id", "timestamp", "ingestedAt", "level"};
  private static final String[] ORIGIN_KEEP = {"format", "innerFormat", "stream", "shardId", "sequenceNumber",
      "subSequenceNumber", "lineIndex", "eventId", "part", "parts"};

  private static final java.util.Set<String> METADATA_KEYS = java.util.Set.of("expiration", "expires", "expiry",
      "expiresat", "expiresin", "exp", "iat", "nbf", "created", "createdat", "createddate", "updated", "updatedat",
      "lastused", "lastusedat", "issued", "issuedat", "type", "tokentype", "scope", "scopes", "alg", "algorithm",
      "kid", "keyid", "version", "region", "status", "length", "count", "format");

  private final MaskEngine engine;
  private final MaskCounts counts;
  private final boolean record;
  final Edits edits = new Edits();
  String id;

  private int depth;
  /** Per depth: an object (true) or an array; the sensitive-key category inherited by its values. */
  private boolean[] isObject = new boolean[16];
  private DetectorType[] inherited = new DetectorType[16];
  private boolean[] cardArray = new boolean[16];
  /** The current member's key: raw span in s (keyStart < 0: none) and its decoded text when escaped. */
  private int keyStart = -1;
  private int keyEnd;
  private String keyDecoded;
  private int originDepth = -1;
  /** Root members other than an incoming "masking", and the position of the root's closing brace. */
  private int rootMembers;
  /** Inside an incoming "masking" member: validated, not masked. */
  private boolean skipping;
  private boolean keySpecial;
  private int keyHash;
  private boolean keyIsCard;
  /**
   * Plain tokens (ASCII, no escape but \" and \\) whose detection is deferred: the whole
   * document is scanned once and each finding goes to the token it lies in, instead of running
   * every detector once per token. Start, end and kind of each, in document order.
   */
  private int[] deferredStart = new int[32];
  private int[] deferredEnd = new int[32];
  private byte[] deferredKind = new byte[32];
  private int deferred;
  /**
   * Tokens the whole-document scan need not read (the pipeline's coordinates in a record: long
   * ids and sequence numbers, all digits): they are blanked in the copy it scans.
   */
  private int[] blanks;
  private int blanked;
  private int blankedChars;

  private void blank(int from, int to) {
    if (blanks == null) {
      blanks = new int[16];
    } else if (blanked + 2 > blanks.length) {
      blanks = Arrays.copyOf(blanks, blanks.length * 2);
    }
    blanks[blanked++] = from;
    blanks[blanked++] = to;
    blankedChars += to - from;
  }

  /** Record mode: the position of the root object's closing brace. */
  private int rootClose = -1;

  JsonMaskScan(MaskEngine engine, String s, MaskCounts counts, boolean record) {
    this(engine, s, false, counts, record);
  }

  /** {@code plain}: see {@link JsonLexer#plain}. */
  JsonMaskScan(MaskEngine engine, String s, boolean plain, MaskCounts counts, boolean record) {
    super(s, plain);
    this.engine = engine;
    this.counts = counts;
    this.record = record;
  }

  String result() {
    return edits.apply(s);
  }

  void run() throws NotJsonException {
    pos = ws(0);
    if (pos >= n) {
      throw new NotJsonException("empty input", null);
    }
    if (record && s.charAt(pos) != '{') {
      throw new NotJsonException("not a JSON object", null);
    }
    value();
    while (depth > 0) {
      afterValue();
    }
    if (ws(pos) != n) {
      throw new NotJsonException("more than one JSON value", null);
    }
    if (deferred > 0) {
      detectDeferred();
    }
    if (rootClose >= 0) {
      edits.add(rootClose, rootClose, (rootMembers > 0 ? "," : "") + "\"masking\":" + maskingJson());
    }
    edits.sort();
  }

  private static final byte KEY = 0;
  private static final byte STRING = 1;
  private static final byte NUMBER = 2;

  private void defer(int start, int end, byte kind) {
    if (deferred == deferredStart.length) {
      deferredStart = Arrays.copyOf(deferredStart, deferred * 2);
      deferredEnd = Arrays.copyOf(deferredEnd, deferred * 2);
      deferredKind = Arrays.copyOf(deferredKind, deferred * 2);
    }
    deferredStart[deferred] = start;
    deferredEnd[deferred] = end;
    deferredKind[deferred] = kind;
    deferred++;
  }

  /**
   * One scan of the whole document; a finding inside a deferred token masks it there. A token
   * that a finding only partly covers (a match running across the JSON structure) is scanned on
   * its own instead, as every token used to be, so nothing depends on what surrounds it.
   */
  private void detectDeferred() {
    String scanned = s;
    if (blankedChars >= 64 && plain) {
      // ASCII: copied and blanked as bytes (no widening to chars and narrowing back)
      byte[] copy = s.getBytes(StandardCharsets.ISO_8859_1);
      for (int b = 0; b < blanked; b += 2) {
        Arrays.fill(copy, blanks[b], blanks[b + 1], (byte) ' ');
      }
      scanned = new String(copy, StandardCharsets.ISO_8859_1);
    } else if (blankedChars >= 64) {
      char[] copy = s.toCharArray();
      for (int b = 0; b < blanked; b += 2) {
        Arrays.fill(copy, blanks[b], blanks[b + 1], ' ');
      }
      scanned = new String(copy);
    }
    Findings all = engine.detectInJsonDocument(scanned);
    int f = 0;
    for (int t = 0; t < deferred; t++) {
      int start = deferredStart[t];
      int end = deferredEnd[t];
      while (f < all.size() && all.end(f) <= start) {
        f++;
      }
      int first = f;
      boolean inside = true;
      int k = f;
      while (k < all.size() && all.start(k) < end) {
        inside &= all.start(k) >= start && all.end(k) <= end;
        k++;
      }
      if (k == first) {
        continue; // nothing in this token: the common case
      }
      if (!inside) {
        detectAlone(t);
        continue;
      }
      if (deferredKind[t] == NUMBER) {
        maskNumber(start, end, all, first, k, start);
      } else {
        for (int i = first; i < k; i++) {
          add(all.start(i), all.end(i), escape(engine.replacement(all.type(i), s, all.start(i), all.end(i), true)));
          counts.add(all.type(i));
        }
      }
    }
  }

  /**
   * Replaces the number token {@code s[start, end)} by a string token of its text with findings
   * {@code first..last-1} of {@code f} masked; their positions are {@code offset} ahead of the
   * token's own (0 when found in the token alone, {@code start} when found in the whole document).
   */
  private void maskNumber(int start, int end, Findings f, int first, int last, int offset) {
    if (last <= first) {
      return;
    }
    String text = s.substring(start, end);
    Edits number = new Edits();
    for (int i = first; i < last; i++) {
      int a = f.start(i) - offset;
      int b = f.end(i) - offset;
      number.add(a, b, engine.replacement(f.type(i), text, a, b, false));
      counts.add(f.type(i));
    }
    add(start, end, '"' + escape(number.apply(text)) + '"');
  }

  /** A deferred token scanned on its own (what a finding running across the structure falls back to). */
  private void detectAlone(int t) {
    int start = deferredStart[t];
    int end = deferredEnd[t];
    if (deferredKind[t] == NUMBER) {
      Findings f = engine.detect(s.substring(start, end));
      maskNumber(start, end, f, 0, f.size(), 0);
    } else {
      apply(engine.detectInJsonString(s, start, end, false, true), start, end);
    }
  }

  /** After a value inside a container: ',' and the next member or element, or the container's end. */
  private void afterValue() throws NotJsonException {
    pos = ws(pos);
    if (pos >= n) {
      throw new NotJsonException("truncated JSON", null);
    }
    char c = s.charAt(pos);
    if (c == ',') {
      pos = ws(pos + 1);
      if (isObject[depth]) {
        member();
      } else {
        keyStart = -1;
        value();
      }
    } else if (c == (isObject[depth] ? '}' : ']')) {
      close();
    } else {
      throw new NotJsonException("expected ',' or the end of a container", null);
    }
  }

  /** A value at pos; containers are opened here and closed by afterValue(). */
  private void value() throws NotJsonException {
    if (pos >= n) {
      throw new NotJsonException("truncated JSON", null);
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{', '[' -> open(c == '{');
      case '"' -> {
        int end = stringEnd(pos);
        stringValue(pos + 1, end);
        pos = end + 1;
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          int end = numberEnd(pos);
          numberValue(pos, end);
          pos = end;
        } else {
          throw new NotJsonException("unexpected character", null);
        }
      }
    }
  }

  private void open(boolean object) throws NotJsonException {
    DetectorType category = category();
    boolean cards = !object && cardKey();
    if (record && depth == 1 && object && keyIs("origin")) {
      originDepth = 2;
    }
    if (depth + 1 >= MAX_DEPTH) {
      throw new NotJsonException("nested deeper than " + MAX_DEPTH, null);
    }
    depth++;
    if (depth == isObject.length) {
      isObject = Arrays.copyOf(isObject, depth * 2);
      inherited = Arrays.copyOf(inherited, depth * 2);
      cardArray = Arrays.copyOf(cardArray, depth * 2);
    }
    isObject[depth] = object;
    inherited[depth] = category;
    cardArray[depth] = cards;
    pos = ws(pos + 1);
    if (pos < n && s.charAt(pos) == (object ? '}' : ']')) {
      close();
    } else if (object) {
      member();
    } else {
      keyStart = -1;
      value();
    }
  }

  private void close() {
    if (record && depth == 1 && !skipping) {
      rootClose = pos; // "masking" goes here once every value is masked (some are masked last)
    }
    if (depth == originDepth) {
      originDepth = -1;
    }
    inherited[depth] = null;
    depth--;
    pos++;
    keyStart = -1;
  }

  /** A member "key": value at pos. */
  private void member() throws NotJsonException {
    if (pos >= n || s.charAt(pos) != '"') {
      throw new NotJsonException("expected a key", null);
    }
    int memberStart = pos;
    int end = stringEnd(pos);
    keyStart = pos + 1;
    keyEnd = end;
    keyHash = hash;
    keySpecial = special;
    keyIsCard = keyDecoded != null ? namesACard(keyDecoded, 0, keyDecoded.length()) : namesACard(s, keyStart, keyEnd);
    keyDecoded = hasEscape(keyStart, keyEnd) ? unescape(keyStart, keyEnd) : null;
    pos = ws(end + 1);
    if (pos >= n || s.charAt(pos) != ':') {
      throw new NotJsonException("expected ':'", null);
    }
    pos = ws(pos + 1);
    if (record && depth == 1 && keyIs("masking")) {
      skipIncomingMasking(memberStart);
      return;
    }
    if (depth == 1) {
      rootMembers++;
    }
    maskKey();
    value();
  }

  /** Removes an incoming root "masking" member (replaced by this record's counts) with one adjacent comma. */
  private void skipIncomingMasking(int memberStart) throws NotJsonException {
    // the value is validated like any other, but nothing inside it is masked or counted
    int savedDepth = depth;
    skipping = true;
    value();
    while (depth > savedDepth) {
      afterValue();
    }
    skipping = false;
    int valueEnd = pos;
    int before = memberStart - 1;
    while (before >= 0 && isWs(s.charAt(before))) {
      before--;
    }
    if (s.charAt(before) == ',') {
      edits.add(before, valueEnd, "");
    } else {
      int after = ws(valueEnd);
      edits.add(memberStart, after < n && s.charAt(after) == ',' ? ws(after + 1) : valueEnd, "");
    }
    keyStart = -1;
  }

  private void add(int start, int end, String replacement) {
    if (!skipping) {
      edits.add(start, end, replacement);
    }
  }

  private void maskKey() {
    if (skipping || keyEnd - keyStart < 3 || identifier(keyStart, keyEnd)) {
      return;
    }
    if (!keySpecial) {
      defer(keyStart, keyEnd, KEY);
      return;
    }
    apply(engine.detectInJsonString(s, keyStart, keyEnd, false, false), keyStart, keyEnd);
  }

  /**
   * A short key of letters, '_', '-' and '.' only ("user_agent", "level"): nothing a detector
   * finds can be written with those alone, so most keys are not scanned at all.
   */
  private boolean identifier(int from, int to) {
    if (to - from > 24) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private void stringValue(int from, int to) {
    if (skipping) {
      return;
    }
    if (record && keep()) {
      if (depth == 1 && keyIs("id")) {
        id = hasEscape(from, to) ? unescape(from, to) : s.substring(from, to);
      }
      blank(from, to);
      return;
    }
    DetectorType category = category();
    if (category != null) {
      String key = keyStart < 0 ? null : key();
      Findings parts = inherited[depth] == null ? engine.secretParts(key, category, s, from, to) : null;
      if (parts != null) {
        apply(parts, from, to);
        return;
      }
      String value = hasEscape(from, to) ? unescape(from, to) : s.substring(from, to);
      String masked = engine.maskWhole(category, value, counts);
      if (masked != value) {
        add(from, to, escape(masked));
      }
      return;
    }
    boolean card = cardKey();
    if (!special && !card) {
      if (to - from >= 3) {
        defer(from, to, STRING);
      }
      return;
    }
    apply(engine.detectInJsonString(s, from, to, card, !special), from, to);
  }

  /** Whether the current key names a card ("card", "cardNumber", "credit_card", "pan"): its long digit runs are cards. */
  private boolean cardKey() {
    return keyStart < 0 ? cardArray[depth] : keyIsCard; // an element of "cards": [...]
  }

  /** Whether a key names a card ("card", "cardNumber", "credit_card", "pan", "pans", "cc"). */
  private boolean namesACard(String text, int from, int to) {
    for (int i = from; i + 4 <= to; i++) {
      if ((text.charAt(i) | 0x20) == 'c' && Chars.matchesIgnoreCase(text, i, "card")) {
        return true;
      }
    }
    int len = to - from;
    return (len == 3 || len == 4 && (text.charAt(from + 3) | 0x20) == 's') && Chars.matchesIgnoreCase(text, from, "pan")
        || len == 2 && Chars.matchesIgnoreCase(text, from, "cc");
  }

  private void numberValue(int from, int to) {
    if (skipping) {
      return;
    }
    if (record && keep()) {
      blank(from, to);
      return;
    }
    DetectorType category = category();
    if (category != null) {
      add(from, to, '"' + escape(engine.maskWhole(category, s.substring(from, to), counts)) + '"');
      return;
    }
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c != '-') {
        return; // a fraction or an exponent: a measurement, not an identifier
      }
    }
    if (digits >= 12 && digits <= 16 && !cardKey()) {
      defer(from, to, NUMBER);
      return;
    }
    if (digits >= 12) {
      String text = s.substring(from, to);
      // a 17-19 digit JSON number cannot be an id a JavaScript reader could keep (2^53 is 16
      // digits): with a card's issuer prefix and check digit, it is taken for a card
      Findings f = engine.detect(text, cardKey() || digits >= 17);
      maskNumber(from, to, f, 0, f.size(), 0);
    }
  }

  /** Replaces each finding (positions in s, inside a string token) by its escaped replacement. */
  private void apply(Findings f, int from, int to) {
    for (int i = 0; i < f.size(); i++) {
      DetectorType type = f.type(i);
      add(f.start(i), f.end(i), escape(engine.replacement(type, s, f.start(i), f.end(i), true)));
      counts.add(type);
    }
  }

  /**
   * What a sensitive key makes of the current value: its own key's category first ("password"
   * inside "credentials" is a PASSWORD), else the one inherited from an enclosing sensitive key
   * (unless the key only describes the secret), else null.
   */
  private DetectorType category() {
    DetectorType own = keyStart < 0 ? null : ownCategory();
    if (own != null) {
      return own;
    }
    DetectorType inheritedCategory = inherited[depth];
    if (inheritedCategory != null && !(keyStart >= 0 && metadataKey())) {
      return inheritedCategory;
    }
    return null;
  }

  private DetectorType ownCategory() {
    if (keyDecoded != null) {
      return engine.sensitiveKey(keyDecoded);
    }
    return plain ? engine.sensitiveKey(s, keyStart, keyEnd) : engine.sensitiveKey(s, keyStart, keyEnd, keyHash);
  }

  /**
   * Keys that describe a secret rather than hold it ("Expiration" of STS credentials, "type" of a
   * token): under a sensitive key they are masked only if they are sensitive themselves.
   */
  private boolean metadataKey() {
    return METADATA_KEYS.contains(SensitiveKeys.normalize(key()));
  }

  private String key() {
    return keyDecoded != null ? keyDecoded : s.substring(keyStart, keyEnd);
  }

  private boolean keep() {
    if (keyStart < 0) {
      return false;
    }
    if (depth == 1) {
      return keyIn(ROOT_KEEP);
    }
    return depth == originDepth && keyIn(ORIGIN_KEEP);
  }

  private boolean keyIn(String[] names) {
    for (String name : names) {
      if (keyIs(name)) {
        return true;
      }
    }
    return false;
  }

  private boolean keyIs(String name) {
    if (keyStart < 0) {
      return false;
    }
    if (keyDecoded != null) {
      return keyDecoded.equals(name);
    }
    return keyEnd - keyStart == name.length() && s.startsWith(name, keyStart);
  }

  private String maskingJson() {
    return counts.toJson();
  }

  /** JSON string escaping of a replacement (placeholders are plain ASCII; the escaping is for safety). */
  static String escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int k = 0; k < text.length(); k++) {
          char ch = text.charAt(k);
          if (ch == '"' || ch == '\\') {
            b.append('\\').append(ch);
          } else if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
        return b.toString();
      }
    }
    return text;
  }
}
