package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ThumbnailCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PipelineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path photo(String name, int w, int h) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    Path file = dir.resolve(name);
    ImageIO.write(image, "jpeg", file.toFile());
    return file;
  }

  /** A JPEG whose frame header declares 64250x64250 pixels (a pixel-flood bomb). */
  private Path bomb() throws IOException {
    byte[] jpeg = Files.readAllBytes(photo("seed.jpg", 16, 16));
    for (int i = 2; i + 8 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
        jpeg[i + 5] = (byte) 0xFA;
        jpeg[i + 6] = (byte) 0xFA;
        jpeg[i + 7] = (byte) 0xFA;
        jpeg[i + 8] = (byte) 0xFA;
        break;
      }
    }
    return Files.write(dir.resolve("bomb.jpg"), jpeg);
  }

  @Test
  void writesAThumbnailBesideTheImageAndPrintsDimensionsAndTime() throws IOException {
    Path image = photo("holiday.jpg", 1200, 800);

    assertThat(run("thumbnail", image.toString())).isZero();

    BufferedImage written = ImageIO.read(dir.resolve("holiday.thumb.jpg").toFile());
    assertThat(written.getWidth()).isEqualTo(256);
    assertThat(written.getHeight()).isEqualTo(171);
    assertThat(out.toString()).matches("(?s).*holiday\\.jpg: JPEG 1200x800 -> .*holiday\\.thumb\\.jpg 256x171 \\(\\d+ ms\\)\\s*");
  }

  @Test
  void honoursSizeAndOutputDirectoryForSeveralImages() throws IOException {
    Path a = photo("a.jpg", 1000, 500);
    Path b = photo("b.jpg", 300, 600);
    Path outDir = dir.resolve("thumbs");

    assertThat(run("thumbnail", "--size", "100", "-o", outDir.toString(), a.toString(), b.toString())).isZero();

    assertThat(ImageIO.read(outDir.resolve("a.thumb.jpg").toFile()).getWidth()).isEqualTo(100);
    assertThat(ImageIO.read(outDir.resolve("b.thumb.jpg").toFile()).getHeight()).isEqualTo(100);
    assertThat(out.toString().lines()).hasSize(2);
  }

  @Test
  void reportsEachRefusedImageInOneLineGoesOnAndExitsOne() throws IOException {
    Path bomb = bomb();
    Path text = Files.writeString(dir.resolve("notes.png"), "<html>not an image</html>");
    Path good = photo("good.jpg", 400, 300);

    int exit = run("thumbnail", bomb.toString(), text.toString(), good.toString(), dir.resolve("missing.jpg").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(3);
    assertThat(err.toString()).contains("bomb.jpg: TOO_MANY_PIXELS JPEG declares 64250x64250")
        .contains("notes.png: UNSUPPORTED_FORMAT").contains("missing.jpg: NOT_FOUND");
    assertThat(out.toString()).contains("good.jpg: JPEG 400x300");
    assertThat(dir.resolve("good.thumb.jpg")).exists();
    assertThat(dir.resolve("bomb.thumb.jpg")).doesNotExist();
  }

  @Test
  void reportsAnUnexpectedErrorOrOutOfMemoryInOneLineGoesOnAndExitsOne() throws IOException {
    Path crash = photo("crash.jpg", 50, 50);
    Path oom = photo("oom.jpg", 60, 60);
    Path good = photo("good.jpg", 400, 300);
    byte[] crashBytes = Files.readAllBytes(crash);
    byte[] oomBytes = Files.readAllBytes(oom);
    CommandLine cli = new CommandLine(new ThumbnailCommand((thumbnailer, data) -> {
      if (Arrays.equals(data, crashBytes)) {
        throw new IllegalStateException("decoder bug\n\tat some.Decoder");
      }
      if (Arrays.equals(data, oomBytes)) {
        throw new OutOfMemoryError("Java heap space");
      }
      return thumbnailer.create(data);
    }));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute(crash.toString(), oom.toString(), good.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(2);
    assertThat(err.toString()).containsPattern("crash\\.jpg: ERROR IllegalStateException: decoder bug at some\\.Decoder \\(\\d+ ms\\)")
        .containsPattern("oom\\.jpg: ERROR OutOfMemoryError: Java heap space \\(\\d+ ms\\)");
    assertThat(out.toString()).contains("good.jpg: JPEG 400x300");
    assertThat(dir.resolve("good.thumb.jpg")).exists();
  }

  @Test
  void neverUpscales() throws IOException {
    Path small = photo("small.jpg", 40, 30);

    assertThat(run("thumbnail", small.toString())).isZero();

    assertThat(ImageIO.read(dir.resolve("small.thumb.jpg").toFile()).getWidth()).isEqualTo(40);
  }

  @Test
  void rejectsAnInvalidSizeOrNoImageAsAUsageError() throws IOException {
    assertThat(run("thumbnail", "--size", "0", photo("x.jpg", 10, 10).toString())).isEqualTo(2);
    assertThat(run("thumbnail")).isEqualTo(2);
  }

  @Test
  void helpDescribesTheCommand() {
    assertThat(run("thumbnail", "--help")).isZero();
    assertThat(out.toString()).contains("--size").contains("OUTDIR").contains("TOO_MANY_PIXELS");
  }
}
