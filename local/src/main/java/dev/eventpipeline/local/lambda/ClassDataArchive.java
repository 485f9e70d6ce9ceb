package dev.eventpipeline.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A function's dynamic AppCDS archive (JDK 17: {@code -XX:ArchiveClassesAtExit} writes it when a JVM
 * exits normally, {@code -XX:SharedArchiveFile} maps it into the next ones). Its file name carries a
 * key: the JVM (java.home, version), the JVM options and every classpath entry with its size and
 * modification time, so a rebuilt deployment package or another JDK gets a new archive (the JVM would
 * refuse a stale one anyway, and then start without it).
 *
 * <p>A JVM that maps a damaged archive can crash (a truncated file is a SIGBUS in JDK 17, not a
 * fallback), so an archive is only used when its size and CRC-32C are those recorded next to it
 * ({@code <archive>.crc32c}) when it was installed; anything else is deleted and made again.
 */
final class ClassDataArchive {
  private final Path dir;
  private final String functionName;
  private final Path archive;
  private final Path checksum;
  private long checkedSize = -1;
  private long checkedMtime = -1;

  private ClassDataArchive(Path dir, String functionName, String key) {
    this.dir = dir;
    this.functionName = functionName;
    this.archive = dir.resolve(functionName + "-" + key + ".jsa");
    this.checksum = dir.resolve(functionName + "-" + key + ".jsa.crc32c");
  }

  /** The archive of a function with this classpath and these JVM options (the file need not exist). */
  static ClassDataArchive of(Path dir, String functionName, List<String> classpath, List<String> jvmOptions) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder k = new StringBuilder();
      Path javaHome = Path.of(System.getProperty("java.home"));
      k.append(javaHome.toRealPath()).append('\n').append(System.getProperty("java.vm.version")).append('\n');
      jvmOptions.forEach(o -> k.append(o).append('\n'));
      for (String entry : classpath) {
        Path p = Path.of(entry);
        k.append(entry).append('\t');
        if (Files.isRegularFile(p)) {
          k.append(Files.size(p)).append('\t').append(Files.getLastModifiedTime(p).toMillis());
        } else {
          k.append(Files.isDirectory(p) ? "dir" : "missing");
        }
        k.append('\n');
      }
      byte[] digest = sha.digest(k.toString().getBytes(StandardCharsets.UTF_8));
      return new ClassDataArchive(dir, functionName, HexFormat.of().formatHex(digest, 0, 8));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot compute the class-data archive key of " + functionName, e);
    }
  }

  Path path() {
    return archive;
  }

  /** The archive when it is there and intact; a damaged, partial or unrecorded one is deleted. */
  synchronized Optional<Path> valid() {
    try {
      if (!Files.isRegularFile(archive)) {
        return Optional.empty();
      }
      long size = Files.size(archive);
      long mtime = Files.getLastModifiedTime(archive).toMillis();
      if (size == checkedSize && mtime == checkedMtime) {
        return Optional.of(archive);
      }
      String[] recorded = Files.isRegularFile(checksum)
          ? Files.readString(checksum, StandardCharsets.US_ASCII).trim().split(" ") : new String[0];
      if (recorded.length == 2 && recorded[0].equals(Long.toString(size)) && recorded[1].equals(crc(archive))) {
        checkedSize = size;
        checkedMtime = mtime;
        return Optional.of(archive);
      }
    } catch (IOException | RuntimeException unreadable) {
      // treated as damaged
    }
    discard();
    return Optional.empty();
  }

  /** A fresh file name for a training run to write (installed by {@link #install}). */
  Path trainingFile() {
    return dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
  }

  /**
   * Makes what a training run wrote the archive: its CRC-32C is recorded, then it is moved in place;
   * older archives of the function (other keys) are deleted.
   *
   * @return the archive's size, or -1 when the run wrote nothing usable
   */
  synchronized long install(Path written) {
    try {
      if (!Files.isRegularFile(written) || Files.size(written) == 0) {
        Files.deleteIfExists(written);
        return -1;
      }
      long size = Files.size(written);
      Path sum = dir.resolve(checksum.getFileName() + ".tmp");
      Files.writeString(sum, size + " " + crc(written) + "\n", StandardCharsets.US_ASCII);
      Files.deleteIfExists(checksum);
      Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(sum, checksum, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      checkedSize = -1;
      deleteOthers();
      return size;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(written);
      } catch (IOException ignore) {
        // best effort
      }
      return -1;
    }
  }

  /** Deletes the archive (damaged, or refused by the JVM): the next training run makes it again. */
  synchronized void discard() {
    checkedSize = -1;
    try {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(checksum);
    } catch (IOException ignore) {
      // a file we cannot delete is not used either: valid() checks it every time
    }
  }

  private void deleteOthers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, functionName + "-*.jsa*")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!f.equals(archive) && !f.equals(checksum) && !name.endsWith(".tmp")
            && name.substring(functionName.length() + 1).matches("[0-9a-f]{16}\\.jsa(\\.crc32c)?")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static String crc(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    return Long.toHexString(crc.getValue());
  }
}
