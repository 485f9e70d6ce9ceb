package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.fuzz.JpegSegments.Kind;
import dev.eventpipeline.thumbnail.fuzz.JpegSegments.Segment;
import dev.eventpipeline.thumbnail.fuzz.Mutation.Applied;
import dev.eventpipeline.thumbnail.fuzz.Mutation.Effect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Structure-aware JPEG mutations: each parses the input with {@link JpegSegments}, changes one thing
 * a decoder must get right (a length, a frame or scan header field, a Huffman or quantization table,
 * the order or number of segments, stray markers, fill bytes and junk between segments, the
 * entropy-coded data) and joins the pieces again. "target" parameters pick the n-th matching piece
 * modulo how many there are; "where" parameters pick a boundary between pieces.
 */
final class JpegMutations {
  private JpegMutations() {}

  /** One to four mutations, each count equally likely (pairs are what find parser disagreements). */
  static Arbitrary<List<Mutation>> sequences() {
    return any().list().ofMinSize(1).ofMaxSize(4).withSizeDistribution(RandomDistribution.uniform());
  }

  /**
   * Every JPEG mutation, weighted towards those that reach deeper into the decoders (frame sizes,
   * segments only one parser sees); generic byte mutations included.
   */
  static Arbitrary<Mutation> any() {
    Arbitrary<Integer> target = Arbitraries.integers().between(0, 15);
    Arbitrary<Integer> where = Arbitraries.integers().between(0, 63);
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 1023);
    Arbitrary<Integer> value = ByteMutations.interestingByte();
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(target, Arbitraries.integers().between(0, Length.VARIANTS - 1)).as(Length::new)),
        Tuple.of(6, Combinators.combine(target, Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, FrameSize.VARIANTS - 1)).as(FrameSize::new)),
        Tuple.of(4, Combinators.combine(target, Arbitraries.integers().between(0, 15), value).as(FrameField::new)),
        Tuple.of(3, Combinators.combine(target, Arbitraries.integers().between(0, 2), index, value).as(HuffmanField::new)),
        Tuple.of(1, Combinators.combine(target, index, value).as(QuantField::new)),
        Tuple.of(3, Combinators.combine(target, Arbitraries.integers().between(0, 15), value).as(ScanField::new)),
        Tuple.of(1, Arbitraries.of(0, 1, 2, 7, 0xFFFF).map(RestartInterval::new)),
        Tuple.of(2, Combinators.combine(target, index, value).as(MetadataByte::new)),
        Tuple.of(3, Combinators.combine(where, where).as(Duplicate::new)),
        Tuple.of(2, where.map(Drop::new)),
        Tuple.of(2, Combinators.combine(where, where).as(Move::new)),
        Tuple.of(3, Combinators.combine(where, Arbitraries.integers().between(0, InsertMarker.MARKERS.length - 1))
            .as(InsertMarker::new)),
        Tuple.of(5, Combinators.combine(Arbitraries.integers().between(0, HideBehindSoi.KINDS - 1), target,
            Arbitraries.of(false, true)).as(HideBehindSoi::new)),
        Tuple.of(1, Combinators.combine(where, Arbitraries.integers().between(1, 40)).as(Fill::new)),
        Tuple.of(1, Combinators.combine(where, ByteMutations.garbage(24)).as(Junk::new)),
        Tuple.of(2, Combinators.combine(target, ByteMutations.position(), Arbitraries.integers().between(0, 7))
            .as(EntropyFlip::new)),
        Tuple.of(1, Combinators.combine(target, ByteMutations.position(), ByteMutations.garbage(8)).as(EntropyInsert::new)),
        Tuple.of(1, Combinators.combine(target, ByteMutations.position(), Arbitraries.integers().between(1, 64))
            .as(EntropyDelete::new)),
        Tuple.of(3, ByteMutations.any()));
  }

  // ---- lengths and headers ----

  /** Sets a segment's length field to its length +1, -1, 0, 1, 2 or 0xFFFF (the payload is unchanged). */
  record Length(int target, int variant) implements Mutation {
    static final int VARIANTS = 6;

    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.kind() == Kind.SEGMENT, target);
      if (i < 0) {
        return unchanged(data);
      }
      int len = s.get(i).bytes().length - 2;
      int newLength = switch (variant) {
        case 0 -> len + 1;
        case 1 -> len - 1;
        case 2 -> 0;
        case 3 -> 1;
        case 4 -> 2;
        default -> 0xFFFF;
      };
      return replace(s, i, s.get(i).withLengthField(newLength), Effect.STRUCTURE);
    }
  }

  /** Sets a frame header's width, height or both to 0, 1, 0xFFFF, x100, x2, +1, -1 or 0x8000 (capped at 0xFFFF). */
  record FrameSize(int target, int axis, int variant) implements Mutation {
    static final int VARIANTS = 8;

    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.isFrame() && seg.payloadLength() >= 5, target);
      if (i < 0) {
        return unchanged(data);
      }
      Segment seg = s.get(i);
      if (axis != 0) { // height, or both
        seg = setU16(seg, 1, newSize(seg.u8(1) << 8 | seg.u8(2)));
      }
      if (axis != 1) { // width, or both
        seg = setU16(seg, 3, newSize(seg.u8(3) << 8 | seg.u8(4)));
      }
      return replace(s, i, seg, Effect.STRUCTURE);
    }

    private int newSize(int old) {
      return switch (variant) {
        case 0 -> 0;
        case 1 -> 1;
        case 2 -> 0xFFFF;
        case 3 -> Math.min(old * 100, 0xFFFF);
        case 4 -> Math.min(old * 2, 0xFFFF);
        case 5 -> Math.min(old + 1, 0xFFFF);
        case 6 -> Math.max(old - 1, 0);
        default -> 0x8000;
      };
    }
  }

  /**
   * Sets one byte of a frame header other than its size: field 0 is the sample precision, 1 the
   * component count, 2.. the component specs (id, sampling factors Hi<<4|Vi, quantization table id).
   */
  record FrameField(int target, int field, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.isFrame() && seg.payloadLength() >= 6, target);
      if (i < 0) {
        return unchanged(data);
      }
      Segment seg = s.get(i);
      int specBytes = seg.payloadLength() - 6;
      int at = field == 0 ? 0 : field == 1 || specBytes == 0 ? 5 : 6 + (field - 2) % specBytes;
      return replace(s, i, seg.withPayloadByte(at, value), Effect.STRUCTURE);
    }

    @Override
    public String toString() {
      String what = field == 0 ? "precision" : field == 1 ? "components" : "component " + (field - 2) / 3 + " "
          + List.of("id", "sampling", "table").get((field - 2) % 3);
      return "FrameField[SOF#" + target + " " + what + "=0x" + Integer.toHexString(value) + "]";
    }
  }

  /**
   * Changes one Huffman table (over all DHT segments, tables in order): part 0 its class/id byte,
   * part 1 one of its 16 code-length counts, part 2 one of its symbol values.
   */
  record HuffmanField(int table, int part, int index, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      List<int[]> tables = new ArrayList<>(); // {segment index, payload offset, symbol count}
      for (int i = 0; i < s.size(); i++) {
        Segment seg = s.get(i);
        if (seg.kind() != Kind.SEGMENT || !seg.is(0xC4)) {
          continue;
        }
        int p = 0;
        while (p + 17 <= seg.payloadLength()) {
          int total = 0;
          for (int l = 1; l <= 16; l++) {
            total += seg.u8(p + l);
          }
          tables.add(new int[] {i, p, total});
          p += 17 + total;
        }
      }
      if (tables.isEmpty()) {
        return unchanged(data);
      }
      int[] t = tables.get(Math.floorMod(table, tables.size()));
      Segment seg = s.get(t[0]);
      int at = switch (part) {
        case 0 -> t[1];
        case 1 -> t[1] + 1 + index % 16;
        default -> t[2] == 0 ? t[1] : t[1] + 17 + index % t[2];
      };
      if (at >= seg.payloadLength()) {
        return unchanged(data);
      }
      return replace(s, t[0], seg.withPayloadByte(at, value), Effect.STRUCTURE);
    }

    @Override
    public String toString() {
      return "HuffmanField[table#" + table + " " + List.of("class/id", "count", "symbol").get(part) + "[" + index + "]=0x"
          + Integer.toHexString(value) + "]";
    }
  }

  /** Sets one byte of a DQT segment (precision/id byte or a table entry). */
  record QuantField(int target, int index, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.kind() == Kind.SEGMENT && seg.is(0xDB) && seg.payloadLength() > 0, target);
      if (i < 0) {
        return unchanged(data);
      }
      Segment seg = s.get(i);
      return replace(s, i, seg.withPayloadByte(index % seg.payloadLength(), value), Effect.STRUCTURE);
    }
  }

  /**
   * Sets one byte of a scan header: field 0 is the component count Ns, then per component its
   * selector and its DC/AC table ids, then Ss, Se and Ah<<4|Al (taken modulo the header's length).
   */
  record ScanField(int target, int field, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.kind() == Kind.SEGMENT && seg.is(0xDA) && seg.payloadLength() > 0, target);
      if (i < 0) {
        return unchanged(data);
      }
      Segment seg = s.get(i);
      return replace(s, i, seg.withPayloadByte(field % seg.payloadLength(), value), Effect.STRUCTURE);
    }

    @Override
    public String toString() {
      return "ScanField[SOS#" + target + " byte " + field + "=0x" + Integer.toHexString(value) + "]";
    }
  }

  /** Sets the restart interval of every DRI segment, or adds a DRI before the first scan when there is none. */
  record RestartInterval(int interval) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      Segment dri = JpegSegments.segment(0xDD, new byte[] {(byte) (interval >> 8), (byte) interval});
      boolean found = false;
      for (int i = 0; i < s.size(); i++) {
        if (s.get(i).kind() == Kind.SEGMENT && s.get(i).is(0xDD)) {
          s.set(i, dri);
          found = true;
        }
      }
      if (!found) {
        int sos = pick(s, seg -> seg.kind() == Kind.SEGMENT && seg.is(0xDA), 0);
        if (sos < 0) {
          return unchanged(data);
        }
        s.add(sos, dri);
      }
      return new Applied(JpegSegments.join(s), Effect.STRUCTURE);
    }
  }

  /** Sets one payload byte of an APPn or COM segment (EXIF, ICC, XMP, Adobe ...). */
  record MetadataByte(int target, int index, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = JpegSegments.parse(data);
      int i = pick(s, seg -> seg.isMetadata() && seg.payloadLength() > 0, target);
      if (i < 0) {
        return unchanged(data);
      }
      Segment seg = s.get(i);
      return replace(s, i, seg.withPayloadByte(index % seg.payloadLength(), value), metadataEffect(seg));
    }
  }

  // ---- segment order and count ----

  /** Inserts a copy of a piece (any kind: a second SOF, DHT, SOS, entropy data ...) at a boundary. */
  record Duplicate(int target, int where) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      if (s.isEmpty()) {
        return unchanged(data);
      }
      Segment copy = s.get(Math.floorMod(target, s.size()));
      int at = boundary(s, where);
      Effect effect = copy.isMetadata() && cleanBoundary(s, at) ? metadataEffect(copy) : Effect.STRUCTURE;
      s.add(at, copy);
      return new Applied(JpegSegments.join(s), effect);
    }
  }

  /** Removes a piece (a table, the frame header, a scan's data ...), never the leading SOI. */
  record Drop(int target) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      if (s.size() < 2) {
        return unchanged(data);
      }
      int i = 1 + Math.floorMod(target, s.size() - 1);
      Segment gone = s.remove(i);
      Effect effect = gone.kind() == Kind.ENTROPY ? Effect.ENTROPY
          : gone.isMetadata() ? metadataEffect(gone) : Effect.STRUCTURE;
      return new Applied(JpegSegments.join(s), effect);
    }
  }

  /** Moves a piece (never the leading SOI) to another boundary: tables after the scan, SOF after SOS ... */
  record Move(int target, int where) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      if (s.size() < 3) {
        return unchanged(data);
      }
      Segment moved = s.remove(1 + Math.floorMod(target, s.size() - 1));
      int at = Math.max(1, boundary(s, where));
      Effect effect = moved.isMetadata() && cleanBoundary(s, at) ? metadataEffect(moved) : Effect.STRUCTURE;
      s.add(at, moved);
      return new Applied(JpegSegments.join(s), effect);
    }
  }

  /** Inserts a stray standalone marker at a boundary: a second SOI, an EOI, TEM, or RSTn outside a scan. */
  record InsertMarker(int where, int which) implements Mutation {
    static final int[] MARKERS = {0xD8, 0xD9, 0x01, 0xD0, 0xD3, 0xD7};

    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      s.add(boundary(s, where), JpegSegments.standalone(MARKERS[which]));
      return new Applied(JpegSegments.join(s), Effect.STRUCTURE);
    }

    @Override
    public String toString() {
      return "InsertMarker[where=" + where + ", FF" + Integer.toHexString(MARKERS[which]).toUpperCase() + "]";
    }
  }

  /**
   * A second SOI followed by a 2-byte length and a copy of a segment (inserted after it), or wrapping
   * the segment itself. SOI has no length (T.81 B.1.1.3), so a parser that reads one after it skips
   * what a parser that does not reads: the two see different segments (the same file, two frames).
   * {@code kind} picks what to hide: 0 the frame header, 1 a table (DQT, DHT), 2 a scan header, 3 any
   * other segment decoders act on (DRI ...), never APPn/COM. A later mutation of the copy (which
   * {@link JpegSegments} parses as a segment) or of the original makes the two views differ in content.
   */
  record HideBehindSoi(int kind, int target, boolean wrapOriginal) implements Mutation {
    static final int KINDS = 4;

    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      Predicate<Segment> ofKind = switch (kind) {
        case 0 -> Segment::isFrame;
        case 1 -> seg -> seg.is(0xDB) || seg.is(0xC4);
        case 2 -> seg -> seg.is(0xDA);
        default -> seg -> !seg.isMetadata();
      };
      int i = pick(s, seg -> seg.kind() == Kind.SEGMENT && ofKind.test(seg) && seg.bytes().length <= 0xFFF0, target);
      if (i < 0) {
        return unchanged(data);
      }
      byte[] hidden = s.get(i).bytes();
      byte[] piece = new byte[hidden.length + 4];
      piece[0] = (byte) 0xFF;
      piece[1] = (byte) 0xD8;
      piece[2] = (byte) ((hidden.length + 2) >> 8);
      piece[3] = (byte) (hidden.length + 2);
      System.arraycopy(hidden, 0, piece, 4, hidden.length);
      if (wrapOriginal) {
        s.set(i, JpegSegments.raw(piece));
      } else {
        s.add(i + 1, JpegSegments.raw(piece));
      }
      return new Applied(JpegSegments.join(s), Effect.STRUCTURE);
    }
  }

  /** Inserts a run of 0xFF fill bytes before a marker (allowed by T.81 B.1.1.2: decoders must skip them). */
  record Fill(int where, int count) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      int at = boundary(s, where);
      if (at == 0 || at >= s.size() || s.get(at).marker() < 0) {
        return unchanged(data);
      }
      byte[] fill = new byte[count];
      Arrays.fill(fill, (byte) 0xFF);
      s.add(at, JpegSegments.raw(fill));
      return new Applied(JpegSegments.join(s), Effect.METADATA);
    }
  }

  /**
   * Inserts junk (no 0xFF, so no marker) at a boundary. Between segments libjpeg skips it with a
   * warning, so a decode should still give the same pixels; before entropy data it is entropy data.
   */
  record Junk(int where, byte[] junk) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
      int at = Math.min(Math.max(1, boundary(s, where)), s.size());
      byte[] bytes = junk.clone();
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == (byte) 0xFF) {
          bytes[i] = 0x7F;
        }
      }
      Effect effect = cleanBoundary(s, at) ? Effect.METADATA : Effect.ENTROPY;
      s.add(at, JpegSegments.raw(bytes));
      return new Applied(JpegSegments.join(s), effect);
    }

    @Override
    public String toString() {
      return "Junk[where=" + where + ", " + HexFormat.of().formatHex(junk) + "]";
    }
  }

  // ---- entropy-coded data ----

  record EntropyFlip(int target, int position, int bit) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      return inEntropy(data, target, d -> new ByteMutations.FlipBit(position, bit).apply(d).bytes());
    }
  }

  record EntropyInsert(int target, int position, byte[] bytes) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      return inEntropy(data, target, d -> new ByteMutations.InsertBytes(position, bytes).apply(d).bytes());
    }

    @Override
    public String toString() {
      return "EntropyInsert[target=" + target + ", position=" + position + ", " + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  record EntropyDelete(int target, int position, int count) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      return inEntropy(data, target, d -> new ByteMutations.DeleteBytes(position, count).apply(d).bytes());
    }
  }

  // ---- helpers ----

  private static Applied inEntropy(byte[] data, int target, UnaryOperator<byte[]> change) {
    List<Segment> s = new ArrayList<>(JpegSegments.parse(data));
    int i = pick(s, seg -> seg.kind() == Kind.ENTROPY, target);
    if (i < 0) {
      return unchanged(data);
    }
    s.set(i, new Segment(Kind.ENTROPY, -1, change.apply(s.get(i).bytes())));
    return new Applied(JpegSegments.join(s), Effect.ENTROPY);
  }

  /** Index of the ({@code target} mod count)-th piece matching {@code filter}, or -1 if none does. */
  static int pick(List<Segment> s, Predicate<Segment> filter, int target) {
    int count = (int) s.stream().filter(filter).count();
    if (count == 0) {
      return -1;
    }
    int k = Math.floorMod(target, count);
    for (int i = 0; i < s.size(); i++) {
      if (filter.test(s.get(i)) && k-- == 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  /** A boundary between pieces, never before the leading SOI: 1..size. */
  private static int boundary(List<Segment> s, int where) {
    return s.size() <= 1 ? s.size() : 1 + Math.floorMod(where, s.size());
  }

  /** True when a piece inserted at {@code at} lands between segments, not between a scan header and its data. */
  private static boolean cleanBoundary(List<Segment> s, int at) {
    boolean afterScanHeader = at > 0 && s.get(at - 1).is(0xDA);
    boolean beforeData = at < s.size() && s.get(at).kind() == Kind.ENTROPY;
    return !afterScanHeader && !beforeData;
  }

  /** APP0 (JFIF), APP2 (ICC) and APP14 (Adobe transform) change how pixels come out; other APPn and COM do not. */
  private static Effect metadataEffect(Segment seg) {
    return seg.is(0xE0) || seg.is(0xE2) || seg.is(0xEE) ? Effect.STRUCTURE : Effect.METADATA;
  }

  private static Segment setU16(Segment seg, int payloadIndex, int value) {
    return seg.withPayloadByte(payloadIndex, value >> 8).withPayloadByte(payloadIndex + 1, value & 0xFF);
  }

  private static Applied replace(List<Segment> s, int i, Segment seg, Effect effect) {
    List<Segment> copy = new ArrayList<>(s);
    copy.set(i, seg);
    return new Applied(JpegSegments.join(copy), effect);
  }

  private static Applied unchanged(byte[] data) {
    return new Applied(data, Effect.NONE);
  }
}
