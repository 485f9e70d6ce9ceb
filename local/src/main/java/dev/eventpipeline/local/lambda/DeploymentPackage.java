package dev.eventpipeline.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What Lambda does with a function's deployment package before its first init: a .zip (or .jar)
 * archive is unpacked into the task root ({@code /var/task}, here the function's directory under the
 * local cloud's state), and the Java runtime's classpath is the task root followed by the jars in its
 * {@code lib/} directory, in Unicode order of their names. A directory asset (CDK's unarchived form)
 * is used where it is.
 */
public final class DeploymentPackage {
  /** Lambda's limit on a deployment package's unzipped size (and its message when it is exceeded). */
  public static final long MAX_UNZIPPED_BYTES = 262_144_000L;

  private DeploymentPackage() {}

  /**
   * Makes the code of {@code asset} available and returns its classpath.
   *
   * @param taskRoot emptied, then the archive is unpacked into it (unused for a directory asset)
   * @throws InvalidPackageException when the archive cannot be unzipped or unzips beyond Lambda's limit
   */
  public static List<String> install(Path asset, Path taskRoot) throws IOException {
    return install(asset, taskRoot, MAX_UNZIPPED_BYTES);
  }

  static List<String> install(Path asset, Path taskRoot, long maxUnzippedBytes) throws IOException {
    Path code;
    if (Files.isDirectory(asset)) {
      code = asset;
    } else {
      empty(taskRoot);
      unzip(asset, taskRoot, maxUnzippedBytes);
      code = taskRoot;
    }
    return classpath(code);
  }

  /** The task root, then each lib/*.jar in Unicode order of its name. */
  static List<String> classpath(Path code) throws IOException {
    List<String> cp = new ArrayList<>();
    cp.add(code.toString());
    Path lib = code.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
            .forEach(p -> cp.add(p.toString()));
      }
    }
    return cp;
  }

  private static void unzip(Path archive, Path root, long maxUnzippedBytes) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        Path target = base.resolve(e.getName()).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
          throw new InvalidPackageException(archive, "entry '" + e.getName() + "' points outside the package");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total >= maxUnzippedBytes) {
              throw new InvalidPackageException(archive, "Unzipped size must be smaller than " + maxUnzippedBytes
                  + " bytes");
            }
            out.write(buffer, 0, n);
          }
        }
      }
    } catch (ZipException e) {
      throw new InvalidPackageException(archive, "Could not unzip uploaded file (" + e.getMessage() + ")");
    }
  }

  private static void empty(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(dir);
  }

  /** A deployment package Lambda would refuse. */
  public static final class InvalidPackageException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidPackageException(Path archive, String reason) {
      super(archive.getFileName() + ": " + reason);
    }
  }
}
