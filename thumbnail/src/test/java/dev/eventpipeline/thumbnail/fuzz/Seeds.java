package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * The seed corpus: small images (16..256 px, so one run is fast) generated in code with the JDK's
 * writers, covering the JPEG variants our decoder implements (baseline 4:2:0, 4:2:2, 4:4:4 and gray,
 * with and without restart intervals, progressive, with EXIF and ICC segments) and the other formats
 * for the ImageIO path; plus the checked-in test images and hostile corpus files up to 32 KB.
 */
final class Seeds {
  /** One seed image; its name says how it was made (generated) or where it comes from (a resource). */
  record Seed(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes)";
    }
  }

  private static final int MAX_RESOURCE_BYTES = 32 * 1024;
  private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";
  private static List<Seed> jpegs;
  private static List<Seed> others;

  private Seeds() {}

  /** JPEG seeds, generated ones first (jqwik shrinks towards the first). */
  static synchronized List<Seed> jpegs() {
    if (jpegs == null) {
      List<Seed> s = new ArrayList<>();
      s.add(gen("420-16x16", jpeg(photo(16, 16, false), 0.9f, "420", 0, false)));
      s.add(gen("420-37x23-q75", jpeg(photo(37, 23, false), 0.75f, "420", 0, false)));
      s.add(gen("420-128x96", jpeg(photo(128, 96, false), 0.9f, "420", 0, false)));
      s.add(gen("444-64x64", jpeg(photo(64, 64, false), 0.9f, "444", 0, false)));
      s.add(gen("444-255x17", jpeg(photo(255, 17, false), 0.85f, "444", 0, false)));
      s.add(gen("422-48x80", jpeg(photo(48, 80, false), 0.9f, "422", 0, false)));
      s.add(gen("gray-40x30", jpeg(photo(40, 30, true), 0.9f, null, 0, false)));
      s.add(gen("gray-256x200", jpeg(photo(256, 200, true), 0.8f, null, 0, false)));
      s.add(gen("420-dri1-100x75", jpeg(photo(100, 75, false), 0.9f, "420", 1, false)));
      s.add(gen("444-dri3-64x48", jpeg(photo(64, 48, false), 0.9f, "444", 3, false)));
      s.add(gen("gray-dri2-33x33", jpeg(photo(33, 33, true), 0.9f, null, 2, false)));
      s.add(gen("progressive-420-120x90", jpeg(photo(120, 90, false), 0.9f, "420", 0, true)));
      s.add(gen("progressive-gray-50x40", jpeg(photo(50, 40, true), 0.9f, null, 0, true)));
      s.add(gen("progressive-444-dri4-64x64", jpeg(photo(64, 64, false), 0.9f, "444", 4, true)));
      s.add(gen("420-exif6-80x60", TestImages.withSegment(
          jpeg(photo(80, 60, false), 0.9f, "420", 0, false), 0xE1, TestImages.exifOrientation(6))));
      s.add(gen("420-icc-srgb-72x48", TestImages.withSegment(
          jpeg(photo(72, 48, false), 0.9f, "420", 0, false), 0xE2, iccChunk(ICC_Profile.getInstance(ColorSpace.CS_sRGB)))));
      s.add(gen("progressive-422-exif3-96x64", TestImages.withSegment(
          jpeg(photo(96, 64, false), 0.9f, "422", 0, true), 0xE1, TestImages.exifOrientation(3))));
      s.addAll(resources("jpg"));
      jpegs = List.copyOf(s);
    }
    return jpegs;
  }

  /** PNG, GIF, BMP, TIFF and WebP seeds (WebP and ICO from resources only: the JDK has no writer). */
  static synchronized List<Seed> others() {
    if (others == null) {
      List<Seed> s = new ArrayList<>();
      s.add(gen("png-rgb-40x30", write(photo(40, 30, false), "png")));
      s.add(gen("png-rgba-33x20", write(translucent(33, 20), "png")));
      s.add(gen("png-gray-16x16", write(photo(16, 16, true), "png")));
      s.add(gen("png-indexed-50x50", write(indexed(50, 50), "png")));
      s.add(gen("gif-40x30", write(indexed(40, 30), "gif")));
      s.add(gen("bmp-37x23", write(photo(37, 23, false), "bmp")));
      s.add(gen("tiff-40x30", write(photo(40, 30, false), "tiff")));
      for (String ext : List.of("png", "apng", "gif", "bmp", "tif", "tiff", "webp", "ico")) {
        s.addAll(resources(ext));
      }
      others = List.copyOf(s);
    }
    return others;
  }

  private static Seed gen(String name, byte[] bytes) {
    return new Seed("gen-" + name, bytes);
  }

  /** A smooth gradient with noise, a dark bar and a bright disc: edges and texture, like a small photo. */
  static BufferedImage photo(int w, int h, boolean gray) {
    BufferedImage image = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(w * 31L + h);
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int n = random.nextInt(25) - 12;
        int r = clamp(x * 255 / w + n);
        int g = clamp(y * 255 / h - n);
        int b = clamp(((x + y) * 3 & 0xFF) / 2 + 64 + n);
        rgb.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    Graphics2D g = rgb.createGraphics();
    g.setColor(new Color(20, 30, 40));
    g.fillRect(w / 5, 0, Math.max(1, w / 8), h);
    g.setColor(new Color(250, 240, 200));
    g.fillOval(w / 2, h / 3, Math.max(2, w / 3), Math.max(2, h / 3));
    g.dispose();
    if (!gray) {
      return rgb;
    }
    Graphics2D gg = image.createGraphics();
    gg.drawImage(rgb, 0, 0, null);
    gg.dispose();
    return image;
  }

  private static BufferedImage translucent(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 255 / w) << 24 | 0xC04020 + y);
      }
    }
    return image;
  }

  private static BufferedImage indexed(int w, int h) {
    byte[] r = new byte[16];
    byte[] g = new byte[16];
    byte[] b = new byte[16];
    for (int i = 0; i < 16; i++) {
      r[i] = (byte) (i * 17);
      g[i] = (byte) (255 - i * 17);
      b[i] = (byte) (i * 5);
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(4, 16, r, g, b));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, (x / 4 + y / 3) & 15);
      }
    }
    return image;
  }

  /**
   * A JPEG from the JDK's writer (the libjpeg one, not TwelveMonkeys'), with the luma sampling
   * factors for {@code sampling} ("420", "422", "444"; null for gray), an optional restart interval
   * (a DRI segment) and optionally progressive (the JDK's default scan script).
   */
  static byte[] jpeg(BufferedImage image, float quality, String sampling, int restartInterval, boolean progressive) {
    ImageWriter writer = jdkWriter("jpeg");
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_FORMAT);
      if (sampling != null) {
        NodeList specs = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
          IIOMetadataNode spec = (IIOMetadataNode) specs.item(i);
          boolean luma = i == 0;
          spec.setAttribute("HsamplingFactor", luma && !sampling.equals("444") ? "2" : "1");
          spec.setAttribute("VsamplingFactor", luma && sampling.equals("420") ? "2" : "1");
        }
      }
      if (restartInterval > 0) {
        IIOMetadataNode sequence = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(restartInterval));
        sequence.insertBefore(dri, sequence.getFirstChild());
      }
      metadata.setFromTree(JPEG_FORMAT, root);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private static byte[] write(BufferedImage image, String format) {
    ImageWriter writer = jdkWriter(format);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The JDK's own writer for a format when there is one (TwelveMonkeys registers writers too). */
  private static ImageWriter jdkWriter(String format) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    ImageWriter chosen = null;
    while (writers.hasNext()) {
      ImageWriter w = writers.next();
      if (chosen == null || w.getClass().getName().startsWith("com.sun.")) {
        chosen = w;
      }
    }
    if (chosen == null) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return chosen;
  }

  /** An APP2 ICC_PROFILE payload holding the whole profile in one chunk (1 of 1). */
  private static byte[] iccChunk(ICC_Profile profile) {
    byte[] data = profile.getData();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(1);
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** Checked-in files with this extension under images/ and corpus/ (not corpus/fuzz), up to 32 KB, smallest first. */
  private static List<Seed> resources(String extension) {
    List<Seed> seeds = new ArrayList<>();
    for (String folder : List.of("images", "corpus")) {
      URL url = Seeds.class.getResource("/" + folder);
      if (url == null) {
        continue;
      }
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        for (Path file : files.filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith("." + extension))
            .sorted(Comparator.comparing(Path::toString)).toList()) {
          if (Files.size(file) <= MAX_RESOURCE_BYTES) {
            seeds.add(new Seed(folder + "/" + file.getFileName(), Files.readAllBytes(file)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    seeds.sort(Comparator.comparingInt(s -> s.bytes().length));
    return seeds;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
