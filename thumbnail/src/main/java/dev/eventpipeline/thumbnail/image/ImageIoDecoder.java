package dev.eventpipeline.thumbnail.image;

import dev.eventpipeline.thumbnail.image.jpeg.JpegHeaderReader;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadUpdateListener;

/**
 * Decodes through ImageIO (the JDK's PNG, GIF and BMP readers; TwelveMonkeys' JPEG, WebP and TIFF
 * readers), first frame or page only, with source subsampling when the full image would not fit the
 * decode budget.
 *
 * <p>Before the reader reads a pixel, what it will allocate is worked out from its own view of the
 * image, in long arithmetic: its frame (width x height) against the pixel limit and against what
 * {@link HeaderReader} declared (they must describe the same frame), then the bytes of the decode
 * against the byte limit: the destination raster at the chosen subsampling (from the reader's first
 * image type: bands and bits per sample), three rows at full width (the rows readers decode into),
 * the copies made from the raster here (at most 8 bytes a pixel), a GIF's canvas, WebP's full-size
 * buffer when subsampled, and one TIFF tile: an estimate of the decode's working set, not a count of
 * every allocation. Not bounded by it: what a reader allocates beyond that (TwelveMonkeys' lossy WebP
 * decoder churned about 100 bytes of short-lived garbage per pixel of a noisy 12 MP image; the JDK's
 * JPEG decoder works in native memory), which the pixel limit and the time limit bound instead.
 *
 * <p>The decode has a time limit: when it passes, a shared timer thread makes the input fail every
 * further read ({@link DeadlineImageInputStream}) and calls {@code reader.abort()}, the next progress
 * report on the reading thread calls it again, and the image is refused. abort() from the timer alone
 * is not enough: the JDK's JPEG reader refuses it from another thread, TwelveMonkeys' WebP reader checks
 * it only once the image is decoded, and a read() that starts after it clears it. The PNG, GIF, BMP and
 * TIFF readers honour it between rows; the failing read stops WebP; the abort from the reading thread
 * stops JPEG, even once its data is exhausted.
 */
public final class ImageIoDecoder {
  static {
    ImageIO.setUseCache(false); // no temp files: everything is in memory already
    ImageIO.scanForPlugins(); // the function's class loader may not be the one ImageIO scanned at start
  }

  /** The largest array the JVM allocates (a little under Integer.MAX_VALUE elements). */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /** Bits a pixel is assumed to take when the reader cannot tell before reading: 16-bit RGBA. */
  private static final long UNKNOWN_BITS_PER_PIXEL = 64;
  /** Expires decodes at their deadline; daemon, so it never keeps a JVM alive. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  /** Decoded pixels and, when the reader attached one, the non-sRGB profile they are in. */
  public record Decoded(Pixels pixels, ICC_Profile profile) {}

  /**
   * What one decode may cost.
   *
   * @param maxPixels most pixels in the reader's frame
   * @param maxBytes most bytes the decode may allocate, as estimated before it starts
   * @param timeLimit longest the reader may take
   */
  public record Limits(long maxPixels, long maxBytes, Duration timeLimit) {}

  private ImageIoDecoder() {}

  public static Decoded decode(byte[] data, ImageHeader header, int subsampling, Limits limits) {
    ImageReader reader = readerFor(header.format());
    DeadlineImageInputStream in = new DeadlineImageInputStream(data);
    Deadline deadline = new Deadline(in, reader);
    deadline.start(limits.timeLimit());
    try {
      reader.setInput(in, true, true);
      checkBeforeRead(data, reader, header, subsampling, limits);
      ImageReadParam param = reader.getDefaultReadParam();
      if (subsampling > 1) {
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      if (in.expired()) {
        throw ImageRejectedException.overDecodeTime(limits.timeLimit(), null);
      }
      return toPixels(image);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageRejectedException rejected) {
        throw rejected;
      }
      if (in.expired()) {
        throw ImageRejectedException.overDecodeTime(limits.timeLimit(), e);
      }
      throw new ImageRejectedException(FailureReason.CORRUPT,
          "could not decode the " + header.format() + " image: " + message(e), e);
    } finally {
      deadline.end();
      reader.dispose();
    }
  }

