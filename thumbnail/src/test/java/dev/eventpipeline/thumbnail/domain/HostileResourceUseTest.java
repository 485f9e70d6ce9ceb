package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.FailureReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.TestImages;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder;
import dev.eventpipeline.thumbnail.image.jpeg.JpegHeaderReader;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Small files that cost a lot of work or memory without declaring many pixels (found in review):
 * repeated JPEG scans, overlapping TIFF directories, repeated compressed PNG metadata, and a
 * progressive CMYK JPEG whose coefficients libjpeg would keep in native memory.
 */
class HostileResourceUseTest {
  private static final Thumbnailer THUMBNAILER = new Thumbnailer(ThumbnailSettings.defaults());

  @Test
  void aSequentialScanOfAComponentAlreadyCodedIsCorrupt() {
    byte[] twoScans = grayJpeg(64, 64, 2, false);

    assertThatThrownBy(() -> THUMBNAILER.create(twoScans))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT))
        .hasMessageContaining("codes component 1 a second time");
    assertThat(THUMBNAILER.create(grayJpeg(64, 64, 1, false)).thumbnails()).isNotEmpty();
  }

  @Test
  void aProgressiveImageOfMoreThanAThousandScansIsCorrupt() {
    byte[] scans = grayJpeg(16, 16, JpegDecoder.MAX_SCANS + 1, true);

    assertThatThrownBy(() -> THUMBNAILER.create(scans))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT))
        .hasMessageContaining("more than 1000 scans");
  }

  @Test
  void theJpegDecoderStopsAtTheDecodeTimeLimit() {
    // 500 DC scans of a 4000x4000 image: each about 2 ms, a second in all; the limit is 1 ms.
    byte[] scans = grayJpeg(4000, 4000, 500, true);
    Thumbnailer hurried = new Thumbnailer(ThumbnailSettings.defaults(), Duration.ofMillis(1));

    assertThatThrownBy(() -> hurried.create(scans))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.RESOURCE_LIMIT))
        .hasMessageContaining("decoding took longer than 0.001 s");
  }

  @Test
  void overlappingTiffDirectoriesAreWalkedInTimeLinearInTheFile() {
    // 10,000 directories, each 4 bytes after the last and sharing 1,000 entries: 10 million entries
    // to walk in a 52 KB file. The walk stops once it has walked as many entries as the file holds.
    byte[] tiff = overlappingTiff(10_000, 1_000);

    ImageHeader header = HeaderReader.read(tiff);

    assertThat(header.frames()).isLessThan(10);
    assertThat(header.width()).isEqualTo(1);
  }

  @Test
  void repeatedCompressedPngMetadataIsReadAFewTimesOnly() {
    // 100 zTXt "Raw profile type exif" chunks, each inflating to 4 MB of zeros (4 KB compressed).
    byte[] png = TestImages.png(TestImages.quadrants(8, 8));
    ByteArrayOutputStream withText = new ByteArrayOutputStream();
    withText.write(png, 0, 33); // signature and IHDR
    byte[] bomb = deflate(new byte[HeaderReader.MAX_METADATA_BYTES - 1]);
    for (int i = 0; i < 100; i++) {
      ByteArrayOutputStream chunk = new ByteArrayOutputStream();
      chunk.writeBytes("Raw profile type exif".getBytes(StandardCharsets.ISO_8859_1));
      chunk.write(0);
      chunk.write(0); // compression method
      chunk.writeBytes(bomb);
      writeChunk(withText, "zTXt", chunk.toByteArray());
    }
    withText.write(png, 33, png.length - 33);

    long allocated = allocatedBy(() -> HeaderReader.read(withText.toByteArray()));

    // 8 blocks of 4 MB (each grown in a ByteArrayOutputStream: about 16 MB of allocation apiece)
    assertThat(allocated).isLessThan((HeaderReader.MAX_METADATA_BLOCKS + 2) * 20L * 1024 * 1024);
  }

  @Test
  void aProgressiveCmykJpegWhoseCoefficientsLibjpegWouldHoldIsRefusedBeforeImageIo() {
    // 10000 x 10000, four components, one DC scan of a few bytes: JpegDecoder leaves CMYK to ImageIO,
    // whose libjpeg would keep 100 M / 64 blocks x 4 x 128 bytes = 800 MB of coefficients natively.
    byte[] cmyk = progressiveJpeg(10_000, 10_000, 4);

    long allocated = allocatedBy(() -> {
      assertThatThrownBy(() -> THUMBNAILER.create(cmyk))
          .isInstanceOfSatisfying(ImageRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS))
          .hasMessageContaining("over the 536870912-byte limit");
      return null;
    });
    assertThat(allocated).isLessThan(16L * 1024 * 1024);
    assertThat(JpegHeaderReader.coefficientBytes(cmyk)).isEqualTo(4L * 1250 * 1250 * 128);
    assertThat(JpegHeaderReader.coefficientBytes(grayJpeg(64, 64, 1, false))).isZero();
  }

  // ---- files ----

  /** A gray JPEG of {@code scans} scans, each coding nothing (DC difference 0, end of block). */
  private static byte[] grayJpeg(int w, int h, int scans, boolean progressive) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0, 67, 0});
    for (int i = 0; i < 64; i++) {
      o.write(1);
    }
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) (progressive ? 0xC2 : 0xC0), 0, 11, 8, (byte) (h >> 8), (byte) h,
        (byte) (w >> 8), (byte) w, 1, 1, 0x11, 0});
    for (int tc = 0; tc < 2; tc++) {
      o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, (byte) (tc << 4), 1});
      o.writeBytes(new byte[15]);
      o.write(0);
    }
    for (int s = 0; s < scans; s++) {
      o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, (byte) (progressive ? 0 : 63), 0});
    }
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return o.toByteArray();
  }

  /** A progressive JPEG of {@code comps} components with one DC scan of a few zero bytes. */
  private static byte[] progressiveJpeg(int w, int h, int comps) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0, 67, 0});
    for (int i = 0; i < 64; i++) {
      o.write(1);
    }
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC2, 0, (byte) (8 + 3 * comps), 8, (byte) (h >> 8), (byte) h,
        (byte) (w >> 8), (byte) w, (byte) comps});
    for (int c = 1; c <= comps; c++) {
      o.writeBytes(new byte[] {(byte) c, 0x11, 0});
    }
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, 0, 1});
    o.writeBytes(new byte[15]);
    o.write(0);
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, (byte) (6 + 2 * comps), (byte) comps});
    for (int c = 1; c <= comps; c++) {
      o.writeBytes(new byte[] {(byte) c, 0});
    }
    o.writeBytes(new byte[3 + 16]);
    o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return o.toByteArray();
  }

  /** A 1x1 TIFF whose first directory points at {@code pages - 1} more, each 4 bytes after the last. */
  private static byte[] overlappingTiff(int pages, int entries) {
    int[][] first = {{256, 3, 1}, {257, 3, 1}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, 0}, {277, 3, 1},
        {278, 3, 1}, {279, 4, 1}};
    int ifd0 = 8;
    int pixel = ifd0 + 2 + 12 * first.length + 4;
    int base = (pixel + 4 + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(base + 4 * (pages - 2) + 2 + 12 * entries + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort(0, (short) 0x4949).putShort(2, (short) 42).putInt(4, ifd0);
    int p = ifd0;
    b.putShort(p, (short) first.length);
    p += 2;
    for (int[] e : first) {
      b.putShort(p, (short) e[0]).putShort(p + 2, (short) e[1]).putInt(p + 4, 1);
      int value = e[0] == 273 ? pixel : e[2];
      if (e[1] == 3) {
        b.putShort(p + 8, (short) value);
      } else {
        b.putInt(p + 8, value);
      }
      p += 12;
    }
    b.putInt(p, base);
    b.put(pixel, (byte) 0x80);
    for (int k = 1; k < pages; k++) {
      int o = base + 4 * (k - 1);
      b.putShort(o, (short) entries); // entries of zeros: tag 0, ignored
    }
    for (int k = 1; k < pages; k++) {
      int o = base + 4 * (k - 1);
      b.putInt(o + 2 + 12 * entries, k < pages - 1 ? o + 4 : 0);
    }
    return b.array();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(9);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    out.writeBytes(len.array());
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static long allocatedBy(java.util.function.Supplier<?> work) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    work.get();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
