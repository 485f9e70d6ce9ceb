package dev.eventpipeline.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The area filter, and smaller sizes filtered again from a larger one's unrounded result. */
class AreaResizeTest {

  @ParameterizedTest
  @ValueSource(ints = {3, 4})
  void aSizeThatDividesALargerOneIsTheSameAreaFilterButForRounding(int channels) {
    Pixels source = noise(1000, 750, channels);
    AreaResize.Filtered large = AreaResize.filter(source, 512, 384);

    for (int factor : new int[] {2, 4}) {
      Pixels chained = large.shrink(512 / factor, 384 / factor).toPixels();
      Pixels direct = AreaResize.resize(source, 512 / factor, 384 / factor);

      assertThat(chained.width()).isEqualTo(direct.width());
      assertThat(chained.height()).isEqualTo(direct.height());
      int differing = 0;
      for (int i = 0; i < direct.data().length; i++) {
        int d = Math.abs((chained.data()[i] & 0xFF) - (direct.data()[i] & 0xFF));
        assertThat(d).as("sample %d", i).isLessThanOrEqualTo(1); // a float sum rounded the other way at .5
        differing += d;
      }
      assertThat(differing).isLessThan(direct.data().length / 1000);
    }
  }

  @Test
  void resizeIsTheRoundedFilter() {
    Pixels source = noise(333, 251, 3);

    assertThat(AreaResize.resize(source, 100, 75).data()).isEqualTo(AreaResize.filter(source, 100, 75).toPixels().data());
  }

  @Test
  void dividesOnlyByWholeFactorsInBothDimensions() {
    AreaResize.Filtered f = AreaResize.filter(noise(64, 48, 3), 32, 24);

    assertThat(f.dividesInto(16, 12)).isTrue();
    assertThat(f.dividesInto(8, 6)).isTrue();
    assertThat(f.dividesInto(16, 11)).isFalse();
    assertThat(f.dividesInto(64, 48)).isFalse();
    assertThat(f.dividesInto(0, 0)).isFalse();
    assertThatThrownBy(() -> f.shrink(33, 24)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Pixels noise(int w, int h, int channels) {
    SplittableRandom random = new SplittableRandom(5);
    byte[] data = new byte[w * h * channels];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    return new Pixels(w, h, channels, data);
  }
}
