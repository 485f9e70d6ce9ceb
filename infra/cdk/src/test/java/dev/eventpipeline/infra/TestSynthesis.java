package dev.eventpipeline.infra;

import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.config.FunctionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Synthesizes the app for tests, once per distinct context (shared by every test class in the
 * JVM: a synthesis takes seconds). The functions' artifacts are small stand-in packages in a scratch
 * repository under target/, so these tests neither wait for nor race with the function modules'
 * builds; the real cdk.json (feature flags, settings) is used, and the real Dockerfile and .dockerignore
 * of the logs worker with a stand-in jar.
 */
final class TestSynthesis {
  private static final Map<Map<String, Object>, EventPipelineApp.Synthesis> CACHE = new ConcurrentHashMap<>();
  private static final Map<Map<String, Object>, EventPipelineApp.Synthesis> CACHE_WITHOUT_WORKER_JAR =
      new ConcurrentHashMap<>();

  /** The logs worker's files in the stand-in repository that its image's build context must leave out. */
  static final java.util.List<String> WORKER_FILES_NOT_IN_THE_IMAGE = java.util.List.of(
      "logs-worker/pom.xml", "logs-worker/src/main/java/Worker.java", "logs-worker/target/logs-worker-0.1.0.jar",
      "logs-worker/target/classes/Worker.class");
  private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

  private TestSynthesis() {}

  /** The repository root (set by the build; the tests run in infra/cdk otherwise). */
  static Path repositoryRoot() {
    String home = System.getProperty(Artifacts.HOME_PROPERTY);
    return home != null ? Path.of(home) : Path.of("../..").toAbsolutePath().normalize();
  }

  /** The app synthesized with cdk.json's settings. */
  static EventPipelineApp.Synthesis defaults() {
    return with(Map.of());
  }

  /** The app synthesized with these context overrides. */
  static synchronized EventPipelineApp.Synthesis with(Map<String, Object> overrides) {
    return CACHE.computeIfAbsent(Map.copyOf(overrides), o -> {
      Path root = standInRepository();
      Path outdir = Path.of("target/test-cdk-out/synth-" + RUNS.incrementAndGet()).toAbsolutePath();
      return EventPipelineApp.synthesize(new Artifacts(root), outdir, new HashMap<>(o));
    });
  }

  /**
   * The app synthesized with these context overrides from a stand-in repository whose logs worker jar
   * has not been built.
   */
  static synchronized EventPipelineApp.Synthesis withoutWorkerJar(Map<String, Object> overrides) {
    return CACHE_WITHOUT_WORKER_JAR.computeIfAbsent(Map.copyOf(overrides), o -> {
      Path root = standInRepository("target/test-repository-without-worker-jar", false);
      Path outdir = Path.of("target/test-cdk-out/synth-" + RUNS.incrementAndGet()).toAbsolutePath();
      return EventPipelineApp.synthesize(new Artifacts(root), outdir, new HashMap<>(o));
    });
  }

  /** A scratch repository with the real cdk.json and a stand-in artifact for every function. */
  static Path standInRepository() {
    return standInRepository("target/test-repository", true);
  }

  private static Path standInRepository(String directory, boolean workerJar) {
    Path root = Path.of(directory).toAbsolutePath();
    try {
      Path cdk = Files.createDirectories(root.resolve("infra/cdk"));
      Files.copy(repositoryRoot().resolve("infra/cdk/cdk.json"), cdk.resolve("cdk.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(cdk.resolve("pom.xml"), "<!-- stand-in -->\n");
      for (FunctionId id : FunctionId.values()) {
        Path pkg = root.resolve(id.artifactPath());
        if (!Files.exists(pkg)) {
          writePackage(pkg, id.module());
        }
      }
      Path worker = Files.createDirectories(root.resolve(Artifacts.LOGS_WORKER_MODULE));
      for (String file : java.util.List.of("Dockerfile", ".dockerignore")) {
        Files.copy(repositoryRoot().resolve(Artifacts.LOGS_WORKER_MODULE).resolve(file), worker.resolve(file),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      for (String file : WORKER_FILES_NOT_IN_THE_IMAGE) {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), "stand-in, not for the image\n");
      }
      Path jar = root.resolve(Artifacts.LOGS_WORKER_JAR);
      if (workerJar) {
        Files.writeString(jar, "stand-in logs worker jar\n");
      } else {
        Files.deleteIfExists(jar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** A deployment package of the real layout: lib/&lt;module&gt;-function.jar, here a one-file jar. */
  private static void writePackage(Path pkg, String module) throws IOException {
    Files.createDirectories(pkg.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    manifest.getMainAttributes().putValue("Implementation-Title", module);
    java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
      out.putNextEntry(new ZipEntry("stand-in.txt"));
      out.write(("stand-in artifact of " + module + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(pkg))) {
      out.putNextEntry(new ZipEntry("lib/" + module + "-function.jar"));
      out.write(jar.toByteArray());
      out.closeEntry();
    }
  }
}
