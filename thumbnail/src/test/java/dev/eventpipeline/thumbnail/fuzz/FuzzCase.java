package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.fuzz.Mutation.Effect;
import dev.eventpipeline.thumbnail.fuzz.Seeds.Seed;
import java.util.List;

/**
 * One generated input: a seed, the mutations applied to it in order, the largest thumbnail size to
 * ask for (16..256, so every shrink-on-load scale is exercised), and the resulting bytes.
 *
 * @param effect the most disruptive effect of the mutations: decides what the differential compares
 */
record FuzzCase(Seed seed, List<Mutation> mutations, int largest, byte[] bytes, Effect effect) {

  static FuzzCase of(Seed seed, List<Mutation> mutations, int largest) {
    Mutation.Applied applied = Mutation.applyAll(seed.bytes(), mutations);
    return new FuzzCase(seed, List.copyOf(mutations), largest, applied.bytes(), applied.effect());
  }

  @Override
  public String toString() {
    return "seed " + seed + ", largest thumbnail " + largest + ", mutations " + mutations + " (" + effect + ") -> "
        + bytes.length + " bytes";
  }
}
