package dev.eventpipeline.thumbnail.image.jpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.TestImages;
import dev.eventpipeline.thumbnail.image.FailureReason;
import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.Pixels;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard ({@link HeaderReader}) and the decoder ({@link JpegDecoder}) walk a JPEG's segments with
 * the same {@link JpegSegments} and parse its frame with the same {@link JpegFrame}: whatever sits
 * between the segments, they see the same frame or both refuse the file, and nothing is allocated
 * from a size the guard did not check.
 */
class JpegStructureTest {
  private static final byte[] BASELINE = TestImages.jpeg(JpegDecoderTest.noisyPhoto(100, 100), 0.9f, false);
  private static final byte[] PROGRESSIVE = TestImages.jpeg(JpegDecoderTest.noisyPhoto(100, 100), 0.9f, true);
  private static final Thumbnailer THUMBNAILER = new Thumbnailer(ThumbnailSettings.defaults());

  // ---- the crafted files of the issue: a guard that reads one frame and a decoder that reads another ----

  @Test
  void aSecondSoiIsCorruptToBothNeverASegmentWithALength() {
    // FFD8 followed by a "length" that would skip the 100x100 frame and land on a hidden 16000x16000 one.
    byte[] hidden = sof(16000, 16000);
    int sof = find(BASELINE, 0xC0);
    byte[] crafted = concat(slice(BASELINE, 0, sof), new byte[] {(byte) 0xFF, (byte) 0xD8, 0, (byte) (2 + sofLength(sof))},
        slice(BASELINE, sof, BASELINE.length));
    crafted = insert(crafted, sof + 4 + sofLength(sof), hidden);

    assertRefusedFast(crafted, FailureReason.CORRUPT, "second start-of-image");
  }

  @Test
  void aSecondFrameHeaderIsCorruptWhereverItIs() {
    int sof = find(BASELINE, 0xC0);
    byte[] beforeScan = insert(BASELINE, find(BASELINE, 0xDA), sof(16000, 16000));
    byte[] afterScan = insert(BASELINE, BASELINE.length - 2, sof(16000, 16000)); // before EOI
    byte[] sameSize = insert(BASELINE, sof, sof(100, 100));

    assertRefusedFast(beforeScan, FailureReason.CORRUPT, "second frame header");
    // The guard stops at the first scan (it has seen the frame); the decoder walks on and refuses.
    assertDecoderRefuses(afterScan, FailureReason.CORRUPT, "second frame header");
    assertRefusedFast(sameSize, FailureReason.CORRUPT, "second frame header");
  }

