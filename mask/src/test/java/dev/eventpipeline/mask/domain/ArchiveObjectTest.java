package dev.eventpipeline.mask.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveObjectTest {
  private static ArchiveObject.Line line(String id, String message) {
    return new ArchiveObject.Line(id, ("{\"schemaVersion\":1,\"fields\":{\"id\":\"nested\"},\"id\":\"" + id
        + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> ids(List<ArchiveObject.Line> lines) {
    return lines.stream().map(ArchiveObject.Line::id).toList();
  }

  @Test
  void readsBackTheLinesItWroteWithTheirTopLevelIds() {
    List<ArchiveObject.Line> lines = List.of(line("a", "one"), line("b", "two"));

    byte[] gz = ArchiveObject.encode(lines);
    List<ArchiveObject.Line> read = ArchiveObject.decode(gz);

    assertThat(ids(read)).containsExactly("a", "b");
    assertThat(new String(read.get(1).json(), StandardCharsets.UTF_8)).isEqualTo(
        new String(lines.get(1).json(), StandardCharsets.UTF_8));
    assertThat(ArchiveObject.encode(read)).as("same lines, same bytes").isEqualTo(gz);
  }

  @Test
  void theUnionKeepsEveryExistingLineFirstThenTheNewOnesItLacks() {
    List<ArchiveObject.Line> existing = List.of(line("a", "1"), line("b", "2"), line("c", "3"), line("d", "4"));
    List<ArchiveObject.Line> retryHalf = List.of(line("a", "1"), line("b", "2"));
    List<ArchiveObject.Line> longer = List.of(line("a", "1"), line("b", "2"), line("c", "3"), line("d", "4"),
        line("e", "5"));

    assertThat(ids(ArchiveObject.union(existing, retryHalf))).as("never shrinks").containsExactly("a", "b", "c", "d");
    assertThat(ids(ArchiveObject.union(existing, longer))).containsExactly("a", "b", "c", "d", "e");
    assertThat(ids(ArchiveObject.union(retryHalf, List.of(line("c", "3"))))).containsExactly("a", "b", "c");
  }

  @Test
  void linesWithoutAnIdAreKeptAndNeverTakenForDuplicates() {
    ArchiveObject.Line noId = new ArchiveObject.Line(null, "not json".getBytes(StandardCharsets.UTF_8));

    List<ArchiveObject.Line> read = ArchiveObject.decode(ArchiveObject.encode(List.of(noId, line("a", "1"))));

    assertThat(ids(read)).containsExactly(null, "a");
    assertThat(ArchiveObject.union(read, List.of(noId))).hasSize(3);
  }

  @Test
  void anObjectThatIsNotGzipCannotBeRead() {
    assertThatThrownBy(() -> ArchiveObject.decode("{\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class);
  }
}
