package dev.eventpipeline.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds the synthesized template of the stack (infra/cdk/cdk.out/&lt;Stack&gt;.template.json) and
 * synthesizes it first, with `pipeline synth`, when it is missing or older than what it is made of:
 * the CDK app's sources, pom and cdk.json, and the function artifacts it stages.
 */
public final class TemplateSource {
  public static final String STACK = "EventPipeline";

  private TemplateSource() {}

  public static Path templateFile(Path home) {
    return home.resolve("infra/cdk/cdk.out").resolve(STACK + ".template.json");
  }

  /**
   * The template of the stack whose log stages run on Fargate ({@code -c logCompute=fargate}): its own
   * output directory, infra/cdk/cdk.out-fargate, so that switching between the two never re-synthesizes.
   */
  public static Path fargateTemplateFile(Path home) {
    return home.resolve("infra/cdk/cdk.out-fargate").resolve(STACK + ".template.json");
  }

  /** The template, synthesized first when stale; {@code log} receives what happens. */
  public static Path resolve(Path home, Consumer<String> log) {
    return resolve(home, false, log);
  }

  /**
   * The template, synthesized first when stale; with {@code fargateLogs}, the one whose log stages run
   * as the KCL worker on Fargate ({@link #fargateTemplateFile}).
   */
  public static Path resolve(Path home, boolean fargateLogs, Consumer<String> log) {
    Path template = fargateLogs ? fargateTemplateFile(home) : templateFile(home);
    Optional<Path> newer = newerInput(home, template);
    if (Files.isRegularFile(template) && newer.isEmpty()) {
      return template;
    }
    log.accept(Files.isRegularFile(template)
        ? "Synthesizing: " + home.relativize(newer.get()) + " is newer than " + home.relativize(template)
        : "Synthesizing: " + home.relativize(template) + " does not exist yet");
    synthesize(home, fargateLogs ? List.of("-c", "logCompute=fargate", "--output", template.getParent().toString())
        : List.of());
    if (!Files.isRegularFile(template)) {
      throw new TemplateException("`pipeline synth` did not write " + template);
    }
    return template;
  }

  /** An input newer than the template (or any input when the template is missing). */
  static Optional<Path> newerInput(Path home, Path template) {
    FileTime built;
    try {
      built = Files.isRegularFile(template) ? Files.getLastModifiedTime(template) : FileTime.fromMillis(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path input : inputs(home)) {
      try {
        if (Files.getLastModifiedTime(input).compareTo(built) > 0) {
          return Optional.of(input);
        }
      } catch (IOException gone) {
        // deleted meanwhile
      }
    }
    return Optional.empty();
  }

  private static List<Path> inputs(Path home) {
    List<Path> inputs = new ArrayList<>();
    Path cdk = home.resolve("infra/cdk");
    for (String f : new String[] {"pom.xml", "cdk.json"}) {
      if (Files.isRegularFile(cdk.resolve(f))) {
        inputs.add(cdk.resolve(f));
      }
    }
    if (Files.isDirectory(cdk.resolve("src/main"))) {
      try (Stream<Path> files = Files.walk(cdk.resolve("src/main"))) {
        files.filter(Files::isRegularFile).forEach(inputs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try (Stream<Path> modules = Files.list(home)) {
      modules.filter(Files::isDirectory).forEach(m -> {
        for (String artifact : List.of(m.getFileName() + "-function.zip", m.getFileName() + ".jar")) {
          Path pkg = m.resolve("target").resolve(artifact); // a function's package, or the logs worker's jar
          if (Files.isRegularFile(pkg)) {
            inputs.add(pkg);
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inputs;
  }

  private static void synthesize(Path home, List<String> arguments) {
    Path launcher = home.resolve("pipeline");
    if (!Files.isExecutable(launcher)) {
      throw new TemplateException("Cannot synthesize: " + launcher + " is missing; run ./pipeline synth");
    }
    try {
      List<String> command = new ArrayList<>(List.of(launcher.toString(), "synth"));
      command.addAll(arguments);
      Process p = new ProcessBuilder(command).directory(home.toFile())
          .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new TemplateException("`pipeline synth` did not finish within 10 minutes");
      }
      if (p.exitValue() != 0) {
        throw new TemplateException("`pipeline synth` failed (exit " + p.exitValue() + "); run ./pipeline synth to see why");
      }
    } catch (IOException e) {
      throw new TemplateException("Cannot run `pipeline synth`: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemplateException("Interrupted while synthesizing");
    }
  }
}
