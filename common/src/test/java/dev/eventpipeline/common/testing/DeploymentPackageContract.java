package dev.eventpipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The checks on a function's deployment artifact, inherited by every function module's
 * {@code DeploymentPackageIT} (run after {@code package}): the .zip deployment package exists under
 * its fixed name, fits the size budget, has Lambda's Java layout (the shaded jar, stored, as
 * {@code lib/<fn>-function.jar}), carries exactly one SDK HTTP client, and still logs JSON when run
 * from the unpacked package the way Lambda runs it.
 */
public abstract class DeploymentPackageContract {
  /** The per-package budget: 15 MB (decimal), unless the module sets {@code artifact.maxBytes}. */
  public static final long MAX_BYTES = Long.getLong("artifact.maxBytes", 15_000_000L);
  /** Lambda's limit on the unzipped size of a function's deployment package. */
  public static final long LAMBDA_MAX_UNZIPPED_BYTES = 262_144_000L;

  private final Path zip;
  private final String jarEntry;

  protected DeploymentPackageContract(String functionName) {
    this.zip = Path.of("target", functionName + "-function.zip");
    this.jarEntry = "lib/" + functionName + "-function.jar";
  }

  @Test
  void fitsTheSizeBudget() throws IOException {
    assertThat(zip).exists();
    long size = Files.size(zip);
    System.out.printf("%s: %,d bytes (%.2f MB)%n", zip, size, size / 1e6);
    assertThat(size).as("size of %s", zip).isLessThanOrEqualTo(MAX_BYTES);
  }

  /** Only lib/&lt;fn&gt;-function.jar, its entries stored (the package's deflate does the compressing). */
  @Test
  void hasLambdasJavaLayoutWithTheShadedJarStoredInLib() throws IOException {
    try (ZipFile pkg = new ZipFile(zip.toFile())) {
      List<String> files = pkg.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
      assertThat(files).containsExactly(jarEntry);
      long unzipped = pkg.stream().mapToLong(ZipEntry::getSize).sum();
      System.out.printf("%s unzipped: %,d bytes%n", zip, unzipped);
      assertThat(unzipped).isLessThan(LAMBDA_MAX_UNZIPPED_BYTES);
    }
    Path dir = unpack();
    try (ZipFile jar = new ZipFile(dir.resolve(jarEntry).toFile())) {
      assertThat(jar.stream().filter(e -> e.getMethod() != ZipEntry.STORED).map(ZipEntry::getName).toList())
          .as("compressed entries in %s", jarEntry).isEmpty();
      assertThat(jar.stream().map(ZipEntry::getName).findFirst()).as("first entry")
          .hasValueSatisfying(first -> assertThat(first).isIn("META-INF/", "META-INF/MANIFEST.MF"));
      assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
          StandardCharsets.UTF_8)).contains("Multi-Release: true");
    }
  }

  @Test
  void carriesExactlyOneSdkHttpClient() throws IOException {
    try (ZipFile jar = new ZipFile(unpack().resolve(jarEntry).toFile())) {
      List<String> entries = jar.stream().map(ZipEntry::getName).toList();
      assertThat(entries).anyMatch(n -> n.startsWith("software/amazon/awssdk/http/urlconnection/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/apache/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/nio/netty/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/crt/"));
      String services = new String(jar.getInputStream(jar.getEntry(
          "META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(services.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
          .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }
  }

  /**
   * Runs the logging self-check in a fresh JVM on Lambda's classpath for an unpacked package (the
   * task root, then lib/*) and checks its JSON line.
   */
  @Test
  void stillLogsJsonAfterShadingAndPackaging() throws IOException, InterruptedException {
    Path taskRoot = unpack();
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", taskRoot + File.pathSeparator + taskRoot.resolve("lib").resolve("*"),
        "dev.eventpipeline.common.logging.LoggingSelfCheck")
        .directory(taskRoot.toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("self-check output: %s", out).isZero();
    String line = out.lines().filter(l -> l.contains("logging self-check")).findFirst()
        .orElseThrow(() -> new AssertionError("no log line in: " + out));
    JsonNode json = Json.MAPPER.readTree(line);
    assertThat(json.path("message").asText()).isEqualTo("logging self-check");
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.has("timestamp")).isTrue();
    assertThat(json.path("selfCheck").asText()).isEqualTo("true");
    assertThat(json.has("functionName")).isTrue();
    String error = out.lines().filter(l -> l.contains("with an exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no error line in: " + out));
    JsonNode errorJson = Json.MAPPER.readTree(error);
    assertThat(errorJson.path("level").asText()).isEqualTo("WARN");
    assertThat(errorJson.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(errorJson.path("stackTrace").asText()).contains("LoggingSelfCheck.main");
    // Log4j reports a configuration problem (e.g. a plugin missing from the trimmed cache) on the console
    assertThat(out.lines().filter(l -> !l.startsWith("{")).toList()).as("non-JSON output").isEmpty();
  }

  /** Unzips the package into target/unpacked-package (what Lambda puts in /var/task). */
  private Path unpack() throws IOException {
    Path dir = Path.of("target", "unpacked-package").toAbsolutePath();
    if (Files.isDirectory(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (ZipFile pkg = new ZipFile(zip.toFile())) {
      for (ZipEntry e : pkg.stream().filter(e -> !e.isDirectory()).toList()) {
        Path target = dir.resolve(e.getName()).normalize();
        assertThat(target.startsWith(dir)).as("entry %s stays inside the package", e.getName()).isTrue();
        Files.createDirectories(target.getParent());
        try (InputStream in = pkg.getInputStream(e)) {
          Files.copy(in, target);
        }
      }
    }
    return dir;
  }
}
