package dev.eventpipeline.thumbnail.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conversion to sRGB from an embedded ICC profile. It runs on thumbnails (a few hundred pixels wide),
 * never on full-size sources, so color management costs a few milliseconds at most.
 */
public final class ColorProfiles {
  private ColorProfiles() {}

  /** The profile, when it is a valid RGB profile that is not (a variant of) sRGB; otherwise null. */
  public static ICC_Profile nonSrgbRgb(byte[] icc) {
    if (icc == null) {
      return null;
    }
    try {
      ICC_Profile profile = ICC_Profile.getInstance(icc);
      return profile.getColorSpaceType() == ColorSpace.TYPE_RGB && !isSrgb(profile) ? profile : null;
    } catch (IllegalArgumentException | java.awt.color.CMMException | java.awt.color.ProfileDataException broken) {
      return null; // a broken profile: treat the image as sRGB, as browsers do
    }
  }

  /** Profiles already probed (a warm function sees the same few again and again), by content. */
  private static final Map<String, Boolean> SRGB = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 32;
    }
  });

  /**
   * Whether converting through the profile leaves colours as they are: primaries, black, white and
   * greys are probed, so "sRGB IEC61966-2.1" variants count as sRGB and "linear sRGB" does not.
   */
  static boolean isSrgb(ICC_Profile profile) {
    byte[] data = profile.getData();
    String key = data.length + ":" + Arrays.hashCode(data);
    return SRGB.computeIfAbsent(key, k -> probe(profile));
  }

  private static boolean probe(ICC_Profile profile) {
    byte[] colours = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
        64, 64, 64, (byte) 128, (byte) 128, (byte) 128, (byte) 192, (byte) 192, (byte) 192};
    try {
      byte[] out = toSrgb(new Pixels(colours.length / 3, 1, 3, colours.clone()), profile).data();
      for (int i = 0; i < colours.length; i++) {
        if (Math.abs((out[i] & 0xFF) - (colours[i] & 0xFF)) > 3) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException unusable) {
      return true; // a profile the colour engine cannot use: leave the pixels as they are
    }
  }

  /** The pixels converted from {@code profile} to sRGB (alpha kept as is). */
  public static Pixels toSrgb(Pixels px, ICC_Profile profile) {
    Pixels rgb = px.opaque();
    int w = rgb.width();
    int h = rgb.height();
    BufferedImage src = wrap(rgb.data(), w, h, new ICC_ColorSpace(profile));
    byte[] out = new byte[w * h * 3];
    BufferedImage dst = wrap(out, w, h, ColorSpace.getInstance(ColorSpace.CS_sRGB));
    new ColorConvertOp(null).filter(src, dst);
    if (!px.hasAlpha()) {
      return new Pixels(w, h, 3, out);
    }
    byte[] rgba = px.data().clone();
    for (int i = 0, j = 0; j < out.length; i += 4, j += 3) {
      rgba[i] = out[j];
      rgba[i + 1] = out[j + 1];
      rgba[i + 2] = out[j + 2];
    }
    return new Pixels(w, h, 4, rgba);
  }

  private static BufferedImage wrap(byte[] data, int w, int h, ColorSpace space) {
    ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    WritableRaster raster = Raster.createWritableRaster(
        new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, 3, w * 3, new int[] {0, 1, 2}),
        new DataBufferByte(data, data.length), null);
    return new BufferedImage(model, raster, false, null);
  }
}
