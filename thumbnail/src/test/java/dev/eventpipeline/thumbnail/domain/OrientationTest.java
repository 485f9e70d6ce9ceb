package dev.eventpipeline.thumbnail.domain;

import static dev.eventpipeline.thumbnail.TestImages.decode;
import static dev.eventpipeline.thumbnail.TestImages.meanDifference;
import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.TestImages;
import dev.eventpipeline.thumbnail.image.Pixels;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every EXIF orientation ends upright: thumbnails are compared pixel by pixel with the thumbnail of
 * the upright original, not just by their dimensions.
 */
class OrientationTest {
  private final Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults().withSizes(List.of(64)));

  private BufferedImage thumbnail(byte[] source) {
    return decode(thumbnailer.create(source).thumbnails().get(0).data());
  }

  /** recurser/exif-orientation-examples: the same photo stored 9 ways, each with the tag that makes it upright. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void landscapeExampleWithOrientationNIsUpright(int orientation) {
    BufferedImage reference = thumbnail(resource("recurser_Landscape_0_small.jpg"));

    BufferedImage oriented = thumbnail(resource("recurser_Landscape_" + orientation + "_small.jpg"));

    assertThat(oriented.getWidth()).isGreaterThan(oriented.getHeight());
    assertThat(meanDifference(oriented, reference)).as("orientation %d", orientation).isLessThan(6);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void portraitExampleWithOrientationNIsUpright(int orientation) {
    BufferedImage reference = thumbnail(resource("recurser_Portrait_0_small.jpg"));

    BufferedImage oriented = thumbnail(resource("recurser_Portrait_" + orientation + "_small.jpg"));

    assertThat(oriented.getHeight()).isGreaterThan(oriented.getWidth());
    assertThat(meanDifference(oriented, reference)).as("orientation %d", orientation).isLessThan(6);
  }

  @Test
  void theWrongOrientationWouldBeCaught() {
    // Guards the comparison itself: a rotated thumbnail is far from the upright one.
    BufferedImage reference = thumbnail(resource("recurser_Landscape_0_small.jpg"));
    BufferedImage rotated = TestImages.toImage(new Pixels(reference.getWidth(), reference.getHeight(), 3,
        rgb(reference)).oriented(3));

    assertThat(meanDifference(rotated, reference)).isGreaterThan(20);
  }

  /** A generated image whose quadrants are distinct colours, stored transformed, tagged with N. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void generatedQuadrantsTaggedNAreUpright(int orientation) {
    BufferedImage upright = TestImages.quadrants(96, 64);
    Pixels stored = storedFor(new Pixels(96, 64, 3, rgb(upright)), orientation);
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(stored.toBufferedImage(), 0.95f, false), 0xE1,
        TestImages.exifOrientation(orientation));

    BufferedImage out = thumbnail(jpeg);

    assertThat(out.getWidth()).isEqualTo(64);
    assertThat(out.getHeight()).isEqualTo(43);
    assertThat(meanDifference(out, thumbnail(TestImages.jpeg(upright, 0.95f, false)))).isLessThan(6);
  }

  @Test
  void realPhotoTaggedSixMatchesTheUprightOriginal() {
    BufferedImage upright = thumbnail(resource("pillow_hopper.jpg"));

    assertThat(meanDifference(thumbnail(resource("pillow_hopper_orientation_6.jpg")), upright)).isLessThan(8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pillow_hopper_orientation_3.webp", "pillow_hopper_orientation_6.webp"})
  void webpExifOrientationIsApplied(String file) {
    BufferedImage upright = thumbnail(resource("pillow_hopper.webp"));

    assertThat(meanDifference(thumbnail(resource(file)), upright)).isLessThan(10);
  }

  /** The stored form of an upright image for orientation N: the inverse of what a viewer applies. */
  private static Pixels storedFor(Pixels upright, int orientation) {
    return switch (orientation) {
      case 6 -> upright.oriented(8);
      case 8 -> upright.oriented(6);
      default -> upright.oriented(orientation); // 1-5 and 7 are their own inverses
    };
  }

  private static byte[] rgb(BufferedImage image) {
    byte[] d = new byte[image.getWidth() * image.getHeight() * 3];
    for (int y = 0, i = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++, i += 3) {
        int p = image.getRGB(x, y);
        d[i] = (byte) (p >> 16);
        d[i + 1] = (byte) (p >> 8);
        d[i + 2] = (byte) p;
      }
    }
    return d;
  }
}
