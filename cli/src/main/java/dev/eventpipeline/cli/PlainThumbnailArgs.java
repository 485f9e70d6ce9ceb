package dev.eventpipeline.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The `pipeline thumbnail` argument lists plain enough to need no parser: images, plus at most one
 * {@code --size N} (or {@code --size=N}, N in range) and one {@code -o DIR} (or {@code --output DIR},
 * {@code --output=DIR}). Building picocli's model costs a one-shot run about 150 ms of CPU (its
 * classes predate Java 6, so class-data sharing cannot keep them), a third of `./pipeline thumbnail
 * one.jpg`. Anything else (help, version, a bad, unknown or repeated option, {@code --}, an
 * {@code @file}) gives null and goes to picocli, so every message and exit code stays picocli's; what
 * this accepts, picocli parses to the same values (PlainThumbnailArgsTest).
 */
record PlainThumbnailArgs(List<Path> images, int size, Path outputDir) {
  static final int DEFAULT_SIZE = 256;

  /** {@code args} as given to `pipeline` ("thumbnail" first); null when picocli should parse them. */
  static PlainThumbnailArgs parse(String[] args) {
    if (args.length < 2 || !args[0].equals("thumbnail")) {
      return null;
    }
    List<Path> images = new ArrayList<>();
    int size = -1;
    String output = null;
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--size") || arg.startsWith("--size=")) {
          String value = arg.equals("--size") ? (++i < args.length ? args[i] : "") : arg.substring("--size=".length());
          if (size >= 0 || !digits(value) || !ThumbnailCommand.validSize(Integer.parseInt(value))) {
            return null;
          }
          size = Integer.parseInt(value);
        } else if (arg.equals("-o") || arg.equals("--output") || arg.startsWith("--output=")) {
          String value = arg.startsWith("--output=") ? arg.substring("--output=".length()) : (++i < args.length ? args[i] : "");
          if (output != null || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
            return null;
          }
          output = value;
          Path.of(output); // an invalid path is picocli's to report
        } else if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("@")) {
          return null;
        } else {
          images.add(Path.of(arg));
        }
      }
    } catch (InvalidPathException e) {
      return null;
    }
    if (images.isEmpty()) {
      return null;
    }
    return new PlainThumbnailArgs(List.copyOf(images), size < 0 ? DEFAULT_SIZE : size, output == null ? null : Path.of(output));
  }

  /** 1 to 4 ASCII digits (no sign, no lambda: this runs before anything is warm). */
  private static boolean digits(String value) {
    if (value.isEmpty() || value.length() > 4) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
