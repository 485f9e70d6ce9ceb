package dev.eventpipeline.bench.thumbnail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
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
 * Proves a JpegDecoder change bit-exact: decodes a varied set of JPEGs with two builds of the decoder
 * (each in its own class loader) at 1/1, 1/2, 1/4 and 1/8 and compares the output pixels by CRC-32,
 * and the exception (class and message) where one is thrown. The set: every JPEG under the given
 * directories, plus generated ones (photo-like and noise, sizes that are not multiples of the MCU,
 * gray, 4:2:0 / 4:2:2 / 4:4:4, qualities 30..100, baseline and progressive, restart intervals) and
 * broken copies of them (truncated, bytes flipped inside the entropy-coded data). Usage:
 * {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.thumbnail.DecoderEquivalence
 * OLD.jar NEW-classes-or-jar [DIR...]} (the reference build first, e.g. the bench jar of the commit
 * before). Exits 1 on any difference.
 */
public final class DecoderEquivalence {
  private DecoderEquivalence() {}

  public static void main(String[] args) throws Exception {
    Method reference = decoder(Path.of(args[0]));
    Method candidate = decoder(Path.of(args[1]));
    Map<String, byte[]> images = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      try (Stream<Path> files = Files.walk(Path.of(args[i]))) {
        for (Path f : files.filter(p -> p.toString().toLowerCase().matches(".*\\.jpe?g")).sorted().toList()) {
          images.put(f.toString(), Files.readAllBytes(f));
        }
      }
    }
    generated(images);
    broken(images);
    int decodes = 0;
    int differences = 0;
    int exceptions = 0;
    for (Map.Entry<String, byte[]> image : images.entrySet()) {
      for (int denominator : new int[] {1, 2, 4, 8}) {
        String a = outcome(reference, image.getValue(), denominator);
        String b = outcome(candidate, image.getValue(), denominator);
        decodes++;
        if (!a.startsWith("crc")) {
          exceptions++;
        }
        if (!a.equals(b)) {
          differences++;
          System.out.printf("DIFFERENT %s 1/%d: %s vs %s%n", image.getKey(), denominator, a, b);
        }
      }
    }
    System.out.printf("%d images, %d decodes (%d of them throw), %d differences%n", images.size(), decodes,
        exceptions, differences);
    System.exit(differences == 0 ? 0 : 1);
  }

  private static Method decoder(Path build) throws Exception {
    ClassLoader loader = new URLClassLoader(new URL[] {build.toUri().toURL()}, DecoderEquivalence.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("dev.eventpipeline.thumbnail.")) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) { // this build's classes first, never the bench jar's
          Class<?> c = findLoadedClass(name);
          return c != null ? c : findClass(name);
        }
      }
    };
    Class<?> decoder;
    try {
      decoder = loader.loadClass("dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder");
    } catch (ClassNotFoundException e) { // a build from before the codecs moved to their own package
      decoder = loader.loadClass("dev.eventpipeline.thumbnail.domain.JpegDecoder");
    }
    return decoder.getMethod("decode", byte[].class, int.class);
  }

  private static String outcome(Method decode, byte[] jpeg, int denominator) throws Exception {
    try {
      Object pixels = decode.invoke(null, jpeg, denominator);
      byte[] data = (byte[]) pixels.getClass().getMethod("data").invoke(pixels);
      int w = (int) pixels.getClass().getMethod("width").invoke(pixels);
      int h = (int) pixels.getClass().getMethod("height").invoke(pixels);
      CRC32 crc = new CRC32();
      crc.update(data);
      return "crc " + w + "x" + h + " " + Long.toHexString(crc.getValue());
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      String name = t.getClass().getName(); // without the package, which moved (domain -> image.jpeg)
      return name.substring(name.lastIndexOf('.') + 1) + ": " + t.getMessage();
    }
  }

  private static void generated(Map<String, byte[]> images) throws Exception {
    int[][] sizes = {{517, 389}, {64, 48}, {1023, 767}, {33, 1201}, {8, 8}, {9, 17}, {1600, 1200}};
    long seed = 1;
    for (int[] size : sizes) {
      for (boolean noise : new boolean[] {false, true}) {
        BufferedImage rgb = noise ? noise(size[0], size[1], seed) : SyntheticPhoto.render(size[0], size[1], seed);
        BufferedImage gray = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(rgb, 0, 0, null);
        for (int quality : new int[] {30, 75, 90, 100}) {
          for (boolean progressive : new boolean[] {false, true}) {
            String name = String.format("gen %dx%d %s q%d %s", size[0], size[1], noise ? "noise" : "photo", quality,
                progressive ? "progressive" : "baseline");
            images.put(name + " 4:2:0", encode(rgb, quality, progressive, 0, 2, 2));
            images.put(name + " gray", encode(gray, quality, progressive, 0, 1, 1));
            if (quality == 90) {
              images.put(name + " 4:4:4", encode(rgb, quality, progressive, 0, 1, 1));
              images.put(name + " 4:2:2", encode(rgb, quality, progressive, 0, 2, 1));
              images.put(name + " 4:2:0 restart 3", encode(rgb, quality, progressive, 3, 2, 2));
              images.put(name + " 4:4:4 restart 1", encode(rgb, quality, progressive, 1, 1, 1));
            }
          }
        }
        seed++;
      }
    }
  }

  /** Truncated copies and copies with bytes flipped inside the entropy-coded data. */
  private static void broken(Map<String, byte[]> images) {
    SplittableRandom random = new SplittableRandom(99);
    List<Map.Entry<String, byte[]>> originals = new ArrayList<>(images.entrySet());
    for (Map.Entry<String, byte[]> e : originals) {
      byte[] jpeg = e.getValue();
      if (jpeg.length < 200 || jpeg.length > 2_000_000) {
        continue;
      }
      int cut = jpeg.length / 3 + random.nextInt(jpeg.length / 2);
      images.put(e.getKey() + " truncated at " + cut, java.util.Arrays.copyOf(jpeg, cut));
      for (int i = 0; i < 3; i++) {
        byte[] flipped = jpeg.clone();
        int from = jpeg.length / 4;
        for (int k = 0; k < 1 + i * 3; k++) {
          int at = from + random.nextInt(jpeg.length - from - 2);
          flipped[at] = (byte) random.nextInt(256);
        }
        images.put(e.getKey() + " flipped " + i, flipped);
      }
    }
  }

  private static BufferedImage noise(int w, int h, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  /** The JDK's writer with the luma sampling factors (chroma 1x1) and a restart interval (0: none). */
  static byte[] encode(BufferedImage image, int quality, boolean progressive, int restart, int h, int v) throws Exception {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    while (writers.hasNext() && !writer.getClass().getName().startsWith("com.sun.")) {
      writer = writers.next();
    }
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality / 100f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    NodeList specs = root.getElementsByTagName("componentSpec");
    for (int i = 0; i < specs.getLength(); i++) {
      IIOMetadataNode spec = (IIOMetadataNode) specs.item(i);
      spec.setAttribute("HsamplingFactor", i == 0 ? Integer.toString(h) : "1");
      spec.setAttribute("VsamplingFactor", i == 0 ? Integer.toString(v) : "1");
    }
    if (restart > 0) {
      IIOMetadataNode sequence = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode dri = new IIOMetadataNode("dri");
      dri.setAttribute("interval", Integer.toString(restart));
      sequence.insertBefore(dri, sequence.getFirstChild());
    }
    metadata.setFromTree(format, root);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
