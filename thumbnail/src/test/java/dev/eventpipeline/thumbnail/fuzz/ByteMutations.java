package dev.eventpipeline.thumbnail.fuzz;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Format-blind mutations for every image format: flip a bit, set a byte, insert or delete bytes,
 * truncate, append garbage. Positions are taken modulo the input's length.
 */
final class ByteMutations {
  private ByteMutations() {}

  /** Values that tend to matter in headers: 0, 1, sign and size boundaries, all-ones. */
  static Arbitrary<Integer> interestingByte() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x0F, 0x10, 0x11, 0x22, 0x3F, 0x40,
            0x7F, 0x80, 0xC0, 0xD8, 0xD9, 0xFE, 0xFF)),
        Tuple.of(1, Arbitraries.integers().between(0, 255)));
  }

  static Arbitrary<Integer> position() {
    return Arbitraries.integers().between(0, 1 << 20);
  }

  static Arbitrary<byte[]> garbage(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(maxLength);
  }

  /** Any of the mutations below, generic ones weighted towards small local changes. */
  static Arbitrary<Mutation> any() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Combinators.combine(position(), Arbitraries.integers().between(0, 7)).as(FlipBit::new)),
        Tuple.of(4, Combinators.combine(position(), interestingByte()).as(SetByte::new)),
        Tuple.of(2, Combinators.combine(position(), garbage(16)).as(InsertBytes::new)),
        Tuple.of(2, Combinators.combine(position(), Arbitraries.integers().between(1, 64)).as(DeleteBytes::new)),
        Tuple.of(2, position().map(Truncate::new)),
        Tuple.of(1, garbage(64).map(Append::new)));
  }

  /** One to four mutations, each count equally likely. */
  static Arbitrary<List<Mutation>> sequences() {
    return any().list().ofMinSize(1).ofMaxSize(4).withSizeDistribution(RandomDistribution.uniform());
  }

  static int at(int position, byte[] data) {
    return data.length == 0 ? 0 : Math.floorMod(position, data.length);
  }

  record FlipBit(int position, int bit) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      if (data.length == 0) {
        return new Applied(data, Effect.NONE);
      }
      byte[] out = data.clone();
      out[at(position, data)] ^= (byte) (1 << bit);
      return new Applied(out, Effect.ENTROPY);
    }
  }

  record SetByte(int position, int value) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      if (data.length == 0) {
        return new Applied(data, Effect.NONE);
      }
      byte[] out = data.clone();
      out[at(position, data)] = (byte) value;
      return new Applied(out, Effect.ENTROPY);
    }

    @Override
    public String toString() {
      return "SetByte[position=" + position + ", value=0x" + Integer.toHexString(value) + "]";
    }
  }

  record InsertBytes(int position, byte[] bytes) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      int p = data.length == 0 ? 0 : Math.floorMod(position, data.length + 1);
      byte[] out = new byte[data.length + bytes.length];
      System.arraycopy(data, 0, out, 0, p);
      System.arraycopy(bytes, 0, out, p, bytes.length);
      System.arraycopy(data, p, out, p + bytes.length, data.length - p);
      return new Applied(out, Effect.ENTROPY);
    }

    @Override
    public String toString() {
      return "InsertBytes[position=" + position + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  record DeleteBytes(int position, int count) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      if (data.length == 0) {
        return new Applied(data, Effect.NONE);
      }
      int p = at(position, data);
      int n = Math.min(count, data.length - p);
      byte[] out = new byte[data.length - n];
      System.arraycopy(data, 0, out, 0, p);
      System.arraycopy(data, p + n, out, p, data.length - p - n);
      return new Applied(out, Effect.ENTROPY);
    }
  }

  /** Keeps the first {@code position % length} bytes (at least one). */
  record Truncate(int position) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      if (data.length <= 1) {
        return new Applied(data, Effect.NONE);
      }
      return new Applied(Arrays.copyOf(data, Math.max(1, at(position, data))), Effect.ENTROPY);
    }
  }

  /** Garbage after the end. For JPEG after EOI (and for most formats) decoders ignore it: only METADATA. */
  record Append(byte[] bytes) implements Mutation {
    @Override
    public Applied apply(byte[] data) {
      byte[] out = Arrays.copyOf(data, data.length + bytes.length);
      System.arraycopy(bytes, 0, out, data.length, bytes.length);
      boolean afterEoi = data.length >= 2 && (data[data.length - 2] & 0xFF) == 0xFF && (data[data.length - 1] & 0xFF) == 0xD9;
      return new Applied(out, afterEoi ? Effect.METADATA : Effect.ENTROPY);
    }

    @Override
    public String toString() {
      return "Append[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }
}
