package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.image.FailureReason;
import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.Pixels;
import java.time.Duration;

/**
 * A JPEG decoder that decodes straight to a reduced size (shrink-on-load), the way libjpeg's
 * scale_denom does: at 1/8 only the DC coefficient of each 8x8 block is used (the block's mean, an
 * exact box filter), at 1/4 and 1/2 each block yields 2x2 or 4x4 pixels, each the exact mean of the
 * full-resolution pixels under it. Coefficients are folded into the output as they are decoded, so a
 * baseline image never has a full-size buffer; a progressive image keeps its coefficients (or only
 * the DC ones at 1/8, skipping every AC scan).
 *
 * <p>Handles baseline and extended (SOF0/SOF1) and progressive (SOF2) 8-bit Huffman JPEGs with one
 * (gray) or three (YCbCr, or RGB per Adobe/ids) components, any sampling factors and restart
 * intervals. Anything else (CMYK/YCCK, arithmetic, 12-bit) is refused with
 * {@link UnsupportedVariantException} so the caller can use ImageIO instead.
 */
public final class JpegDecoder {
  /** Thrown for a JPEG variant this decoder leaves to ImageIO (not an error in the image). */
  public static final class UnsupportedVariantException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedVariantException(String message) {
      super(message);
    }
  }

  /**
   * Broken entropy-coded data (a bad Huffman code, a block overrun). libjpeg resynchronises on such
   * data with a warning, so the caller retries with ImageIO rather than refusing the image outright.
   */
  public static final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
      super(message);
    }
  }

  private final byte[] d;
  private final int n; // output pixels per block edge: 8 / scale denominator
  private final int nn;
  private final ReducedIdct idct;
  private final BitReader in;
  private final BaselineBlocks baselineBlocks;
  private final ProgressiveBlocks progressiveBlocks;
  private boolean endOfImage;

  // tables and frame
  private final int[][] quant = new int[4][];
  private final JpegHuffman[] dcTables = new JpegHuffman[4];
  private final JpegHuffman[] acTables = new JpegHuffman[4];
  private Component[] components;
  private boolean progressive;
  private int width;
  private int height;
  private int maxH;
  private int maxV;
  private int mcusPerLine;
  private int mcusPerColumn;
  private int restartInterval;
  /** The Adobe segment's colour transform; -1 without an Adobe segment. */
  private int adobeTransform = -1;

  /** Most scans a progressive image may have (libjpeg-turbo's tools stop at 500; real files have about 10). */
  public static final int MAX_SCANS = 1000;

  private final ImageHeader expected;
  private final long maxPixels;
  private final long maxBytes;
  private final long deadlineNanos;
  private final Duration timeLimit;
  private int scans;

  private JpegDecoder(byte[] data, int denominator, ImageHeader expected, long maxPixels, long maxBytes,
      Duration timeLimit) {
    if (denominator != 1 && denominator != 2 && denominator != 4 && denominator != 8) {
      throw new IllegalArgumentException("scale denominator must be 1, 2, 4 or 8");
    }
    this.d = data;
    this.expected = expected;
    this.maxPixels = maxPixels;
    this.maxBytes = maxBytes;
    this.timeLimit = timeLimit;
    this.deadlineNanos = timeLimit == null ? Long.MAX_VALUE : System.nanoTime() + timeLimit.toNanos();
    this.n = 8 / denominator;
    this.nn = n * n;
    this.idct = new ReducedIdct(n);
    this.in = new BitReader(data);
    this.baselineBlocks = new BaselineBlocks(in, idct);
    this.progressiveBlocks = new ProgressiveBlocks(in, idct);
  }

  /**
   * Decodes at 1/{@code denominator} of the full size (1, 2, 4 or 8): ceil(width/denominator) x
   * ceil(height/denominator), RGB. The frame must be the one the guard read ({@code expected}, from
   * {@link HeaderReader}, which walks the segments with the same {@link JpegSegments}); what the
   * decode would allocate is computed from the frame first and refused over {@code maxBytes}.
   *
   * @throws UnsupportedVariantException for variants left to ImageIO
   * @throws ImageRejectedException CORRUPT for truncated or broken data or a frame other than the
   *     expected one; TOO_MANY_PIXELS over {@code maxPixels} or {@code maxBytes}
   */
  public static Pixels decode(byte[] data, int denominator, ImageHeader expected, long maxPixels, long maxBytes) {
    return decode(data, denominator, expected, maxPixels, maxBytes, null);
  }

  /**
   * As {@link #decode(byte[], int, ImageHeader, long, long)}, refused (RESOURCE_LIMIT) once it has
   * taken longer than {@code timeLimit}: checked at every segment and scan, each of which is bounded
   * by the frame (a scan over 100 M pixels takes about 40 ms), so a file of a thousand scans or a
   * million tables cannot hold the function.
   */
  public static Pixels decode(byte[] data, int denominator, ImageHeader expected, long maxPixels, long maxBytes,
      Duration timeLimit) {
    return new JpegDecoder(data, denominator, expected, maxPixels, maxBytes, timeLimit).run();
  }

  /** Decodes with its own guard: the header read by {@link HeaderReader}, default limits. */
  public static Pixels decode(byte[] data, int denominator) {
    ImageHeader header = HeaderReader.read(data);
    if (header.format() != ImageFormat.JPEG) {
      throw ImageRejectedException.unsupported("not a JPEG: " + header.format());
    }
    return decode(data, denominator, header, ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS,
        ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES);
  }

  /** The smallest scale denominator (1, 2, 4, 8) whose output still has a longest edge of at least {@code target}. */
  public static int denominatorFor(int width, int height, int target) {
    int longest = Math.max(width, height);
    for (int denom = 8; denom > 1; denom >>= 1) {
      if ((longest + denom - 1) / denom >= target) {
        return denom;
      }
    }
    return 1;
  }

  private Pixels run() {
    JpegSegments segments = new JpegSegments(d);
    while (true) {
      if (System.nanoTime() - deadlineNanos > 0) {
        throw ImageRejectedException.overDecodeTime(timeLimit, null);
      }
      int marker = segments.next();
      if (marker == JpegSegments.EOI) {
        endOfImage = true;
        break;
      }
      if (marker == JpegSegments.END_OF_DATA) {
        break;
      }
      int seg = segments.start();
      int end = segments.end();
      switch (marker) {
        case JpegSegments.DQT -> readQuant(seg, end);
        case JpegSegments.DHT -> readHuffman(seg, end);
        case JpegSegments.DRI -> {
          if (end - seg != 2) {
            throw ImageRejectedException.corrupt("JPEG restart interval segment is " + (end - seg) + " bytes long");
          }
          restartInterval = u16(seg);
        }
        case 0xEE -> {
          if (end - seg >= 12 && d[seg] == 'A' && d[seg + 1] == 'd' && d[seg + 2] == 'o' && d[seg + 3] == 'b' && d[seg + 4] == 'e') {
            adobeTransform = d[seg + 11] & 0xFF;
          }
        }
        case JpegSegments.SOS -> {
          in.pos = end;
          readScan(seg, end);
          segments.resumeAt(Math.max(in.pos, end));
        }
        default -> {
          if (JpegSegments.isFrame(marker)) {
            readFrame(JpegFrame.parse(d, seg, end, marker));
          }
        }
      }
    }
    if (components == null) {
      throw ImageRejectedException.corrupt("JPEG has no frame header");
    }
    if (progressive && !endOfImage) {
      // Without its end marker a progressive image may be missing whole refinement scans.
      throw ImageRejectedException.corrupt("JPEG data is truncated (no end-of-image marker)");
    }
    if (progressive) {
      for (Component c : components) {
        if (quant[c.tq] == null) {
          throw ImageRejectedException.corrupt("JPEG component uses an undefined quantization table");
        }
        idct.transformAll(c, quant[c.tq]);
      }
    }
    return JpegColor.toRgb(components, ceilDiv(width * n, 8), ceilDiv(height * n, 8), maxH, maxV, adobeTransform);
  }

  private void readQuant(int p, int end) {
    while (p < end) {
      int pq = (d[p] & 0xFF) >> 4;
      int tq = d[p] & 0x0F;
      p++;
      if (tq > 3 || pq > 1 || p + (pq + 1) * 64 > end) {
        throw ImageRejectedException.corrupt("JPEG quantization table segment is invalid");
      }
      int[] q = new int[64];
      for (int k = 0; k < 64; k++) {
        if (pq == 0) {
          q[k] = d[p++] & 0xFF;
        } else {
          q[k] = u16(p);
          p += 2;
        }
      }
      quant[tq] = q;
    }
  }

  private void readHuffman(int p, int end) {
    while (p < end) {
      int tc = (d[p] & 0xFF) >> 4;
      int th = d[p] & 0x0F;
      p++;
      if (th > 3 || tc > 1 || p + 16 > end) {
        throw ImageRejectedException.corrupt("JPEG Huffman table segment is invalid");
      }
      int[] counts = new int[17];
      int total = 0;
      for (int l = 1; l <= 16; l++) {
        counts[l] = d[p++] & 0xFF;
        total += counts[l];
      }
      if (total > 256 || p + total > end) {
        throw ImageRejectedException.corrupt("JPEG Huffman table is invalid");
      }
      byte[] values = new byte[total];
      System.arraycopy(d, p, values, 0, total);
      p += total;
      (tc == 0 ? dcTables : acTables)[th] = new JpegHuffman(counts, values);
    }
  }

  private void readFrame(JpegFrame frame) {
    if (frame.width() != expected.width() || frame.height() != expected.height()) {
      throw ImageRejectedException.corrupt("JPEG frame is " + frame.width() + "x" + frame.height()
          + " but its header was read as " + expected.width() + "x" + expected.height());
    }
    if (frame.pixels() > maxPixels) {
      throw new ImageRejectedException(FailureReason.TOO_MANY_PIXELS, "JPEG declares " + frame.width() + "x"
          + frame.height() + " = " + frame.pixels() + " pixels, over the " + maxPixels + "-pixel limit");
    }
    int count = frame.components().length;
    if (count != 1 && count != 3) {
      throw new UnsupportedVariantException(count + " components");
    }
    progressive = frame.progressive();
    width = frame.width();
    height = frame.height();
    components = new Component[count];
    for (int i = 0; i < count; i++) {
      JpegFrame.Component fc = frame.components()[i];
      Component c = new Component();
      c.id = fc.id();
      c.h = fc.h();
      c.v = fc.v();
      c.tq = fc.tq();
      maxH = Math.max(maxH, c.h);
      maxV = Math.max(maxV, c.v);
      components[i] = c;
    }
    mcusPerLine = ceilDiv(width, 8 * maxH);
    mcusPerColumn = ceilDiv(height, 8 * maxV);
    long bytes = (long) ceilDiv(width * n, 8) * ceilDiv(height * n, 8) * 3; // the RGB output
    for (Component c : components) {
      if (maxH % c.h != 0 || maxV % c.v != 0) {
        throw new UnsupportedVariantException("fractional sampling factors");
      }
      c.blocksPerLine = ceilDiv(ceilDiv(width * c.h, maxH), 8);
      c.blocksPerColumn = ceilDiv(ceilDiv(height * c.v, maxV), 8);
      c.bplMcu = mcusPerLine * c.h;
      c.bpcMcu = mcusPerColumn * c.v;
      c.planeW = c.bplMcu * n;
      long blocks = (long) c.bplMcu * c.bpcMcu;
      bytes += blocks * nn; // the component's plane
      if (progressive) { // the DC coefficients, below 1/8 the AC ones that weigh in and the nonzero masks
        bytes += blocks * Short.BYTES + (n > 1 ? blocks * (idct.acStride * Short.BYTES + Long.BYTES) : 0);
      }
    }
    if (bytes > maxBytes) {
      throw new ImageRejectedException(FailureReason.TOO_MANY_PIXELS, "decoding this " + width + "x" + height
          + (progressive ? " progressive" : "") + " JPEG at 1/" + (8 / n) + " scale needs " + bytes
          + " bytes, over the " + maxBytes + "-byte decode limit");
    }
    for (Component c : components) {
      c.plane = new byte[c.planeW * c.bpcMcu * n];
      if (progressive) {
        c.dcs = new short[c.bplMcu * c.bpcMcu];
        if (n > 1) {
          c.coefs = new short[c.bplMcu * c.bpcMcu * idct.acStride];
          c.nonzero = new long[c.bplMcu * c.bpcMcu];
        }
      }
    }
  }

  private void readScan(int p, int end) {
    if (components == null) {
      throw ImageRejectedException.corrupt("JPEG scan before its frame header");
    }
    if (++scans > MAX_SCANS) {
      throw ImageRejectedException.corrupt("JPEG has more than " + MAX_SCANS + " scans");
    }
    if (end - p < 1) {
      throw ImageRejectedException.corrupt("JPEG scan header is empty");
    }
    int count = d[p] & 0xFF;
    if (count < 1 || count > components.length || end - p != 4 + 2 * count) {
      throw ImageRejectedException.corrupt("JPEG scan header declares " + count + " components in " + (end - p) + " bytes");
    }
    Component[] scan = new Component[count];
    for (int i = 0; i < count; i++) {
      int id = d[p + 1 + i * 2] & 0xFF;
      int tables = d[p + 2 + i * 2] & 0xFF;
      Component c = null;
      for (Component candidate : components) {
        if (candidate.id == id) {
          c = candidate;
        }
      }
      for (int j = 0; j < i; j++) {
        if (scan[j] == c) {
          c = null; // named twice
        }
      }
      if (c == null) {
        throw ImageRejectedException.corrupt("JPEG scan names unknown or repeated component " + id);
      }
      if (tables >> 4 > 3 || (tables & 15) > 3) {
        throw ImageRejectedException.corrupt("JPEG scan names Huffman table " + (tables >> 4) + "/" + (tables & 15));
      }
      c.dc = dcTables[tables >> 4];
      c.ac = acTables[tables & 15];
      scan[i] = c;
    }
    int q = p + 1 + count * 2;
    int ss = d[q] & 0xFF;
    int se = d[q + 1] & 0xFF;
    int ah = (d[q + 2] & 0xFF) >> 4;
    int al = d[q + 2] & 0x0F;
    if (progressive) {
      // The spectral selection and successive approximation rules of ITU T.81 G.1.1.1.
      boolean dcScan = ss == 0;
      if (se > 63 || ss > se || dcScan && se != 0 || !dcScan && count != 1 || ah > 13 || al > 13
          || ah != 0 && ah != al + 1) {
        throw ImageRejectedException.corrupt("JPEG progressive scan parameters are invalid (Ss=" + ss + " Se=" + se
            + " Ah=" + ah + " Al=" + al + ")");
      }
    } else {
      // A sequential frame codes each component in exactly one scan (T.81 B.2.3): another scan of it
      // would decode every block again, which a few bytes per scan could repeat thousands of times.
      for (Component c : scan) {
        if (c.coded) {
          throw ImageRejectedException.corrupt("JPEG scan codes component " + c.id + " a second time");
        }
        c.coded = true;
      }
      ss = 0; // a sequential scan always carries all 64 coefficients (libjpeg ignores these fields too)
      se = 63;
      ah = 0;
      al = 0;
    }
    if (progressive && ss > 0 && n == 1) {
      // DC-only decoding never needs AC scans: skip their entropy-coded data.
      in.skipEntropyData();
      return;
    }
    for (Component c : scan) {
      if (c.dc == null && ss == 0 && ah == 0 || c.ac == null && (se > 0 && (!progressive || ss > 0))) {
        throw ImageRejectedException.corrupt("JPEG scan uses an undefined Huffman table");
      }
      if (quant[c.tq] == null) {
        throw ImageRejectedException.corrupt("JPEG component uses an undefined quantization table");
      }
      if (!progressive) {
        c.prepareWeights(quant[c.tq], n);
      }
    }
    decodeScan(scan, ss, se, ah, al);
  }

  private void decodeScan(Component[] scan, int ss, int se, int ah, int al) {
    in.reset();
    int total = scan.length == 1 ? scan[0].blocksPerLine * scan[0].blocksPerColumn : mcusPerLine * mcusPerColumn;
    int mcu = 0;
    while (mcu < total) {
      for (Component c : scan) {
        c.pred = 0;
      }
      progressiveBlocks.eobrun = 0;
      int stop = restartInterval > 0 ? Math.min(total, mcu + restartInterval) : total;
      if (scan.length == 1) {
        // one component: its blocks in raster order (row and column stepped, not divided out per block)
        Component c = scan[0];
        int row = mcu / c.blocksPerLine;
        int col = mcu % c.blocksPerLine;
        boolean acScan = progressive && ss > 0;
        while (mcu < stop) {
          int step;
          if (acScan && progressiveBlocks.eobrun > 0) {
            // Blocks inside an end-of-band run, without a call each: nothing to read in a first scan,
            // in a refinement scan one correction bit per coefficient already nonzero in the band
            // (what decodeAcFirst and decodeAcRefine do on entering a block with eobrun > 0).
            step = Math.min(progressiveBlocks.eobrun, stop - mcu);
            if (ah != 0) {
              progressiveBlocks.refineRun(c, row, col, step, ProgressiveBlocks.band(ss, se), 1 << al);
            }
            progressiveBlocks.eobrun -= step;
          } else if (acScan) {
            // the blocks up to the next end-of-band run in one call
            step = progressiveBlocks.acBlocks(c, row, col, stop - mcu, ss, se, ah, al);
          } else {
            decodeBlock(c, row, col, ss, se, ah, al);
            step = 1;
          }
          mcu += step;
          col += step;
          while (col >= c.blocksPerLine) {
            col -= c.blocksPerLine;
            row++;
          }
        }
      } else {
        for (; mcu < stop; mcu++) {
          int mcuRow = mcu / mcusPerLine;
          int mcuCol = mcu % mcusPerLine;
          for (Component c : scan) {
            for (int v = 0; v < c.v; v++) {
              for (int h = 0; h < c.h; h++) {
                decodeBlock(c, mcuRow * c.v + v, mcuCol * c.h + h, ss, se, ah, al);
              }
            }
          }
        }
      }
      in.checkNotTruncated();
      // Byte-align and step over the restart marker (or stop at whatever marker comes next).
      if (!in.nextRestart() && mcu < total) {
        break; // data ended early: the missing blocks stay gray, like libjpeg
      }
    }
  }

  private void decodeBlock(Component c, int row, int col, int ss, int se, int ah, int al) {
    if (!progressive) {
      baselineBlocks.decode(c, row, col);
      return;
    }
    progressiveBlocks.decode(c, row * c.bplMcu + col, ss, se, ah, al);
  }

  private int u16(int p) {
    return (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
