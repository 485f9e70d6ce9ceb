package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.BASIS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.COUNTS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.SELECT;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.SLOTS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.USEFUL;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.ZIGZAG;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.FailureReason;
import dev.eventpipeline.thumbnail.domain.ImageFormat;
import dev.eventpipeline.thumbnail.domain.ImageRejectedException;
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
  /** Progressive below 1/8: the AC coefficients that weigh in at this scale, their slots, a block's stretch. */
  private final long useful;
  private final byte[] slots;
  private final int acStride;

  // bit reader
  private int pos;
  private long buf;
  private int bits;
  private int padBytes;
  private boolean hitMarker;
  private boolean eof;
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
  private boolean adobe;
  private int adobeTransform = -1;
  private int eobrun;
  private final float[] acc;
  private final int[] acPositions = new int[64];
  private final int[] acValues = new int[64];

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
    this.acc = new float[nn];
    this.useful = USEFUL[n];
    this.slots = SLOTS[n];
    int kept = Long.bitCount(useful);
    this.acStride = n == 1 ? 0 : kept + (kept < 63 ? 1 : 0); // the unused slot only where some coefficient is unused
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
            adobe = true;
            adobeTransform = d[seg + 11] & 0xFF;
          }
        }
        case JpegSegments.SOS -> {
          pos = end;
          readScan(seg, end);
          segments.resumeAt(Math.max(pos, end));
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
        transformAll(c);
      }
    }
    return toRgb();
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
        bytes += blocks * Short.BYTES + (n > 1 ? blocks * (acStride * Short.BYTES + Long.BYTES) : 0);
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
          c.coefs = new short[c.bplMcu * c.bpcMcu * acStride];
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
      skipEntropyData();
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

  private void skipEntropyData() {
    while (pos + 1 < d.length) {
      if ((d[pos] & 0xFF) == 0xFF) {
        int m = d[pos + 1] & 0xFF;
        if (m != 0 && m != 0xFF && (m < 0xD0 || m > 0xD7)) {
          return;
        }
      }
      pos++;
    }
    throw ImageRejectedException.corrupt("JPEG data is truncated (scan without end)");
  }

  private void decodeScan(Component[] scan, int ss, int se, int ah, int al) {
    resetBits();
    int total = scan.length == 1 ? scan[0].blocksPerLine * scan[0].blocksPerColumn : mcusPerLine * mcusPerColumn;
    int mcu = 0;
    while (mcu < total) {
      for (Component c : scan) {
        c.pred = 0;
      }
      eobrun = 0;
      int stop = restartInterval > 0 ? Math.min(total, mcu + restartInterval) : total;
      if (scan.length == 1) {
        // one component: its blocks in raster order (row and column stepped, not divided out per block)
        Component c = scan[0];
        int row = mcu / c.blocksPerLine;
        int col = mcu % c.blocksPerLine;
        boolean acScan = progressive && ss > 0;
        while (mcu < stop) {
          if (acScan && eobrun > 0) {
            // Blocks inside an end-of-band run, without a call each: nothing to read in a first scan,
            // in a refinement scan one correction bit per coefficient already nonzero in the band
            // (what decodeAcFirst and decodeAcRefine do on entering a block with eobrun > 0).
            int run = Math.min(eobrun, stop - mcu);
            if (ah != 0) {
              refineRun(c, row, col, run, band(ss, se), 1 << al);
            }
            eobrun -= run;
            mcu += run;
            col += run;
            while (col >= c.blocksPerLine) {
              col -= c.blocksPerLine;
              row++;
            }
            continue;
          }
          decodeBlock(c, row, col, ss, se, ah, al);
          mcu++;
          if (++col == c.blocksPerLine) {
            col = 0;
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
      checkNotTruncated();
      // Byte-align and step over the restart marker (or stop at whatever marker comes next).
      resetBits();
      while (pos + 1 < d.length && !((d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) >= 0xD0 && (d[pos + 1] & 0xFF) <= 0xD7)) {
        if ((d[pos] & 0xFF) == 0xFF && d[pos + 1] != 0 && (d[pos + 1] & 0xFF) != 0xFF) {
          break;
        }
        pos++;
      }
      if (pos + 1 < d.length && (d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) >= 0xD0 && (d[pos + 1] & 0xFF) <= 0xD7) {
        pos += 2;
      } else if (mcu < total) {
        break; // data ended early: the missing blocks stay gray, like libjpeg
      }
    }
  }

  private void decodeBlock(Component c, int row, int col, int ss, int se, int ah, int al) {
    if (!progressive) {
      decodeBaseline(c, row, col);
      return;
    }
    int block = row * c.bplMcu + col;
    if (ss == 0) {
      if (ah == 0) {
        c.dcs[block] = (short) (decodeDc(c) << al);
      } else if (readBit() != 0) {
        c.dcs[block] |= (short) (1 << al);
      }
    } else if (ah == 0) {
      decodeAcFirst(c.coefs, c.nonzero, block, c.ac, ss, se, al);
    } else {
      decodeAcRefine(c.coefs, c.nonzero, block, c.ac, ss, se, al);
    }
  }

  /** The next DC difference added to the component's prediction, which is returned. */
  private int decodeDc(Component c) {
    if (bits < 32) {
      fill();
    }
    int f = c.dc.fastDc[(int) (buf >>> (64 - LOOKAHEAD))];
    if (f != 0) { // code and value in one lookup
      int len = f & 0xFF;
      buf <<= len;
      bits -= len;
      return c.pred += f >> 16;
    }
    int t = decodeHuffman(c.dc);
    if (t > 15) {
      throw new CorruptDataException("JPEG DC difference of " + t + " bits");
    }
    return c.pred += t == 0 ? 0 : receiveExtend(t);
  }

  /**
   * One baseline block, folded straight into its n x n output pixels. The bit buffer lives in locals
   * here (written back to the fields around every call that uses them: fill, the long-code path), so
   * the JIT keeps it in registers; the bits consumed, the checks and the arithmetic are those of
   * {@link #decodeHuffman} and {@link #receiveExtend}, in the same order.
   */
  private void decodeBaseline(Component c, int row, int col) {
    long b = buf;
    int nb = bits;
    if (nb < 32) {
      bits = nb;
      fill();
      b = buf;
      nb = bits;
    }
    JpegHuffman dcTable = c.dc;
    int dcIndex = (int) (b >>> (64 - LOOKAHEAD));
    int dcFast = dcTable.fastDc[dcIndex];
    int e = dcTable.lookup[dcIndex];
    int t;
    if (dcFast != 0) { // code and value in one lookup
      int len = dcFast & 0xFF;
      b <<= len;
      nb -= len;
      c.pred += dcFast >> 16;
      t = 0;
    } else if (e != 0) {
      int len = e >>> 8;
      b <<= len;
      nb -= len;
      t = e & 0xFF;
    } else {
      buf = b;
      bits = nb;
      t = decodeHuffman(dcTable);
      b = buf;
      nb = bits;
    }
    if (t != 0) {
      if (t > 15) {
        throw new CorruptDataException("JPEG DC difference of " + t + " bits");
      }
      int diff;
      if (nb >= t) {
        int v = (int) (b >>> (64 - t));
        b <<= t;
        nb -= t;
        diff = v < (1 << (t - 1)) ? v - (1 << t) + 1 : v;
      } else {
        buf = b;
        bits = nb;
        diff = receiveExtend(t);
        b = buf;
        nb = bits;
      }
      c.pred += diff;
    }
    JpegHuffman ac = c.ac;
    int[] lookup = ac.lookup;
    if (n == 1) {
      // Only the DC coefficient counts at 1/8: each AC code and its value bits are skipped together.
      int[] skip = ac.skipAc;
      for (int k = 1; k < 64; ) {
        if (nb < 32) {
          buf = b;
          bits = nb;
          fill();
          b = buf;
          nb = bits;
        }
        int q = skip[(int) (b >>> (64 - LOOKAHEAD))];
        if (q != 0) {
          int len = q & 0xFF;
          b <<= len;
          nb -= len;
          if (q < SKIP_EOB) { // a coefficient: r zeros and itself
            k += q >> 8;
            if (k > 64) {
              throw new CorruptDataException("JPEG block has more than 64 coefficients");
            }
          } else if (q < SKIP_ZRL) {
            break;
          } else {
            k += 16;
          }
          continue;
        }
        buf = b; // a code longer than LOOKAHEAD bits
        bits = nb;
        int rs = decodeHuffman(ac);
        b = buf;
        nb = bits;
        int s = rs & 15;
        int r = rs >> 4;
        if (s == 0) {
          if (r != 15) {
            break;
          }
          k += 16;
          continue;
        }
        k += r;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        b <<= s;
        nb -= s;
        k++;
      }
      buf = b;
      bits = nb;
      int v = round((float) c.pred * c.weights[0]) + 128;
      c.plane[row * c.planeW + col] = (byte) (v < 0 ? 0 : Math.min(v, 255));
      return;
    }
    // The block's nonzero AC coefficients, in stream order, then folded into its pixels.
    int[] positions = acPositions;
    int[] values = acValues;
    int count = 0;
    long useful = USEFUL[n];
    int[] fast = ac.fastAc;
    for (int k = 1; k < 64; k++) {
      if (nb < 32) {
        buf = b;
        bits = nb;
        fill();
        b = buf;
        nb = bits;
      }
      int index = (int) (b >>> (64 - LOOKAHEAD));
      int f = fast[index];
      int v;
      if (f != 0) { // code and value in one lookup
        int len = f & 0xFF;
        b <<= len;
        nb -= len;
        k += (f >> 8) & 15;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        v = f >> 16;
      } else {
        int g = lookup[index];
        int rs;
        if (g != 0) {
          int len = g >>> 8;
          b <<= len;
          nb -= len;
          rs = g & 0xFF;
        } else {
          buf = b;
          bits = nb;
          rs = decodeHuffman(ac);
          b = buf;
          nb = bits;
        }
        int s = rs & 15;
        int r = rs >> 4;
        if (s == 0) {
          if (r != 15) {
            break;
          }
          k += 15;
          continue;
        }
        k += r;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        if (nb < s) {
          buf = b;
          bits = nb;
          fill();
          b = buf;
          nb = bits;
        }
        int x = (int) (b >>> (64 - s));
        b <<= s;
        nb -= s;
        v = x < (1 << (s - 1)) ? x - (1 << s) + 1 : x;
      }
      positions[count] = k;
      values[count] = v;
      count += (int) (useful >>> k) & 1; // kept only when it weighs in at this scale (adding 0 x v changes no sum)
    }
    buf = b;
    bits = nb;
    fold(c, row, col, positions, values, count);
  }

  /**
   * A baseline block's pixels: the DC term, then each AC coefficient's weighted contribution, in
   * stream order (float, so the same sums as transformAll's); at 1/4 the four sums stay in locals.
   */
  private void fold(Component c, int row, int col, int[] positions, int[] values, int count) {
    float[] w = c.weights;
    float dc = c.pred;
    if (nn == 4) {
      float o0 = dc * w[0];
      float o1 = dc * w[1];
      float o2 = dc * w[2];
      float o3 = dc * w[3];
      for (int m = 0; m < count; m++) {
        float v = values[m];
        int base = positions[m] * 4;
        o0 += v * w[base];
        o1 += v * w[base + 1];
        o2 += v * w[base + 2];
        o3 += v * w[base + 3];
      }
      byte[] plane = c.plane;
      int stride = c.planeW;
      int o = row * 2 * stride + col * 2;
      plane[o] = pixel(o0);
      plane[o + 1] = pixel(o1);
      plane[o + stride] = pixel(o2);
      plane[o + stride + 1] = pixel(o3);
      return;
    }
    float[] out = acc;
    int nn = this.nn;
    for (int i = 0; i < nn; i++) {
      out[i] = dc * w[i];
    }
    for (int m = 0; m < count; m++) {
      float v = values[m];
      int base = positions[m] * nn;
      for (int i = 0; i < nn; i++) {
        out[i] += v * w[base + i];
      }
    }
    store(c, row, col, out);
  }

  private void store(Component c, int row, int col, float[] out) {
    byte[] plane = c.plane;
    int stride = c.planeW;
    int base = row * n * stride + col * n;
    for (int j = 0; j < n; j++) {
      int o = base + j * stride;
      for (int i = 0; i < n; i++) {
        int v = round(out[j * n + i]) + 128;
        plane[o + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
      }
    }
  }

  private void decodeAcFirst(short[] coefs, long[] nonzero, int block, JpegHuffman ac, int ss, int se, int al) {
    if (eobrun > 0) {
      eobrun--;
      return;
    }
    int off = block * acStride;
    byte[] slots = this.slots;
    int[] fast = ac.fastAc;
    int[] lookup = ac.lookup;
    long nz = nonzero[block];
    long b = buf; // the bit buffer in locals, as in decodeBaseline
    int nb = bits;
    for (int k = ss; k <= se; ) {
      if (nb < 32) {
        buf = b;
        bits = nb;
        fill();
        b = buf;
        nb = bits;
      }
      int index = (int) (b >>> (64 - LOOKAHEAD));
      int f = fast[index];
      if (f != 0) { // code and value in one lookup
        int len = f & 0xFF;
        b <<= len;
        nb -= len;
        k += (f >> 8) & 15;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        short v = (short) ((f >> 16) * (1 << al));
        coefs[off + slots[k]] = v;
        if (v != 0) {
          nz |= 1L << k;
        }
        k++;
        continue;
      }
      int g = lookup[index];
      int rs;
      if (g != 0) {
        int len = g >>> 8;
        b <<= len;
        nb -= len;
        rs = g & 0xFF;
      } else {
        buf = b;
        bits = nb;
        rs = decodeHuffman(ac);
        b = buf;
        nb = bits;
      }
      int s = rs & 15;
      int r = rs >> 4;
      if (s == 0) {
        if (r < 15) {
          if (nb < r) {
            buf = b;
            bits = nb;
            fill();
            b = buf;
            nb = bits;
          }
          int x = r == 0 ? 0 : (int) (b >>> (64 - r));
          b <<= r;
          nb -= r;
          eobrun = x + (1 << r) - 1;
          break;
        }
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) {
        throw new CorruptDataException("JPEG block has more than 64 coefficients");
      }
      if (nb < s) {
        buf = b;
        bits = nb;
        fill();
        b = buf;
        nb = bits;
      }
      int x = (int) (b >>> (64 - s));
      b <<= s;
      nb -= s;
      short v = (short) ((x < (1 << (s - 1)) ? x - (1 << s) + 1 : x) * (1 << al));
      coefs[off + slots[k]] = v;
      if (v != 0) {
        nz |= 1L << k;
      }
      k++;
    }
    buf = b;
    bits = nb;
    nonzero[block] = nz;
  }

  private void decodeAcRefine(short[] coefs, long[] nonzero, int block, JpegHuffman ac, int ss, int se, int al) {
    int p1 = 1 << al;
    int m1 = -1 << al;
    int off = block * acStride;
    int k = ss;
    if (eobrun <= 0) {
      int[] lookup = ac.lookup;
      int[] refineFast = ac.refineFast;
      long b = buf; // the bit buffer in locals, as in decodeBaseline; in the fields around refineAll
      int nb = bits;
      long nz = nonzero[block];
      long upTo = -1L >>> (63 - se);
      byte[] slots = this.slots;
      long passed = 0; // the nonzero coefficients passed so far, each with a correction bit
      long corrections = 0; // those bits, in stream order (the last one lowest)
      for (; k <= se; ) {
        if (nb < 32) {
          buf = b;
          bits = nb;
          fill();
          b = buf;
          nb = bits;
        }
        int index = (int) (b >>> (64 - LOOKAHEAD));
        int q = refineFast[index];
        int r;
        int value;
        if (q != 0) { // a new coefficient and its sign bit in one lookup
          int len = q & 0xFF;
          b <<= len;
          nb -= len;
          r = (q >> 8) & 15;
          value = (q & REFINE_PLUS) != 0 ? p1 : m1;
        } else {
          int g = lookup[index];
          int rs;
          if (g != 0) {
            int len = g >>> 8;
            b <<= len;
            nb -= len;
            rs = g & 0xFF;
          } else {
            buf = b;
            bits = nb;
            rs = decodeHuffman(ac);
            b = buf;
            nb = bits;
          }
          int s = rs & 15;
          r = rs >> 4;
          value = 0;
          if (s == 0) {
            if (r < 15) {
              if (nb < r) {
                buf = b;
                bits = nb;
                fill();
                b = buf;
                nb = bits;
              }
              int x = r == 0 ? 0 : (int) (b >>> (64 - r));
              b <<= r;
              nb -= r;
              eobrun = (1 << r) + x;
              break;
            }
          } else {
            if (nb < 1) {
              buf = b;
              bits = nb;
              fill();
              b = buf;
              nb = bits;
            }
            value = b < 0 ? p1 : m1;
            b <<= 1;
            nb--;
          }
        }
        // Skip r coefficients that are still zero, giving each nonzero one passed on the way its
        // correction bit, in order; the next zero one (if any is left in k..se) receives the value.
        // The target is the (r+1)-th zero coefficient from k on, found 8 coefficients at a time (usually
        // in the first 8); se + 1 when there are no more than r zeros left in the band.
        // How many correction bits follow is on the critical path to the next code: where the target
        // is found, it is the distance to it less the r zeros passed, without counting the nonzero ones.
        long zeros = (~nz & upTo) >>> k; // bit i: coefficient k + i is zero
        int low = (int) zeros & 0xFF;
        long counts = COUNTS[low]; // loaded while the code is still being looked up
        int target;
        int count;
        long positions;
        if (r < Integer.bitCount(low)) {
          count = (int) (counts >>> (r << 3)) & 0xFF;
          target = k + r + count;
          positions = nz & (-1L << k) & ~(-2L << (target - 1)); // k..target-1 (none when target == k)
        } else {
          int left = r;
          int from = k;
          while (left >= Integer.bitCount(low)) {
            left -= Integer.bitCount(low);
            zeros >>>= 8;
            from += 8;
            if (zeros == 0) {
              break;
            }
            low = (int) zeros & 0xFF;
          }
          target = zeros == 0 ? se + 1 : from + SELECT[low << 3 | left];
          positions = nz & (-1L << k) & ~(-2L << (target - 1));
          count = Long.bitCount(positions);
        }
        long chunk;
        if (count <= 32) { // without a branch on count == 0 (the usual case, but not a predictable one)
          if (nb < count) {
            buf = b;
            bits = nb;
            fill();
            b = buf;
            nb = bits;
          }
          chunk = (b >>> (64 - count)) & ((1L << count) - 1); // 0 when count == 0
          b <<= count;
          nb -= count;
        } else {
          buf = b;
          bits = nb;
          chunk = readBits(count);
          b = buf;
          nb = bits;
        }
        corrections = corrections << count | chunk;
        passed |= positions;
        if (target > se) {
          k = se + 1;
        } else {
          short v = (short) value;
          if (v != 0) {
            coefs[off + slots[target]] = v;
            nz |= 1L << target;
          }
          k = target + 1;
        }
      }
      buf = b;
      bits = nb;
      nonzero[block] = nz;
      if (eobrun > 0) {
        // Only the coefficients already nonzero in k..se get a correction bit.
        long positions = nz & band(k, se);
        int count = Long.bitCount(positions);
        corrections = corrections << count | readBits(count);
        passed |= positions;
        eobrun--;
      }
      correct(coefs, off, passed, corrections, p1);
    } else {
      refineAll(coefs, off, nonzero[block] & band(k, se), p1);
      eobrun--;
    }
  }

  /** The next {@code count} (0..63) bits of the scan, the first one highest. */
  private long readBits(int count) {
    long v = 0;
    for (int left = count; left > 0; ) {
      int take = Math.min(left, 32);
      if (bits < take) {
        fill();
      }
      v = v << take | buf >>> (64 - take);
      buf <<= take;
      bits -= take;
      left -= take;
    }
    return v;
  }

  /** Bits from..to (inclusive) set; none when from > to. */
  private static long band(int from, int to) {
    return from > to ? 0 : (-1L << from) & (-1L >>> (63 - to));
  }

  /**
   * One correction bit for each coefficient in {@code positions} (all nonzero), lowest first. The
   * bits follow one another in the stream with no code between them, so they are read up to 32 at a
   * time, and applied without a branch (they are as good as random): a set bit moves a coefficient
   * whose bit {@code p1} is still clear one step of {@code p1} away from zero.
   */
  private void refineAll(short[] coefs, int off, long positions, int p1) {
    correct(coefs, off, positions, readBits(Long.bitCount(positions)), p1);
  }

  /** {@code run} blocks of a single-component refinement scan from (row, col) on, all inside an end-of-band run. */
  private void refineRun(Component c, int row, int col, int run, long band, int p1) {
    short[] coefs = c.coefs;
    long[] nonzero = c.nonzero;
    for (int i = 0; i < run; i++) {
      int block = row * c.bplMcu + col;
      long positions = nonzero[block] & band;
      if (positions != 0) {
        refineAll(coefs, block * acStride, positions, p1);
      }
      if (++col == c.blocksPerLine) {
        col = 0;
        row++;
      }
    }
  }

  /**
   * Applies the correction bits in {@code chunk}, one per position (the lowest position's bit
   * highest), to the positions that weigh in at this scale; the others are never read.
   */
  private void correct(short[] coefs, int off, long positions, long chunk, int p1) {
    byte[] slots = this.slots;
    for (long todo = positions & useful; todo != 0; todo &= todo - 1) {
      int k = Long.numberOfTrailingZeros(todo);
      int bit = (int) (chunk >>> Long.bitCount(positions & (-2L << k))); // the positions after k have the lower bits
      int z = off + slots[k];
      int c = coefs[z];
      int sign = c >> 31;
      int step = (p1 ^ sign) - sign; // c >= 0 ? p1 : -p1
      int clear = ((c & p1) - 1) >> 31; // all ones when (c & p1) == 0
      coefs[z] = (short) (c + (step & clear & -(bit & 1)));
    }
  }

  /** Progressive: all scans are in; turn each block's coefficients into its reduced pixels. */
  private void transformAll(Component c) {
    if (quant[c.tq] == null) {
      throw ImageRejectedException.corrupt("JPEG component uses an undefined quantization table");
    }
    c.prepareWeights(quant[c.tq], n);
    float[] w = c.weights;
    float[] out = acc;
    short[] dcs = c.dcs;
    short[] coefs = c.coefs;
    long[] nonzero = c.nonzero;
    if (nn == 4) {
      transformAllQuarter(c, dcs, coefs, nonzero, useful, slots, acStride);
    } else {
      for (int row = 0; row < c.bpcMcu; row++) {
        for (int col = 0; col < c.bplMcu; col++) {
          int block = row * c.bplMcu + col;
          int off = block * acStride;
          float dc = dcs[block];
          for (int i = 0; i < nn; i++) {
            out[i] = dc * w[i];
          }
          // the AC coefficients that are nonzero and weigh in at this scale (their weights are not all 0)
          for (long todo = nonzero == null ? 0 : nonzero[block] & useful; todo != 0; todo &= todo - 1) {
            int k = Long.numberOfTrailingZeros(todo);
            int v = coefs[off + slots[k]];
            int base = k * nn;
            for (int i = 0; i < nn; i++) {
              out[i] += v * w[base + i];
            }
          }
          store(c, row, col, out);
        }
      }
    }
    c.dcs = null;
    c.coefs = null;
    c.nonzero = null;
  }

  /** transformAll at 1/4 (2 x 2 pixels per block), the four sums in locals: the same products in the same order. */
  private static void transformAllQuarter(Component c, short[] dcs, short[] coefs, long[] nonzero, long useful,
      byte[] slots, int acStride) {
    float[] w = c.weights;
    byte[] plane = c.plane;
    int stride = c.planeW;
    for (int row = 0; row < c.bpcMcu; row++) {
      for (int col = 0; col < c.bplMcu; col++) {
        int block = row * c.bplMcu + col;
        int off = block * acStride;
        float dc = dcs[block];
        float o0 = dc * w[0];
        float o1 = dc * w[1];
        float o2 = dc * w[2];
        float o3 = dc * w[3];
        for (long todo = nonzero[block] & useful; todo != 0; todo &= todo - 1) {
          int k = Long.numberOfTrailingZeros(todo);
          int v = coefs[off + slots[k]];
          int base = k * 4;
          o0 += v * w[base];
          o1 += v * w[base + 1];
          o2 += v * w[base + 2];
          o3 += v * w[base + 3];
        }
        int o = row * 2 * stride + col * 2;
        plane[o] = pixel(o0);
        plane[o + 1] = pixel(o1);
        plane[o + stride] = pixel(o2);
        plane[o + stride + 1] = pixel(o3);
      }
    }
  }

  /** A level-shifted, clamped sample: exactly what store() writes. */
  private static byte pixel(float sum) {
    int v = round(sum) + 128;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /**
   * Math.round(x), for every float: x + 0.5 is exact in double (the only inexact sums are of floats
   * of 2^52 and more, which both saturate), and floor is one instruction where Math.round(float)
   * branches on the sign and the exponent.
   */
  static int round(float x) {
    return (int) Math.floor(x + 0.5d);
  }

  private Pixels toRgb() {
    int outW = ceilDiv(width * n, 8);
    int outH = ceilDiv(height * n, 8);
    byte[] rgb = new byte[outW * outH * 3];
    if (components.length == 1) {
      Component y = components[0];
      for (int row = 0; row < outH; row++) {
        int src = row * y.planeW;
        int dst = row * outW * 3;
        for (int x = 0; x < outW; x++, dst += 3) {
          byte v = y.plane[src + x];
          rgb[dst] = v;
          rgb[dst + 1] = v;
          rgb[dst + 2] = v;
        }
      }
      return new Pixels(outW, outH, 3, rgb);
    }
    Component c0 = components[0];
    Component c1 = components[1];
    Component c2 = components[2];
    boolean transform = !(adobe ? adobeTransform == 0 : c0.id == 'R' && c1.id == 'G' && c2.id == 'B');
    int[] xs0 = columnMap(c0, outW);
    int[] xs1 = columnMap(c1, outW);
    int[] xs2 = columnMap(c2, outW);
    for (int row = 0; row < outH; row++) {
      int r0 = row * c0.v / maxV * c0.planeW;
      int r1 = row * c1.v / maxV * c1.planeW;
      int r2 = row * c2.v / maxV * c2.planeW;
      int dst = row * outW * 3;
      for (int x = 0; x < outW; x++, dst += 3) {
        int a = c0.plane[r0 + xs0[x]] & 0xFF;
        int b = c1.plane[r1 + xs1[x]] & 0xFF;
        int e = c2.plane[r2 + xs2[x]] & 0xFF;
        if (transform) {
          int cb = b - 128;
          int cr = e - 128;
          int r = a + ((91881 * cr + 32768) >> 16);
          int g = a - ((22554 * cb + 46802 * cr - 32768) >> 16);
          int bl = a + ((116130 * cb + 32768) >> 16);
          rgb[dst] = (byte) (r < 0 ? 0 : Math.min(r, 255));
          rgb[dst + 1] = (byte) (g < 0 ? 0 : Math.min(g, 255));
          rgb[dst + 2] = (byte) (bl < 0 ? 0 : Math.min(bl, 255));
        } else {
          rgb[dst] = (byte) a;
          rgb[dst + 1] = (byte) b;
          rgb[dst + 2] = (byte) e;
        }
      }
    }
    return new Pixels(outW, outH, 3, rgb);
  }

  private int[] columnMap(Component c, int outW) {
    int[] map = new int[outW];
    for (int x = 0; x < outW; x++) {
      map[x] = x * c.h / maxH;
    }
    return map;
  }

  // ---- bits ----

  private void resetBits() {
    buf = 0;
    bits = 0;
    padBytes = 0;
    hitMarker = false;
  }

  /** Data that ran out (end of file) while blocks were still being decoded is a truncated image. */
  private void checkNotTruncated() {
    if (eof && padBytes * 8 - bits > 0) {
      throw ImageRejectedException.corrupt("JPEG data is truncated");
    }
  }

  private void fill() {
    int p = pos;
    if (bits <= 56 && !hitMarker && p + 8 <= d.length) {
      // Fast path: the next 8 bytes hold no 0xFF (no stuffed byte, no marker), so as many whole bytes
      // as fit go in at once; the same bytes, in the same places, as the byte loop below.
      long x = (long) BIG_ENDIAN_LONG.get(d, p);
      long y = ~x; // a zero byte in y is a 0xFF byte in x
      if (((y - 0x0101010101010101L) & ~y & 0x8080808080808080L) == 0) {
        int take = (64 - bits) >>> 3;
        buf |= (x >>> (64 - 8 * take)) << (64 - bits - 8 * take);
        bits += 8 * take;
        pos = p + take;
        return;
      }
    }
    while (bits <= 56) {
      int b;
      if (hitMarker) {
        b = 0;
        padBytes++;
      } else if (pos >= d.length) {
        hitMarker = true;
        eof = true;
        b = 0;
        padBytes++;
      } else {
        b = d[pos] & 0xFF;
        if (b == 0xFF) {
          int next = pos + 1 < d.length ? d[pos + 1] & 0xFF : -1;
          if (next == 0) {
            pos += 2;
          } else if (next == 0xFF) {
            pos++;
            continue;
          } else {
            hitMarker = true;
            eof |= next < 0;
            b = 0;
            padBytes++;
          }
        } else {
          pos++;
        }
      }
      buf |= (long) b << (56 - bits);
      bits += 8;
    }
  }

  private int decodeHuffman(JpegHuffman t) {
    if (bits < 32) {
      fill();
    }
    int e = t.lookup[(int) (buf >>> (64 - LOOKAHEAD))];
    if (e != 0) {
      int len = e >>> 8;
      buf <<= len;
      bits -= len;
      return e & 0xFF;
    }
    for (int l = LOOKAHEAD + 1; l <= 16; l++) {
      int code = (int) (buf >>> (64 - l));
      if (code <= t.maxcode[l]) {
        buf <<= l;
        bits -= l;
        return t.values[t.valptr[l] + code - t.mincode[l]] & 0xFF;
      }
    }
    throw new CorruptDataException("JPEG data has an invalid Huffman code");
  }

  private int receive(int s) {
    if (s == 0) {
      return 0;
    }
    if (bits < s) {
      fill();
    }
    int v = (int) (buf >>> (64 - s));
    buf <<= s;
    bits -= s;
    return v;
  }

  private int receiveExtend(int s) {
    int v = receive(s);
    return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  private int readBit() {
    if (bits < 1) {
      fill();
    }
    int v = (int) (buf >>> 63);
    buf <<= 1;
    bits--;
    return v;
  }

  private int u16(int p) {
    return (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static final class Component {
    int id;
    int h;
    int v;
    int tq;
    int blocksPerLine;
    int blocksPerColumn;
    int bplMcu;
    int bpcMcu;
    int planeW;
    byte[] plane;
    /** Progressive: each block's DC coefficient. */
    short[] dcs;
    /** Progressive, below 1/8: each block's AC coefficients that weigh in at the scale, at their SLOTS. */
    short[] coefs;
    /** Progressive, below 1/8: per block, bit k set exactly when zigzag coefficient k (1..63) is nonzero. */
    long[] nonzero;
    int pred;
    /** Sequential frames: a scan has coded this component. */
    boolean coded;
    JpegHuffman dc;
    JpegHuffman ac;
    float[] weights;
    int[] weightsFor;

    /** weights[k * n*n + j*n + i]: dequantized contribution of zigzag coefficient k to output pixel (i, j). */
    void prepareWeights(int[] q, int n) {
      if (weights != null && weightsFor == q) {
        return;
      }
      float[] basis = BASIS[n];
      int nn = n * n;
      weights = new float[64 * nn];
      for (int k = 0; k < 64; k++) {
        int natural = ZIGZAG[k];
        int u = natural & 7;
        int v = natural >> 3;
        for (int j = 0; j < n; j++) {
          for (int i = 0; i < n; i++) {
            weights[k * nn + j * n + i] = q[k] * basis[u * n + i] * basis[v * n + j];
          }
        }
      }
      weightsFor = q;
    }
  }

  private static final int LOOKAHEAD = JpegHuffman.LOOKAHEAD;
  private static final int SKIP_EOB = JpegHuffman.SKIP_EOB;
  private static final int SKIP_ZRL = JpegHuffman.SKIP_ZRL;
  private static final int REFINE_PLUS = JpegHuffman.REFINE_PLUS;

  private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
