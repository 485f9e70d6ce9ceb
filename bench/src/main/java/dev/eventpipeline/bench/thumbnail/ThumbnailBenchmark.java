package dev.eventpipeline.bench.thumbnail;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The thumbnail function's image pipeline (exactly what the handler runs between S3 read and
 * write) on generated photo-like JPEGs (see {@link SyntheticPhoto}): 12 MP (4000x3000, ~3 MB) and
 * 24 MP (6000x4000, ~5.5 MB), baseline and progressive. Budgets (issue 4): 12 MP to 256 px at most
 * 100 ms, to all three sizes at most 130 ms; a 64250x64250 bomb refused in at most 50 ms with at
 * most 20 MB allocated (run with -prof gc for gc.alloc.rate.norm). Run on one core:
 * {@code taskset -c 0 java -jar bench/target/benchmarks.jar ThumbnailBenchmark -prof gc}.
 * The heap matches a 512 MB Lambda function (about 350 MB).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx350m", "-XX:ActiveProcessorCount=1"})
@State(Scope.Benchmark)
public class ThumbnailBenchmark {
  private byte[] jpeg12;
  private byte[] jpeg12Progressive;
  private byte[] jpeg24;
  private byte[] bomb;
  private Thumbnailer to256;
  private Thumbnailer allSizes;

  @Setup(Level.Trial)
  public void setUp() {
    jpeg12 = SyntheticPhoto.jpeg(4000, 3000, 42, false);
    jpeg12Progressive = SyntheticPhoto.jpeg(4000, 3000, 42, true);
    jpeg24 = SyntheticPhoto.jpeg(6000, 4000, 43, false);
    bomb = pixelFlood(SyntheticPhoto.jpeg(260, 260, 1, false));
    to256 = new Thumbnailer(ThumbnailSettings.defaults().withSizes(List.of(256)));
    allSizes = new Thumbnailer(ThumbnailSettings.defaults());
    System.out.printf("%n12 MP JPEG: %,d bytes; progressive: %,d bytes; 24 MP JPEG: %,d bytes%n",
        jpeg12.length, jpeg12Progressive.length, jpeg24.length);
  }

  @Benchmark
  public ThumbnailSet jpeg12mpTo256() {
    return to256.create(jpeg12);
  }

  @Benchmark
  public ThumbnailSet jpeg12mpToAllThreeSizes() {
    return allSizes.create(jpeg12);
  }

  @Benchmark
  public ThumbnailSet progressiveJpeg12mpTo256() {
    return to256.create(jpeg12Progressive);
  }

  @Benchmark
  public ThumbnailSet progressiveJpeg12mpToAllThreeSizes() {
    return allSizes.create(jpeg12Progressive);
  }

  @Benchmark
  public ThumbnailSet jpeg24mpToAllThreeSizes() {
    return allSizes.create(jpeg24);
  }

  /** The reference point of the issue: plain ImageIO decoding every pixel (no resize, no encode). */
  @Benchmark
  public BufferedImage imageIoFullDecode12mp() throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg12));
  }

  @Benchmark
  public Object bomb64250x64250Refused() {
    try {
      return allSizes.create(bomb);
    } catch (ImageRejectedException expected) {
      return expected.reason();
    }
  }

  /** fuzzdb's lottapixel.jpg, rebuilt: real 260x260 data behind a frame header declaring 64250x64250. */
  static byte[] pixelFlood(byte[] jpeg) {
    byte[] copy = jpeg.clone();
    for (int i = 2; i + 8 < copy.length; i++) {
      if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
        copy[i + 5] = (byte) 0xFA;
        copy[i + 6] = (byte) 0xFA;
        copy[i + 7] = (byte) 0xFA;
        copy[i + 8] = (byte) 0xFA;
        return copy;
      }
    }
    throw new IllegalStateException("no SOF0 marker");
  }
}
