package dev.eventpipeline.thumbnail.fuzz;

import java.util.List;

/**
 * One change to an input image. Mutations are values: parameters are plain numbers (so jqwik can
 * generate and shrink them) that are resolved against the input when applied, e.g. "the 2nd frame
 * header" as {@code target % frameCount}. A mutation that finds nothing to act on returns its input.
 */
interface Mutation {

  Applied apply(byte[] data);

  /** What a mutation may have changed, from least to most disruptive: decides what the differential compares. */
  enum Effect {
    /** Nothing (no target found). */
    NONE,
    /** Bytes no decoder uses for the pixels (APPn/COM payloads, fill bytes before a marker, data after EOI). */
    METADATA,
    /** Headers, tables, segment lengths or order: both decoders should still agree on the frame size. */
    STRUCTURE,
    /** Entropy-coded data or unknown positions: decoders legitimately differ in how they conceal errors. */
    ENTROPY;

    Effect max(Effect other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  record Applied(byte[] bytes, Effect effect) {}

  /** Applies {@code mutations} in order, each to the previous one's output. */
  static Applied applyAll(byte[] seed, List<? extends Mutation> mutations) {
    byte[] data = seed;
    Effect effect = Effect.NONE;
    for (Mutation m : mutations) {
      Applied a = m.apply(data);
      data = a.bytes();
      effect = effect.max(a.effect());
    }
    return new Applied(data, effect);
  }
}
