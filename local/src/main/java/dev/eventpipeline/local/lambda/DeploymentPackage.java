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
      Path marker = marker(taskRoot);
      String digest = sha256(asset);
      if (!alreadyInstalled(asset, taskRoot, marker, digest)) {
        Files.deleteIfExists(marker);
        empty(taskRoot);
        unzip(asset, taskRoot, maxUnzippedBytes);
        Files.writeString(marker, digest + "\n");
      }
      code = taskRoot;
    }
    return classpath(code);
  }

  /** Next to the task root: the SHA-256 of the package last unpacked into it. */
  static Path marker(Path taskRoot) {
    Path abs = taskRoot.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".package");
  }

  /**
   * Whether the task root already holds exactly this package, unpacked by an earlier start: same
   * package digest, and every file of it there with its size and modification time (a task root
   * someone changed is unpacked again). Unpacking keeps the entries' times, so the classpath of a
   * function whose package did not change is the same, file for file, from one `up` to the next — what
   * its class-data archive is keyed and checked by.
   */
  private static boolean alreadyInstalled(Path asset, Path taskRoot, Path marker, String digest) {
    try {
      if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(digest)) {
        return false;
      }
      Path base = taskRoot.toAbsolutePath().normalize();
      try (ZipFile zip = new ZipFile(asset.toFile())) {
        for (ZipEntry e : zip.stream().toList()) {
          Path target = base.resolve(e.getName()).normalize();
          if (e.isDirectory()) {
            if (!Files.isDirectory(target)) {
              return false;
            }
          } else if (!Files.isRegularFile(target) || Files.size(target) != e.getSize()
              || Files.getLastModifiedTime(target).toMillis() != e.getLastModifiedTime().toMillis()) {
            return false;
          }
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = Files.newInputStream(file)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
        }
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The classpath to start the JVM with when class data is shared: the jars as Lambda orders them,
   * then the runtime's, and the task root last. The JVM cannot archive a classpath with a non-empty
   * directory in front of a jar it loaded classes from (it refuses to start or to write the
   * archive), and a task root always holds lib/. With nothing in the task root but lib/*.jar, no class or
   * resource is found there, so putting it last finds every class where Lambda's order finds it.
   *
   * @return empty when the task root holds anything besides lib/ (classes, resources): its order
   *     matters then, and the function runs without an archive
   */
  static java.util.Optional<List<String>> sharingOrder(Path taskRoot, List<String> packageClasspath,
      List<String> runtimeClasspath) throws IOException {
    if (packageClasspath.isEmpty() || !Path.of(packageClasspath.get(0)).equals(taskRoot)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> top = Files.list(taskRoot)) {
      if (!top.allMatch(p -> p.getFileName().toString().equals("lib") && Files.isDirectory(p))) {
        return java.util.Optional.empty();
      }
    }
    Path lib = taskRoot.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> inLib = Files.list(lib)) {
        if (!inLib.allMatch(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))) {
          return java.util.Optional.empty();
        }
      }
    }
    List<String> cp = new ArrayList<>(packageClasspath.subList(1, packageClasspath.size()));
    cp.addAll(runtimeClasspath);
    cp.add(packageClasspath.get(0));
    return java.util.Optional.of(cp);
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
        // As unzip does: the entry's time, so the same package unpacks to the same files (see sharingOrder).
        Files.setLastModifiedTime(target, e.getLastModifiedTime());
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
