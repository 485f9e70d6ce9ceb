package dev.eventpipeline.cli;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.domain.Thumbnail;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `pipeline thumbnail`: makes thumbnails of local images offline with exactly the thumbnail
 * function's code (same limits, same refusals, same output). All images run in one process, so a
 * batch shows steady-state speed.
 */
@Command(name = "thumbnail", mixinStandardHelpOptions = true,
    description = {"Make thumbnails of local images offline, with the thumbnail function's code.",
        "Writes NAME.thumb.jpg (or .png when the image has transparency) beside each image, or into OUTDIR,",
        "and prints one line per image. A refused image prints its reason (TOO_LARGE, TOO_MANY_PIXELS,",
        "UNSUPPORTED_FORMAT, CORRUPT, NOT_FOUND), any other failure ERROR and its cause; the others are",
        "still processed."},
    footer = {"", "Exit codes: 0 all thumbnailed, 1 some image failed, 2 usage error."})
public final class ThumbnailCommand implements Callable<Integer> {
  @Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to thumbnail (JPEG, PNG, GIF, BMP, WebP, TIFF).")
  private List<Path> images;

  @Option(names = "--size", paramLabel = "N", defaultValue = "256", description = "Longest edge in pixels (default: ${DEFAULT-VALUE}); never upscaled.")
  private int size;

  @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR", description = "Directory for the thumbnails (default: beside each image).")
  private Path outputDir;

  private final BiFunction<Thumbnailer, byte[], ThumbnailSet> create;

  public ThumbnailCommand() {
    this(new Create());
  }

  /** {@link Thumbnailer#create}; a class, not a method reference, so a one-shot run bootstraps no lambda. */
  static final class Create implements BiFunction<Thumbnailer, byte[], ThumbnailSet> {
    @Override
    public ThumbnailSet apply(Thumbnailer thumbnailer, byte[] image) {
      return thumbnailer.create(image);
    }
  }

  /** For tests: what turns one image's bytes into thumbnails (so a decoder crash can be simulated). */
  ThumbnailCommand(BiFunction<Thumbnailer, byte[], ThumbnailSet> create) {
    this.create = create;
  }

  @Override
  public Integer call() {
    if (!validSize(size)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--size must be between 1 and "
          + ThumbnailSettings.MAX_SIZE + ", not " + size);
    }
    return run(images, size, outputDir, create, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  static boolean validSize(int size) {
    return size >= 1 && size <= ThumbnailSettings.MAX_SIZE;
  }

  /** The command's work once its arguments are parsed (by picocli, or by {@link PlainThumbnailArgs}): the exit code. */
  static int run(List<Path> images, int size, Path outputDir, BiFunction<Thumbnailer, byte[], ThumbnailSet> create,
      PrintWriter out, PrintWriter err) {
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults().withSizes(List.of(size)));
    int failures = 0;
    for (Path image : images) {
      long start = System.nanoTime();
      try {
        long bytes = Files.size(image);
        if (bytes > thumbnailer.settings().maxSourceBytes()) {
          throw new ImageRejectedException(dev.eventpipeline.thumbnail.image.FailureReason.TOO_LARGE,
              "the image is " + bytes + " bytes, over the " + thumbnailer.settings().maxSourceBytes() + "-byte limit");
        }
        ThumbnailSet set = create.apply(thumbnailer, Files.readAllBytes(image));
        Thumbnail thumbnail = set.thumbnails().get(0);
        Path target = target(image, outputDir, thumbnail.format().extension());
        Files.write(target, thumbnail.data());
        // A StringBuilder, not printf: a cold Formatter (regex, locale data) costs a one-shot run 30 ms.
        out.println(new StringBuilder().append(image).append(": ").append(set.source().format()).append(' ')
            .append(set.source().width()).append('x').append(set.source().height()).append(" -> ").append(target)
            .append(' ').append(thumbnail.width()).append('x').append(thumbnail.height())
            .append(" (").append(millis(start)).append(" ms)"));
      } catch (ImageRejectedException e) {
        failures++;
        err.printf("%s: %s %s (%d ms)%n", image, e.reason(), e.detail(), millis(start));
      } catch (NoSuchFileException e) {
        failures++;
        err.printf("%s: NOT_FOUND no such file%n", image);
      } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
        // Unreadable file, or a decoder bug rather than a verdict on the image: one line, then the
        // next image (the failed image's buffers are garbage once the stack has unwound).
        failures++;
        err.printf("%s: ERROR %s (%d ms)%n", image, oneLine(e), millis(start));
      }
      out.flush();
      err.flush();
    }
    return failures == 0 ? 0 : 1;
  }

  private static Path target(Path image, Path outputDir, String extension) throws IOException {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    Path dir = outputDir != null ? outputDir : image.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return dir.resolve(base + ".thumb." + extension);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ").strip();
    return e.getClass().getSimpleName() + message;
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
