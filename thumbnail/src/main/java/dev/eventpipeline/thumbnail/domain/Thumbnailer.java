package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.OutputFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.FailureReason;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.image.AreaResize;
import dev.eventpipeline.thumbnail.image.ColorProfiles;
import dev.eventpipeline.thumbnail.image.Encoder;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.ImageIoDecoder;
import dev.eventpipeline.thumbnail.image.Pixels;
import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder;
import java.awt.color.ICC_Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source bytes to thumbnails, the whole image pipeline and nothing else (no AWS): size cap, magic
 * sniffing, header-declared pixel cap, decode at reduced size, area downscale to each size, sRGB,
 * EXIF orientation, encode without metadata. The Lambda function and `./pipeline thumbnail` both
 * run exactly this. Thread-safe.
 */
public final class Thumbnailer {
  /** Created on first use: most thumbnails log nothing, and a one-shot `./pipeline thumbnail` need not start logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Thumbnailer.class);
  }

  /** Most pixels decoded at once through ImageIO (beyond it, subsampled on load): about 48 MB of RGB. */
  static final long DECODE_BUDGET_PIXELS = 16_000_000L;
  /**
   * Longest a decode through ImageIO may take before the image is refused: far above what any image
   * within the pixel limit needs, far below the function's timeout (a batch holds several images).
   */
  static final Duration DECODE_TIME_LIMIT = Duration.ofSeconds(10);

  private final ThumbnailSettings settings;
  private final Duration decodeTimeLimit;

  public Thumbnailer(ThumbnailSettings settings) {
    this(settings, DECODE_TIME_LIMIT);
  }

  /** With another decode time limit (tests). */
  Thumbnailer(ThumbnailSettings settings, Duration decodeTimeLimit) {
    this.settings = settings;
    this.decodeTimeLimit = decodeTimeLimit;
  }

  public ThumbnailSettings settings() {
    return settings;
  }

  /**
   * Makes one thumbnail per configured size.
   *
   * @throws ImageRejectedException a permanent refusal with its reason
   */
  public ThumbnailSet create(byte[] data) {
    if (data.length > settings.maxSourceBytes()) {
      throw new ImageRejectedException(FailureReason.TOO_LARGE,
          "the image is " + data.length + " bytes, over the " + settings.maxSourceBytes() + "-byte limit");
    }
    ImageHeader header = inspect(data);
    List<Integer> sizes = settings.sizes();
    int largest = sizes.get(sizes.size() - 1);
    Decoded decoded = decode(data, header, largest);
    Pixels base = decoded.pixels();
    boolean transparent = base.hasTransparency();
    if (!transparent && base.hasAlpha()) {
      base = base.opaque();
    }
    OutputFormat format = transparent ? OutputFormat.PNG : OutputFormat.JPEG;
    Thumbnail[] thumbnails = new Thumbnail[sizes.size()];
    // Largest first: a smaller size whose dimensions divide a larger one's exactly is filtered from
    // that one (the same area filter of the source, but for float rounding), not from the full decode.
    List<AreaResize.Filtered> filtered = new ArrayList<>();
    for (int n = sizes.size() - 1; n >= 0; n--) {
      int size = sizes.get(n);
      int[] dims = AreaResize.fit(header.width(), header.height(), size);
      // The reduced decode is never smaller than the largest thumbnail; guard against rounding anyway.
      int w = Math.min(dims[0], base.width());
      int h = Math.min(dims[1], base.height());
      Pixels thumb;
      if (w == base.width() && h == base.height()) {
        thumb = base;
      } else {
        AreaResize.Filtered from = null;
        for (AreaResize.Filtered f : filtered) {
          if (f.dividesInto(w, h)) {
            from = f; // the smallest so far that divides: filtered is in descending size
          }
        }
        AreaResize.Filtered f = from != null ? from.shrink(w, h) : AreaResize.filter(base, w, h);
        filtered.add(f);
        thumb = f.toPixels();
      }
      if (decoded.profile() != null) {
        thumb = ColorProfiles.toSrgb(thumb, decoded.profile());
      }
      thumb = thumb.oriented(header.orientation());
      byte[] encoded = Encoder.encode(thumb, format, settings.jpegQuality());
      thumbnails[n] = new Thumbnail(size, thumb.width(), thumb.height(), format, encoded);
    }
    SourceImage source = new SourceImage(header.format(), header.orientedWidth(), header.orientedHeight(),
        header.frames(), data.length);
    return new ThumbnailSet(source, List.of(thumbnails));
  }

