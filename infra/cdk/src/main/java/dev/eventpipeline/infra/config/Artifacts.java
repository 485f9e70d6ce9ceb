package dev.eventpipeline.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root and the function artifacts in it. The root is the system property
 * {@code pipeline.home} when set (the ./pipeline launcher and the Maven build set it), otherwise
 * the nearest directory above the working directory that holds {@code infra/cdk/pom.xml}.
 */
public final class Artifacts {
  /** System property naming the repository root. */
  public static final String HOME_PROPERTY = "pipeline.home";

  private final Path root;

  public Artifacts(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The artifacts of the repository this process runs in. */
  public static Artifacts ofThisRepository() {
    return new Artifacts(findRoot());
  }

  public Path root() {
    return root;
  }

  /** The directory of the CDK module (where cdk.json and cdk.out live). */
  public Path cdkModule() {
    return root.resolve("infra/cdk");
  }

  /** The logs worker's module: its Dockerfile is the build context of the worker's container image. */
  public static final String LOGS_WORKER_MODULE = "logs-worker";

  /** The logs worker's runnable jar relative to the repository root (what its Dockerfile copies). */
  public static final String LOGS_WORKER_JAR = LOGS_WORKER_MODULE + "/target/logs-worker.jar";

  /**
   * The directory the logs worker's image is built from ({@code logCompute=fargate}); a missing
   * Dockerfile fails synthesis. The jar need not exist yet: synthesis only stages the directory.
   */
  public Path logsWorkerDirectory() {
    Path dir = root.resolve(LOGS_WORKER_MODULE);
    if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
      throw new ConfigurationException("The logs worker's " + LOGS_WORKER_MODULE + "/Dockerfile is missing under "
          + root + " (logCompute=fargate builds its container image from it)");
    }
    return dir;
  }

  /** Whether the logs worker's jar has been built ({@code ./mvnw -q -B -pl logs-worker -am package -DskipTests}). */
  public boolean logsWorkerJarBuilt() {
    return Files.isRegularFile(root.resolve(LOGS_WORKER_JAR));
  }

  /** The artifact of a function; a missing one fails synthesis naming the module to build. */
  public Path artifact(FunctionId id) {
    Path jar = root.resolve(id.artifactPath());
    if (!Files.isRegularFile(jar)) {
      throw new ConfigurationException("Function artifact " + id.artifactPath() + " (function "
          + id.contextPrefix() + ") is missing under " + root + ". Build the " + id.module()
          + " module first: ./mvnw -q -B -pl " + id.module() + " package -DskipTests");
    }
    return jar;
  }

  static Path findRoot() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      Path root = Path.of(home);
      if (!Files.isRegularFile(root.resolve("infra/cdk/pom.xml"))) {
        throw new ConfigurationException("System property " + HOME_PROPERTY + "=" + home
            + " is not the repository root (no infra/cdk/pom.xml there)");
      }
      return root;
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("infra/cdk/pom.xml"))) {
        return d;
      }
    }
    throw new ConfigurationException("Cannot find the repository root above " + dir
        + ": run from inside the repository or set -D" + HOME_PROPERTY + "=<root>");
  }
}
