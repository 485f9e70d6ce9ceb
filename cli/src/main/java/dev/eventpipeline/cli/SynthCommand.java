package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `pipeline synth`: synthesizes the CDK app into infra/cdk/cdk.out, offline, by running the infra
 * module's main class in a child JVM (this module must not depend on aws-cdk-lib), then prints
 * the output directory and the stack's resource counts. cdk-nag findings fail it (exit 1).
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Synthesize the CDK app into infra/cdk/cdk.out (offline; no AWS account needed).",
      "cdk-nag (AwsSolutions, Serverless) runs on every synthesis: any unsuppressed finding fails it."
    },
    footer = {"", "Example: ./pipeline synth -c streams.shardCount=2 -c alarmEmail=ops@example.com"})
public final class SynthCommand implements Callable<Integer> {
  /** The CDK app's main class in the infra/cdk module. */
  static final String APP_MAIN = "dev.eventpipeline.infra.EventPipelineApp";
  static final String STACK = "EventPipeline";

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE",
      description = "Override a setting of infra/cdk/cdk.json (repeatable), e.g. -c streams.shardCount=2.")
  private List<String> context = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Synthesize into DIR instead of infra/cdk/cdk.out (e.g. a variant's own directory).")
  private Path output;

  private final Path home;
  private final String mainClass;

  /** The command the CLI runs: the repository from -Dpipeline.home (set by ./pipeline). */
  public SynthCommand() {
    this(Path.of(System.getProperty("pipeline.home", ".")), APP_MAIN);
  }

  /** For tests: another repository root and main class. */
  SynthCommand(Path home, String mainClass) {
    this.home = home.toAbsolutePath().normalize();
    this.mainClass = mainClass;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (String entry : context) {
      if (entry.indexOf('=') <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "Invalid context '" + entry + "': expected KEY=VALUE");
      }
    }
    Path module = home.resolve("infra/cdk");
    Path classes = module.resolve("target/classes");
    Path classpathFile = module.resolve("target/classpath.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
      err.println("pipeline synth: the CDK app is not built (no " + home.relativize(classpathFile)
          + "); build it with: ./mvnw -q -B -pl infra/cdk package -DskipTests");
      return 1;
    }

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dpipeline.home=" + home);
    command.add("-cp");
    command.add(classes + File.pathSeparator + Files.readString(classpathFile).trim());
    command.add(mainClass);
    for (String entry : context) {
      command.add("-c");
      command.add(entry);
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    // Synthesis goes to infra/cdk/cdk.out (or --output) with cdk.json's context, whatever a CDK CLI session left behind.
    env.remove("CDK_OUTDIR");
    env.remove("CDK_CONTEXT_JSON");
    Path outdir = output == null ? module.resolve("cdk.out") : output.toAbsolutePath().normalize();
    if (output != null) {
      env.put("CDK_OUTDIR", outdir.toString());
    }
    // jsii runs node; node 20 prints a deprecation and an end-of-life banner on every start.
    env.putIfAbsent("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    env.putIfAbsent("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    err.println("pipeline synth: synthesizing " + STACK + " (cdk-nag on every synthesis; this takes a while)...");
    err.flush();
    Process process = builder.start();
    process.getOutputStream().close();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      // The app's own report: nag findings, notes, errors. Passed through as they come.
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        err.println(line);
        err.flush();
      }
    } finally {
      if (process.isAlive()) {
        process.destroy();
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      err.println("pipeline synth: synthesis failed (exit " + exit + ")");
      return 1;
    }

    Path template = outdir.resolve(STACK + ".template.json");
    if (!Files.isRegularFile(template)) {
      err.println("pipeline synth: synthesis reported success but wrote no " + home.relativize(template));
      return 1;
    }
    printSummary(out, outdir, template);
    return 0;
  }

  private void printSummary(PrintWriter out, Path outdir, Path template) throws IOException {
    JsonNode root = Json.MAPPER.readTree(template.toFile());
    Map<String, Integer> counts = new TreeMap<>();
    int total = 0;
    for (Iterator<JsonNode> it = root.path("Resources").elements(); it.hasNext(); ) {
      counts.merge(it.next().path("Type").asText("?"), 1, Integer::sum);
      total++;
    }
    out.println("Synthesized stack " + STACK + " into " + outdir);
    out.println("Template: " + template);
    out.println("Resources: " + total);
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    counts.forEach((type, n) -> out.printf("  %-" + width + "s %4d%n", type, n));
    out.println("Outputs: " + root.path("Outputs").size());
    out.flush();
  }
}