  /**
   * Sniffs the format and reads the header, refusing what must not be decoded. Cheap: no pixel is
   * decoded, so a bomb costs microseconds here.
   */
  public ImageHeader inspect(byte[] data) {
    ImageHeader header = HeaderReader.read(data);
    if (header.totalPixels() > settings.maxSourcePixels()) {
      String frames = header.frames() > 1 ? " over " + header.frames() + (header.format() == ImageFormat.TIFF ? " pages" : " frames") : "";
      throw new ImageRejectedException(FailureReason.TOO_MANY_PIXELS, header.format() + " declares " + header.width()
          + "x" + header.height() + frames + " = " + header.totalPixels() + " pixels, over the "
          + settings.maxSourcePixels() + "-pixel limit");
    }
    return header;
  }

  private record Decoded(Pixels pixels, ICC_Profile profile) {}

  private Decoded decode(byte[] data, ImageHeader header, int largest) {
    if (header.format() == ImageFormat.JPEG) {
      int denominator = JpegDecoder.denominatorFor(header.width(), header.height(), largest);
      try {
        Pixels pixels = JpegDecoder.decode(data, denominator, header, settings.maxSourcePixels(),
            settings.maxDecodeBytes(), decodeTimeLimit);
        return new Decoded(pixels, ColorProfiles.nonSrgbRgb(header.iccProfile()));
      } catch (JpegDecoder.UnsupportedVariantException e) {
        Log.LOG.debug("JPEG variant left to ImageIO: {}", e.getMessage());
      } catch (JpegDecoder.CorruptDataException e) {
        // Broken entropy data: libjpeg resynchronises and shows the image, so ImageIO gets a chance.
        // Any other exception is a defect of ours: it is not hidden behind a fallback.
        Log.LOG.info("Fast JPEG decode failed, retrying with ImageIO: {}", e.getMessage());
      }
    }
    int sub = subsampling(header, largest);
    ImageIoDecoder.Decoded decoded = ImageIoDecoder.decode(data, header, sub,
        new ImageIoDecoder.Limits(settings.maxSourcePixels(), settings.maxDecodeBytes(), decodeTimeLimit));
    Pixels pixels = decoded.pixels();
    if (header.format() == ImageFormat.GIF) {
      pixels = onCanvas(pixels, header, sub);
    }
    ICC_Profile profile = decoded.profile();
    if (profile == null && (header.format() == ImageFormat.PNG || header.format() == ImageFormat.WEBP)) {
      profile = ColorProfiles.nonSrgbRgb(header.iccProfile()); // these readers ignore the embedded profile
    }
    return new Decoded(pixels, profile);
  }

  /** Subsampling on load only when the full image would not fit the decode budget, never below the largest size. */
  static int subsampling(ImageHeader header, int largest) {
    long pixels = (long) header.width() * header.height() * (header.bitsPerSample() > 8 ? 2 : 1);
    int longest = Math.max(header.width(), header.height());
    int sub = 1;
    while (pixels / ((long) sub * sub) > DECODE_BUDGET_PIXELS && longest / (sub + 1) >= largest) {
      sub++;
    }
    return sub;
  }

  /** A GIF's first frame placed on its canvas when it does not cover it (offset or smaller frame). */
  private static Pixels onCanvas(Pixels frame, ImageHeader header, int sub) {
    int cw = (header.width() + sub - 1) / sub;
    int ch = (header.height() + sub - 1) / sub;
    int left = header.frameLeft() / sub;
    int top = header.frameTop() / sub;
    if (frame.width() == cw && frame.height() == ch && left == 0 && top == 0) {
      return frame;
    }
    byte[] canvas = new byte[Math.toIntExact((long) cw * ch * 4)]; // transparent; ImageIoDecoder counted it
    for (int y = 0; y < frame.height() && y + top < ch; y++) {
      for (int x = 0; x < frame.width() && x + left < cw; x++) {
        int s = (y * frame.width() + x) * frame.channels();
        int d = ((y + top) * cw + x + left) * 4;
        canvas[d] = frame.data()[s];
        canvas[d + 1] = frame.data()[s + 1];
        canvas[d + 2] = frame.data()[s + 2];
        canvas[d + 3] = frame.channels() == 4 ? frame.data()[s + 3] : (byte) 0xFF;
      }
    }
    return new Pixels(cw, ch, 4, canvas);
  }
}