  @Test
  void theDecoderRefusesAFrameOtherThanTheOneTheGuardRead() {
    ImageHeader other = new ImageHeader(ImageFormat.JPEG, 100, 99, 1, 9900, 1, null, 8, 0, 0);

    assertThatThrownBy(() -> JpegDecoder.decode(BASELINE, 1, other, 100_000_000, 1L << 30))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT))
        .hasMessageContaining("100x100 but its header was read as 100x99");
  }

  // ---- stray markers, fill bytes and junk: both skip them the same way ----

  @ParameterizedTest
  @ValueSource(strings = {"FF01", "FFD3", "FFFFFF", "0102FF00", "FFD0FFD7FF01FFFF"})
  void strayMarkersFillAndJunkBetweenSegmentsChangeNothing(String hex) {
    byte[] extra = java.util.HexFormat.of().parseHex(hex);
    Pixels reference = JpegDecoder.decode(BASELINE, 1);
    for (int marker : new int[] {0xDB, 0xC0, 0xC4, 0xDA}) {
      byte[] data = insert(BASELINE, find(BASELINE, marker), extra);

      ImageHeader header = HeaderReader.read(data);
      assertThat(header.width()).isEqualTo(100);
      assertThat(header.height()).isEqualTo(100);
      assertThat(JpegDecoder.decode(data, 1).data()).as("%s before 0x%x", hex, marker).isEqualTo(reference.data());
    }
  }

  @Test
  void strayMarkersBetweenProgressiveScansChangeNothing() {
    Pixels reference = JpegDecoder.decode(PROGRESSIVE, 1);
    List<Integer> scans = offsets(PROGRESSIVE, 0xDA);
    byte[] data = PROGRESSIVE;
    for (int i = scans.size() - 1; i > 0; i--) {
      data = insert(data, scans.get(i), java.util.HexFormat.of().parseHex("FF01FFD5FFFF"));
    }

    assertThat(JpegDecoder.decode(data, 1).data()).isEqualTo(reference.data());
  }

  // ---- structure errors: the same answer from both ----

  @Test
  void endOfImageBeforeTheFirstScanIsCorrupt() {
    byte[] data = concat(slice(BASELINE, 0, find(BASELINE, 0xDA)), new byte[] {(byte) 0xFF, (byte) 0xD9});

    assertRefusedFast(data, FailureReason.CORRUPT, "no image data");
  }

  @Test
  void aSegmentRunningPastTheEndIsCorrupt() {
    byte[] data = slice(BASELINE, 0, find(BASELINE, 0xC4) + 10);

    assertRefusedFast(data, FailureReason.CORRUPT, "runs past the end");
  }

  @Test
  void aFrameHeaderWhoseLengthDisagreesWithItsComponentCountIsCorrupt() {
    byte[] data = BASELINE.clone();
    int sof = find(data, 0xC0);
    data[sof + 9] = 4; // 4 components declared in a 3-component (17-byte) header

    assertRefusedFast(data, FailureReason.CORRUPT, "components in");
  }

  @Test
  void badSamplingFactorsAndTableIdsAreCorrupt() {
    byte[] sampling = BASELINE.clone();
    sampling[find(sampling, 0xC0) + 11] = 0x50; // H=5
    byte[] table = BASELINE.clone();
    table[find(table, 0xC0) + 12] = 9;

    assertRefusedFast(sampling, FailureReason.CORRUPT, "invalid sampling");
    assertRefusedFast(table, FailureReason.CORRUPT, "invalid sampling");
  }

  @Test
  void scanHeadersNamingMissingTablesOrImpossibleSpectraAreCorrupt() {
    byte[] huffmanId = BASELINE.clone();
    int sos = find(huffmanId, 0xDA);
    huffmanId[sos + 6] = 0x55; // component 1 uses DC/AC table 5
    assertDecoderRefuses(huffmanId, FailureReason.CORRUPT, "Huffman table 5/5");

    // progressive: an AC scan whose spectral selection ends past coefficient 63
    byte[] spectrum = PROGRESSIVE.clone();
    int acScan = offsets(spectrum, 0xDA).stream().filter(o -> (spectrum[o + 4] & 0xFF) == 1
        && (spectrum[o + 7] & 0xFF) > 0).findFirst().orElseThrow();
    spectrum[acScan + 8] = 64;
    assertDecoderRefuses(spectrum, FailureReason.CORRUPT, "Se=64");

    byte[] approximation = PROGRESSIVE.clone();
    int first = offsets(approximation, 0xDA).get(0);
    approximation[first + 4 + 1 + 2 * (approximation[first + 4] & 0xFF) + 2] = (byte) 0xE0; // Ah=14, Al=0
    assertDecoderRefuses(approximation, FailureReason.CORRUPT, "Ah=14");
  }

  @Test
  void overSubscribedHuffmanTablesAndShortQuantizationTablesAreCorrupt() {
    byte[] huffman = BASELINE.clone();
    int dht = find(huffman, 0xC4);
    huffman[dht + 5] = 3; // three codes of one bit
    assertDecoderRefuses(huffman, FailureReason.CORRUPT, "Huffman table");

    byte[] quant = BASELINE.clone();
    int dqt = find(quant, 0xDB);
    quant[dqt + 4] = (byte) (quant[dqt + 4] | 0x10); // 16-bit entries: 128 bytes in a 64-byte table
    assertDecoderRefuses(quant, FailureReason.CORRUPT, "quantization table");
  }

  // ---- limits where memory is allocated ----

  @Test
  void aDecodeOverTheByteLimitIsRefusedBeforeItAllocates() {
    byte[] big = TestImages.jpeg(new java.awt.image.BufferedImage(4000, 3000, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), 0.5f, false);
    ImageHeader header = HeaderReader.read(big);

    long allocated = allocatedBy(() -> {
      assertThatThrownBy(() -> JpegDecoder.decode(big, 1, header, 100_000_000, 16L * 1024 * 1024))
          .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS))
          .hasMessageContaining("over the 16777216-byte decode limit");
      return null;
    });
    assertThat(allocated).isLessThan(1024 * 1024);
    // at 1/8 the same image needs a sixty-fourth of that, and decodes
    assertThat(JpegDecoder.decode(big, 8, header, 100_000_000, 16L * 1024 * 1024).width()).isEqualTo(500);
  }

  @Test
  void theDecoderChecksThePixelLimitItself() {
    byte[] data = BASELINE.clone();
    ImageHeader header = HeaderReader.read(data);

    assertThatThrownBy(() -> JpegDecoder.decode(data, 1, header, 9_999, 1L << 30))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS));
  }

  // ---- helpers ----

  /** Refused by the guard and by the Thumbnailer with {@code reason}, in little memory. */
  private static void assertRefusedFast(byte[] data, FailureReason reason, String detail) {
    long allocated = allocatedBy(() -> {
      assertThatThrownBy(() -> HeaderReader.read(data))
          .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .hasMessageContaining(detail);
      assertThatThrownBy(() -> THUMBNAILER.create(data))
          .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .hasMessageContaining(detail);
      return null;
    });
    assertThat(allocated).as("bytes allocated to refuse it").isLessThan(2L * 1024 * 1024);
  }

  /** The guard passes (the header is fine); the decoder refuses. */
  private static void assertDecoderRefuses(byte[] data, FailureReason reason, String detail) {
    ImageHeader header = HeaderReader.read(data);
    assertThatThrownBy(() -> JpegDecoder.decode(data, 1, header, 100_000_000, 1L << 30))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(detail);
    assertThatThrownBy(() -> THUMBNAILER.create(data))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static long allocatedBy(Supplier<Void> work) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    work.get();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  /** A baseline frame header declaring w x h, three components, 4:2:0. */
  private static byte[] sof(int w, int h) {
    return new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 3,
        1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
  }

  private int sofLength(int sof) {
    return (BASELINE[sof + 2] & 0xFF) << 8 | (BASELINE[sof + 3] & 0xFF);
  }

  /** Offset of the first marker segment {@code FF marker} in the header (found by the segment walk itself). */
  private static int find(byte[] data, int marker) {
    return offsets(data, marker).get(0);
  }

  private static List<Integer> offsets(byte[] data, int marker) {
    List<Integer> found = new ArrayList<>();
    JpegSegments segments = new JpegSegments(data);
    for (int m = segments.next(); m >= 0 && m != JpegSegments.EOI; m = segments.next()) {
      if (m == marker) {
        found.add(segments.start() - 4);
      }
      if (m == JpegSegments.SOS) {
        segments.resumeAt(nextMarker(data, segments.end()));
      }
    }
    return found;
  }

  /** The next marker after entropy-coded data starting at {@code from} (RSTn are part of the data). */
  private static int nextMarker(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      int next = data[i + 1] & 0xFF;
      if ((data[i] & 0xFF) == 0xFF && next != 0 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
        return i;
      }
    }
    return data.length;
  }

  private static byte[] insert(byte[] data, int at, byte[] extra) {
    return concat(slice(data, 0, at), extra, slice(data, at, data.length));
  }

  private static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
