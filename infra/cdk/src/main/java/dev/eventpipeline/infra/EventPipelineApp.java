package dev.eventpipeline.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.config.ConfigurationException;
import dev.eventpipeline.infra.config.ContextReader;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.infra.nag.NagChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: one App, one {@link EventPipelineStack}, cdk-nag on every synthesis. Run by
 * {@code ./pipeline synth}, by {@code cdk synth|deploy} (cdk.json) and by the tests.
 *
 * <p>Arguments are context overrides, {@code key=value} or {@code -c key=value}. Exit codes: 0
 * synthesized with no unsuppressed finding; 1 findings or a synthesis error; 2 bad arguments.
 */
public final class EventPipelineApp {
  /** The account and region synthesis uses when neither context nor the CDK CLI name one. */
  public static final String DEFAULT_ACCOUNT = "123456789012";
  public static final String DEFAULT_REGION = "us-east-1";

  // Context every synthesis needs, whatever runs it: asset paths in the template's metadata (the
  // local cloud runs each function from its staged jar), and no stack traces in the metadata (slow).
  private static final Map<String, Object> FIXED_CONTEXT = Map.of(
      "aws:cdk:enable-asset-metadata", true,
      "aws:cdk:disable-stack-trace", true);

  private EventPipelineApp() {}

  /** A synthesized app: the assembly, the stack, the settings used, and what nag and the CDK said. */
  public record Synthesis(App app, EventPipelineStack stack, PipelineSettings settings,
      ContextReader context, CloudAssembly assembly, List<NagChecks.Finding> annotations,
      List<NagChecks.Finding> blocking) {
    public Path outdir() {
      return Path.of(assembly.getDirectory());
    }

    public Path templateFile() {
      return outdir().resolve(stack.getTemplateFile());
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Map<String, Object> overrides;
    try {
      overrides = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("synth: " + e.getMessage());
      System.err.println("usage: EventPipelineApp [-c key=value]...");
      return 2;
    }
    Synthesis result;
    try {
      result = synthesize(Artifacts.ofThisRepository(), null, overrides);
    } catch (ConfigurationException e) {
      System.err.println("synth: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      // jsii wraps errors thrown in node; its message says what the CDK refused.
      System.err.println("synth: synthesis failed: " + e.getMessage());
      return 1;
    }
    return report(result);
  }

  /**
   * Prints nag's notes and findings; with an unsuppressed finding, deletes the stack's template the
   * CDK has already written, so that nothing (the local cloud, a deploy) takes a refused synthesis for
   * an up-to-date one, and returns 1.
   */
  static int report(Synthesis result) {
    result.annotations().stream().filter(f -> !result.blocking().contains(f))
        .forEach(f -> System.err.println("synth: note: " + f));
    if (!result.blocking().isEmpty()) {
      System.err.println("synth: " + result.blocking().size()
          + " unsuppressed finding(s); fix them or suppress each with a reason:");
      result.blocking().forEach(f -> System.err.println("  " + f));
      try {
        if (Files.deleteIfExists(result.templateFile())) {
          System.err.println("synth: removed " + result.templateFile() + " (it must not pass for a good synthesis)");
        }
      } catch (IOException e) {
        System.err.println("synth: could not remove " + result.templateFile() + ": " + e.getMessage());
      }
      return 1;
    }
    System.err.println("synth: " + EventPipelineStack.NAME + " synthesized into " + result.outdir()
        + " (cdk-nag AwsSolutions + Serverless: no unsuppressed findings)");
    return 0;
  }

  /**
   * Builds and synthesizes the app. {@code outdir} null means: the CDK CLI's CDK_OUTDIR when it runs
   * us, otherwise infra/cdk/cdk.out. Context: cdk.json (unless the CDK CLI passes its own), then
   * {@code overrides}, then the fixed keys, each winning over the one before.
   */
  public static Synthesis synthesize(Artifacts artifacts, Path outdir, Map<String, Object> overrides) {
    // cdk.json's context is the base (the CDK CLI passes it, with its -c values, by itself);
    // command-line overrides and the fixed keys win over both.
    Map<String, Object> base = present(System.getenv("CDK_CONTEXT_JSON"))
        ? Map.of()
        : cdkJsonContext(artifacts.cdkModule().resolve("cdk.json"));
    Map<String, Object> winning = new LinkedHashMap<>(overrides);
    winning.putAll(FIXED_CONTEXT);

    AppProps.Builder props = AppProps.builder()
        .context(base)
        .postCliContext(winning)
        .analyticsReporting(false)
        .stackTraces(false);
    if (outdir != null) {
      props.outdir(outdir.toString());
    } else if (!present(System.getenv("CDK_OUTDIR"))) {
      props.outdir(artifacts.cdkModule().resolve("cdk.out").toString());
    }
    App app = new App(props.build());
    NagChecks.apply(app);

    ContextReader reader = new ContextReader(key -> app.getNode().tryGetContext(key));
    String account = reader.string("account", firstPresent(System.getenv("CDK_DEFAULT_ACCOUNT"), DEFAULT_ACCOUNT));
    String region = reader.string("region", firstPresent(System.getenv("CDK_DEFAULT_REGION"), DEFAULT_REGION));
    PipelineSettings settings = PipelineSettings.read(reader, projectVersion());

    EventPipelineStack stack = new EventPipelineStack(app, StackProps.builder()
        .env(Environment.builder().account(account).region(region).build())
        .description("Lambda Event Pipeline: logs, thumbnails and downstream events")
        .build(), settings, artifacts);
    CloudAssembly assembly = app.synth();
    pruneStaleAssets(Path.of(assembly.getDirectory()), stack.getArtifactId());
    return new Synthesis(app, stack, settings, reader, assembly, NagChecks.annotations(assembly),
        NagChecks.blocking(assembly));
  }

  /**
   * Removes staged assets no stack refers to any more: the CDK adds a copy of every jar it has ever
   * staged (a new one each time a function is rebuilt) and never removes one.
   */
  static void pruneStaleAssets(Path outdir, String stackArtifactId) {
    Path manifest = outdir.resolve(stackArtifactId + ".assets.json");
    if (!Files.isRegularFile(manifest)) {
      return;
    }
    try {
      String referenced = Files.readString(manifest);
      List<Path> stale;
      try (var entries = Files.list(outdir)) {
        stale = entries
            .filter(p -> p.getFileName().toString().startsWith("asset."))
            .filter(p -> !referenced.contains("\"" + p.getFileName() + "\""))
            .toList();
      }
      for (Path p : stale) {
        try (var tree = Files.walk(p)) {
          for (Path q : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(q);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune stale assets in " + outdir, e);
    }
  }

  static Map<String, Object> parseArgs(String[] args) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-c") || arg.equals("--context")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(arg + " needs key=value");
        }
        arg = args[++i];
      }
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
      }
      overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return overrides;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext(Path cdkJson) {
    if (!Files.isRegularFile(cdkJson)) {
      // It holds the feature flags the stack is written against, not only settings.
      throw new ConfigurationException("Missing " + cdkJson + " (the app's feature flags and settings)");
    }
    try {
      Map<String, Object> json = new ObjectMapper().readValue(cdkJson.toFile(), Map.class);
      Object context = json.get("context");
      return context instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + cdkJson + ": " + e.getMessage());
    }
  }

  static String projectVersion() {
    try (InputStream in = EventPipelineApp.class.getResourceAsStream("/pipeline-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version", "");
      return v.isBlank() || v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static String firstPresent(String value, String fallback) {
    return present(value) ? value : fallback;
  }
}
