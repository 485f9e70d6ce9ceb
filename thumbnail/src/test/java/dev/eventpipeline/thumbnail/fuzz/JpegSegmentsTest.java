package dev.eventpipeline.thumbnail.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.thumbnail.fuzz.JpegSegments.Kind;
import dev.eventpipeline.thumbnail.fuzz.JpegSegments.Segment;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The harness's own segment walker: total, lossless, and it reads a JPEG the way T.81 lays it out. */
class JpegSegmentsTest {

  @Example
  void everySeedSplitsIntoPiecesThatJoinBackToTheSameBytes() {
    for (Seeds.Seed seed : Seeds.jpegs()) {
      assertThat(JpegSegments.join(JpegSegments.parse(seed.bytes()))).as(seed.name()).isEqualTo(seed.bytes());
    }
  }

  @Property(tries = 300)
  void anyBytesSplitIntoPiecesThatJoinBackToTheSameBytes(@ForAll @Size(max = 300) byte[] data) {
    assertThat(JpegSegments.join(JpegSegments.parse(data))).isEqualTo(data);
  }

  @Example
  void aBaselineJpegIsSoiTablesFrameScanDataEoi() {
    List<Segment> pieces = JpegSegments.parse(Seeds.jpeg(Seeds.photo(16, 16, true), 0.9f, null, 2, false));

    assertThat(pieces).extracting(Segment::marker)
        .containsExactly(0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xC4, 0xDD, 0xDA, -1, 0xD9);
    assertThat(pieces.get(8).kind()).isEqualTo(Kind.ENTROPY);
    assertThat(pieces.get(3).isFrame()).isTrue();
  }

  @Example
  void restartMarkersStayInsideTheEntropyCodedData() {
    // 64 px wide gray with a restart interval of 2 MCUs: RST markers inside the one scan's data
    List<Segment> pieces = JpegSegments.parse(Seeds.jpeg(Seeds.photo(64, 16, true), 0.9f, null, 2, false));

    Segment data = pieces.stream().filter(p -> p.kind() == Kind.ENTROPY).findFirst().orElseThrow();
    assertThat(pieces.stream().filter(p -> p.kind() == Kind.ENTROPY)).hasSize(1);
    assertThat(containsRestartMarker(data.bytes())).isTrue();
  }

  @Example
  void aSecondSoiIsATwoByteMarkerAndTheBytesAfterItAreRead() {
    byte[] seed = Seeds.jpeg(Seeds.photo(16, 16, false), 0.9f, "420", 0, false);
    byte[] mutated = new JpegMutations.HideBehindSoi(0, 0, false).apply(seed).bytes();

    List<Segment> pieces = JpegSegments.parse(mutated);

    assertThat(pieces.stream().filter(Segment::isFrame)).hasSize(2);
    assertThat(pieces.stream().filter(p -> p.is(0xD8))).hasSize(2);
  }

  private static boolean containsRestartMarker(byte[] d) {
    for (int i = 0; i + 1 < d.length; i++) {
      if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) >= 0xD0 && (d[i + 1] & 0xFF) <= 0xD7) {
        return true;
      }
    }
    return false;
  }
}