  /** The reader's frame against the limits and the header, and the bytes it will allocate against the byte limit. */
  private static void checkBeforeRead(byte[] data, ImageReader reader, ImageHeader header, int sub, Limits limits)
      throws IOException {
    ImageFormat format = header.format();
    int w = reader.getWidth(0);
    int h = reader.getHeight(0);
    if (w <= 0 || h <= 0) {
      throw ImageRejectedException.corrupt(format + " reader reports a " + w + "x" + h + " image");
    }
    if ((long) w * h > limits.maxPixels()) {
      throw new ImageRejectedException(FailureReason.TOO_MANY_PIXELS,
          format + " frame declares " + w + "x" + h + " pixels, over the " + limits.maxPixels() + "-pixel limit");
    }
    if ((long) w * h > Integer.MAX_VALUE) { // ImageReader.getDestination refuses it, even subsampled
      throw ImageRejectedException.overDecodeBytes(format + " frame of " + w + "x" + h
          + " pixels is more than ImageIO decodes (2^31 - 1)");
    }
    if (!sameFrame(header, w, h)) {
      throw ImageRejectedException.corrupt(format + " decoder reads a " + w + "x" + h + " frame where the header declares "
          + header.width() + "x" + header.height());
    }
    SampleModel model = destinationModel(reader);
    long bits = model != null ? bitsPerPixel(model) : UNKNOWN_BITS_PER_PIXEL;
    long dw = ceilDiv(w, sub);
    long dh = ceilDiv(h, sub);
    long raster = times(rowBytes(dw, bits), dh);
    long rows = times(3, rowBytes(w, bits));
    long copies = times(8, times(dw, dh));
    long extra = 0;
    if (format == ImageFormat.GIF) {
      extra = times(4, times(ceilDiv(header.width(), sub), ceilDiv(header.height(), sub))); // Thumbnailer's canvas
    } else if (format == ImageFormat.WEBP && sub > 1) {
      extra = times(4, times(w, h)); // TwelveMonkeys decodes lossless WebP at full size, then subsamples
    } else if (format == ImageFormat.TIFF && reader.isImageTiled(0)) {
      extra = times(rowBytes(reader.getTileWidth(0), bits), reader.getTileHeight(0));
    } else if (format == ImageFormat.JPEG) {
      extra = JpegHeaderReader.coefficientBytes(data);
    }
    long total = plus(plus(raster, rows), plus(copies, extra));
    if (total > limits.maxBytes()) {
      throw ImageRejectedException.overDecodeBytes(format + " decode would allocate about " + total + " bytes (" + dw + "x" + dh
          + " pixels at " + bits + " bits), over the " + limits.maxBytes() + "-byte limit");
    }
    long elementBytes = model != null ? Math.max(1, DataBuffer.getDataTypeSize(model.getDataType()) / 8) : 1;
    long largestArray = Math.max(Math.max(raster / elementBytes, times(4, times(dw, dh))), Math.max(rowBytes(w, bits), extra));
    if (largestArray > MAX_ARRAY) {
      throw ImageRejectedException.overDecodeBytes(format + " decode needs an array of " + largestArray
          + " elements, more than Java can allocate");
    }
  }

  /**
   * Whether the reader's frame is the one the header declared: the same size, except a GIF's first
   * frame and an animated WebP's frame, which must lie within the canvas the header counted.
   */
  private static boolean sameFrame(ImageHeader header, int w, int h) {
    return switch (header.format()) {
      case GIF -> (long) header.frameLeft() + w <= header.width() && (long) header.frameTop() + h <= header.height();
      case WEBP -> w <= header.width() && h <= header.height();
      default -> w == header.width() && h == header.height();
    };
  }

  /**
   * The sample layout of the reader's first image type, which ImageReader.getDestination allocates by
   * default; null when the reader cannot say before it reads (the JDK's BMP reader for an embedded PNG
   * or JPEG throws here).
   */
  private static SampleModel destinationModel(ImageReader reader) throws IOException {
    try {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      return types != null && types.hasNext() ? types.next().getSampleModel() : null;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  private static long bitsPerPixel(SampleModel model) {
    if (model instanceof MultiPixelPackedSampleModel packed) {
      return packed.getPixelBitStride();
    }
    return (long) model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType());
  }

  private static long rowBytes(long pixels, long bits) {
    long b = times(pixels, bits);
    return b == Long.MAX_VALUE ? b : (b + 7) / 8;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** a * b for non-negative values, Long.MAX_VALUE when it overflows. */
  private static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long plus(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "imageio-decode-deadline");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * One decode's time limit. At the limit, the timer thread expires the input (every further read
   * throws) and asks the reader to abort; then, on the reading thread, the next progress or row update
   * the reader reports aborts it again, which is how the JDK's JPEG reader (which refuses abort() from
   * another thread, and once its data is exhausted reads no more) is stopped.
   */
  private static final class Deadline implements Runnable, IIOReadProgressListener, IIOReadUpdateListener {
    private final DeadlineImageInputStream in;
    private final ImageReader reader;
    private ScheduledFuture<?> task;
    private boolean ended;

    Deadline(DeadlineImageInputStream in, ImageReader reader) {
      this.in = in;
      this.reader = reader;
    }

