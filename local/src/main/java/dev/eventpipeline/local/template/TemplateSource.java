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

  /** The template, synthesized first when stale; {@code log} receives what happens. */
  public static Path resolve(Path home, Consumer<String> log) {
    Path template = templateFile(home);
    Optional<Path> newer = newerInput(home, template);
    if (Files.isRegularFile(template) && newer.isEmpty()) {
      return template;
    }
    log.accept(Files.isRegularFile(template)
        ? "Synthesizing: " + home.relativize(newer.get()) + " is newer than " + home.relativize(template)
        : "Synthesizing: " + home.relativize(template) + " does not exist yet");
    synthesize(home);
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
        Path pkg = m.resolve("target").resolve(m.getFileName() + "-function.zip");
        if (Files.isRegularFile(pkg)) {
          inputs.add(pkg);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inputs;
  }

  private static void synthesize(Path home) {
    Path launcher = home.resolve("pipeline");
    if (!Files.isExecutable(launcher)) {
      throw new TemplateException("Cannot synthesize: " + launcher + " is missing; run ./pipeline synth");
    }
    try {
      Process p = new ProcessBuilder(launcher.toString(), "synth").directory(home.toFile())
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
