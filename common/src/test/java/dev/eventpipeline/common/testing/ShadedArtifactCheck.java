package dev.eventpipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Checks on a function's deployment artifact, shared by every function module's integration test:
 * the jar exists under its fixed name, fits the size budget, carries exactly one SDK HTTP client,
 * and still logs JSON after shading.
 */
public final class ShadedArtifactCheck {
  /**
   * The per-artifact budget: 15 MiB, unless the module sets the system property
   * {@code artifact.maxMiB} (with the reason in its pom).
   */
  public static final long MAX_BYTES = Long.getLong("artifact.maxMiB", 15L) * 1024 * 1024;

  private final Path jar;

  public ShadedArtifactCheck(String functionName) {
    this.jar = Path.of("target", functionName + "-function.jar");
  }

  public Path jar() {
    return jar;
  }

  public void assertFitsBudget() throws IOException {
    assertThat(jar).exists();
    long size = Files.size(jar);
    System.out.printf("%s: %,d bytes (%.1f MB)%n", jar, size, size / 1024.0 / 1024.0);
    assertThat(size).as("size of %s", jar).isLessThanOrEqualTo(MAX_BYTES);
  }

  public void assertOneHttpClient() throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> entries = zip.stream().map(e -> e.getName()).toList();
      assertThat(entries).anyMatch(n -> n.startsWith("software/amazon/awssdk/http/urlconnection/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/apache/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/nio/netty/"));
      assertThat(entries).noneMatch(n -> n.startsWith("software/amazon/awssdk/http/crt/"));
      String services = new String(zip.getInputStream(zip.getEntry(
          "META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(services.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
          .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }
  }

  /** Runs the jar's logging self-check in a fresh JVM and returns the parsed JSON line. */
  public JsonNode logLineFromJar() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar.toString(), "dev.eventpipeline.common.logging.LoggingSelfCheck")
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
    return json;
  }
}