    synchronized void start(Duration limit) {
      reader.addIIOReadProgressListener(this);
      reader.addIIOReadUpdateListener(this);
      task = TIMER.schedule(this, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** At the limit, on the timer thread. */
    @Override
    public synchronized void run() {
      if (ended) {
        return; // never touch a reader that is being disposed
      }
      in.expire();
      try {
        reader.abort();
      } catch (RuntimeException e) {
        // the JDK's JPEG reader throws IllegalStateException from another thread: see reported()
      }
    }

    synchronized void end() {
      ended = true;
      task.cancel(false);
    }

    /** On the reading thread, whenever the reader reports progress. */
    private void reported() {
      if (in.expired()) {
        reader.abort();
      }
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
      reported();
    }

    @Override
    public void imageUpdate(ImageReader source, BufferedImage image, int minX, int minY, int width, int height,
        int periodX, int periodY, int[] bands) {
      reported();
    }

    @Override
    public void passStarted(ImageReader source, BufferedImage image, int pass, int minPass, int maxPass, int minX,
        int minY, int periodX, int periodY, int[] bands) {
      reported();
    }

    @Override
    public void passComplete(ImageReader source, BufferedImage image) {
      reported();
    }

    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {}

    @Override
    public void sequenceComplete(ImageReader source) {}

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {}

    @Override
    public void imageComplete(ImageReader source) {}

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {}

    @Override
    public void thumbnailComplete(ImageReader source) {}

    @Override
    public void readAborted(ImageReader source) {}

    @Override
    public void thumbnailPassStarted(ImageReader source, BufferedImage theThumbnail, int pass, int minPass, int maxPass,
        int minX, int minY, int periodX, int periodY, int[] bands) {}

    @Override
    public void thumbnailUpdate(ImageReader source, BufferedImage theThumbnail, int minX, int minY, int width, int height,
        int periodX, int periodY, int[] bands) {}

    @Override
    public void thumbnailPassComplete(ImageReader source, BufferedImage theThumbnail) {}
  }

  private static ImageReader readerFor(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format + " (are the TwelveMonkeys plugins on the class path?)");
    }
    return readers.next();
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  static Decoded toPixels(BufferedImage image) {
    ColorModel model = image.getColorModel();
    ColorSpace space = model.getColorSpace();
    boolean alpha = model.hasAlpha();
    int w = image.getWidth();
    int h = image.getHeight();
    if (space.getType() == ColorSpace.TYPE_CMYK) {
      // Rare (TIFF, or JPEG when the reader keeps CMYK): convert, on the already reduced image.
      BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      new ColorConvertOp(null).filter(image, rgb);
      return new Decoded(fromBgr(rgb), null);
    }
    if (!space.isCS_sRGB() && space instanceof ICC_ColorSpace icc && space.getType() == ColorSpace.TYPE_RGB
        && model instanceof ComponentColorModel) {
      ICC_Profile profile = icc.getProfile();
      return new Decoded(rawSamples(image.getRaster(), model, alpha), ColorProfiles.isSrgb(profile) ? null : profile);
    }
    switch (image.getType()) {
      case BufferedImage.TYPE_3BYTE_BGR:
        return new Decoded(fromBgr(image), null);
      case BufferedImage.TYPE_4BYTE_ABGR:
        return new Decoded(fromAbgr(image), null);
      case BufferedImage.TYPE_INT_RGB:
      case BufferedImage.TYPE_INT_ARGB:
        return new Decoded(fromInt(image, alpha), null);
      default:
        // Indexed, gray, 16-bit, custom layouts: let Java2D convert them.
        BufferedImage copy = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        try {
          g.setComposite(AlphaComposite.Src);
          g.drawImage(image, 0, 0, null);
        } finally {
          g.dispose();
        }
        return new Decoded(alpha ? fromAbgr(copy) : fromBgr(copy), null);
    }
  }

  private static Pixels fromBgr(BufferedImage image) {
    byte[] s = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int n = image.getWidth() * image.getHeight();
    byte[] d = new byte[n * 3];
    for (int i = 0; i < n * 3; i += 3) {
      d[i] = s[i + 2];
      d[i + 1] = s[i + 1];
      d[i + 2] = s[i];
    }
    return new Pixels(image.getWidth(), image.getHeight(), 3, d);
  }

  private static Pixels fromAbgr(BufferedImage image) {
    byte[] s = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int n = image.getWidth() * image.getHeight();
    byte[] d = new byte[n * 4];
    for (int i = 0; i < n * 4; i += 4) {
      d[i] = s[i + 3];
      d[i + 1] = s[i + 2];
      d[i + 2] = s[i + 1];
      d[i + 3] = s[i];
    }
    return new Pixels(image.getWidth(), image.getHeight(), 4, d);
  }

  private static Pixels fromInt(BufferedImage image, boolean alpha) {
    int[] s = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int c = alpha ? 4 : 3;
    byte[] d = new byte[s.length * c];
    for (int i = 0, j = 0; i < s.length; i++, j += c) {
      int p = s[i];
      d[j] = (byte) (p >> 16);
      d[j + 1] = (byte) (p >> 8);
      d[j + 2] = (byte) p;
      if (alpha) {
        d[j + 3] = (byte) (p >>> 24);
      }
    }
    return new Pixels(image.getWidth(), image.getHeight(), c, d);
  }

  /** Samples as stored (in the image's own color space), scaled to 8 bits. */
  private static Pixels rawSamples(Raster raster, ColorModel model, boolean alpha) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int c = alpha ? 4 : 3;
    byte[] d = new byte[w * h * c];
    int[] row = new int[w];
    for (int band = 0; band < c; band++) {
      int shift = Math.max(0, model.getComponentSize(band) - 8);
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, band, row);
        for (int x = 0; x < w; x++) {
          d[(y * w + x) * c + band] = (byte) (row[x] >> shift);
        }
      }
    }
    return new Pixels(w, h, c, d);
  }
}
