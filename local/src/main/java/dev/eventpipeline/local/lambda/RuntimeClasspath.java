package dev.eventpipeline.local.lambda;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath of the official runtime interface client: the RIC jar, aws-lambda-java-core,
 * aws-lambda-java-serialization and the SDK's utils-lite, located through classes the local module
 * itself depends on (so it works from the launcher, Maven and IDEs alike).
 */
public final class RuntimeClasspath {
  public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final List<String> MARKERS = List.of(MAIN_CLASS,
      "com.amazonaws.services.lambda.runtime.Context",
      "com.amazonaws.services.lambda.runtime.serialization.factories.GsonFactory",
      "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

  /** The client reads its JNI library from here instead of unpacking it itself. */
  static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  private RuntimeClasspath() {}

  /**
   * The client's JNI library, unpacked once into {@code dir}, as a JVM option for the function processes.
   * Left to itself, every client process unpacks it to the same /tmp/.libaws-lambda-jni.so: processes
   * starting together overwrite the file another one is loading, and that one dies of SIGBUS.
   */
  public static String jniOption(Path dir) {
    String arch = System.getProperty("os.arch", "").contains("aarch64") ? "aarch_64" : "x86_64";
    boolean musl = java.nio.file.Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
        || java.nio.file.Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
    String name = "libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
    Path target = dir.resolve(name);
    try (java.io.InputStream in = RuntimeClasspath.class.getClassLoader().getResourceAsStream("jni/" + name)) {
      if (in == null) {
        throw new IllegalStateException("The runtime interface client has no native library " + name);
      }
      java.nio.file.Files.createDirectories(dir);
      Path tmp = java.nio.file.Files.createTempFile(dir, name, ".tmp");
      java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot unpack the runtime interface client's native library", e);
    }
    return "-D" + JNI_PROPERTY + "=" + target;
  }

  public static List<String> find() {
    Set<String> entries = new LinkedHashSet<>();
    for (String marker : MARKERS) {
      try {
        Class<?> c = Class.forName(marker, false, RuntimeClasspath.class.getClassLoader());
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
        if (marker.equals(MAIN_CLASS)) {
          throw new IllegalStateException("The Lambda runtime interface client (com.amazonaws:"
              + "aws-lambda-java-runtime-interface-client) is not on the local cloud's classpath", e);
        }
      }
    }
    return new ArrayList<>(entries);
  }
}
