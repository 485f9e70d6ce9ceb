package dev.eventpipeline.mask.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArchivedIdsTest {
  @Test
  void remembersAtMostItsCapacityForgettingTheOldestFirst() {
    ArchivedIds ids = new ArchivedIds(3);

    ids.addAll(List.of("a", "b", "c"));
    ids.addAll(List.of("d"));

    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.contains("a")).as("the oldest is forgotten").isFalse();
    assertThat(List.of("b", "c", "d")).allMatch(ids::contains);
  }

  @Test
  void anIdArchivedAgainBecomesTheNewest() {
    ArchivedIds ids = new ArchivedIds(3);
    ids.addAll(List.of("a", "b", "c"));

    ids.addAll(List.of("a", "d"));

    assertThat(ids.contains("a")).isTrue();
    assertThat(ids.contains("b")).isFalse();
    assertThat(ids.size()).isEqualTo(3);
  }

  @Test
  void staysBoundedUnderManyMoreIdsThanItHolds() {
    ArchivedIds ids = new ArchivedIds(1_000);

    IntStream.range(0, 100).forEach(batch ->
        ids.addAll(IntStream.range(batch * 500, batch * 500 + 500).mapToObj(i -> "id-" + i).toList()));

    assertThat(ids.size()).isEqualTo(1_000);
    assertThat(ids.contains("id-48999")).isFalse();
    assertThat(ids.contains("id-49000")).isTrue();
    assertThat(ids.contains("id-49999")).isTrue();
  }

  @Test
  void doesNotRememberIdsLongerThanItsLimitOrNull() {
    ArchivedIds ids = new ArchivedIds(10);
    String longId = "x".repeat(ArchivedIds.MAX_ID_CHARS + 1);
    String longest = "y".repeat(ArchivedIds.MAX_ID_CHARS);

    ids.addAll(java.util.Arrays.asList(longId, longest, null));

    assertThat(ids.contains(longId)).as("a long id may be archived twice, never dropped wrongly").isFalse();
    assertThat(ids.contains(longest)).isTrue();
    assertThat(ids.contains(null)).isFalse();
    assertThat(ids.size()).isEqualTo(1);
  }
}
