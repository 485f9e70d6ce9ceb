package dev.eventpipeline.local.testfn;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packages {@link TestFunction} into a deployment jar, the way a function module ships its artifact. */
public final class TestFunctionJar {
  public static final String HANDLER = TestFunction.class.getName() + "::handleRequest";

  private TestFunctionJar() {}

  /** Writes the jar into {@code dir} and returns its path (works from classes or from the test-jar). */
  public static Path build(Path dir) {
    String entry = TestFunction.class.getName().replace('.', '/') + ".class";
    try (InputStream in = TestFunction.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find " + entry);
      }
      byte[] bytes = in.readAllBytes();
      Path jar = dir.resolve("test-function.jar");
      Files.createDirectories(dir);
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest)) {
        jos.putNextEntry(new JarEntry(entry));
        jos.write(bytes);
        jos.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
