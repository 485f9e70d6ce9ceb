package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `pipeline synth` against a stand-in CDK app ({@link FakeApp}, run in a child JVM exactly as the
 * real one is): what it passes, what it prints, and its exit codes.
 */
class SynthCommandTest {
  @TempDir
  Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Stands in for the CDK app: writes a template, or reports nag findings, as told by its context. */
  public static final class FakeApp {
    public static void main(String[] args) throws Exception {
      List<String> argList = List.of(args);
      Files.writeString(Path.of("args.txt"), String.join(" ", argList) + "\n"
          + "home=" + System.getProperty("pipeline.home") + "\n"
          + "cwd=" + Path.of("").toAbsolutePath() + "\n");
      if (argList.contains("fail=nag")) {
        System.err.println("synth: 1 unsuppressed finding(s); fix them or suppress each with a reason:");
        System.err.println("  [ERROR] /EventPipeline/Uploads/Resource: AwsSolutions-S1: The S3 Bucket has"
            + " server access logs disabled.");
        System.exit(1);
      }
      String cdkOutdir = System.getenv("CDK_OUTDIR"); // as the CDK's App reads it
      Path outdir = Files.createDirectories(Path.of(cdkOutdir != null ? cdkOutdir : "cdk.out"));
      Files.writeString(outdir.resolve("EventPipeline.template.json"), """
          {"Resources": {
             "RawLogsStream": {"Type": "AWS::Kinesis::Stream"},
             "NormalizedLogsStream": {"Type": "AWS::Kinesis::Stream"},
             "UploadsBucket": {"Type": "AWS::S3::Bucket"}},
           "Outputs": {"RawLogsStreamName": {"Value": {"Ref": "RawLogsStream"}}}}
          """);
      System.err.println("synth: EventPipeline synthesized");
    }
  }

  @BeforeEach
  void builtCdkModule() throws Exception {
    Path target = Files.createDirectories(home.resolve("infra/cdk/target/classes"));
    // The test JVM's classpath holds FakeApp: the child runs it as it would run the real app.
    Files.writeString(target.getParent().resolve("classpath.txt"), System.getProperty("java.class.path"));
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SynthCommand(home, FakeApp.class.getName()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void synthesizesInTheCdkModuleAndPrintsTheOutputDirectoryAndResourceCounts() throws Exception {
    assertThat(run()).isZero();

    Path module = home.resolve("infra/cdk").toAbsolutePath().normalize();
    assertThat(out.toString())
        .contains("Synthesized stack EventPipeline into " + module.resolve("cdk.out"))
        .contains("Resources: 3")
        .containsPattern("AWS::Kinesis::Stream\\s+2")
        .containsPattern("AWS::S3::Bucket\\s+1")
        .contains("Outputs: 1");
    assertThat(err.toString()).contains("synth: EventPipeline synthesized");
    String passed = Files.readString(module.resolve("args.txt"));
    assertThat(passed).contains("home=" + home.toAbsolutePath().normalize())
        .contains("cwd=" + module);
  }

  @Test
  void contextOverridesArePassedToTheApp() throws Exception {
    assertThat(run("-c", "streams.shardCount=2", "--context", "alarmEmail=ops@example.com")).isZero();
    assertThat(Files.readString(home.resolve("infra/cdk/args.txt")))
        .startsWith("-c streams.shardCount=2 -c alarmEmail=ops@example.com\n");
  }

  @Test
  void outputSynthesizesIntoAnotherDirectory() throws Exception {
    Path variant = home.resolve("infra/cdk/cdk.out-fargate");
    assertThat(run("-c", "logCompute=fargate", "--output", variant.toString())).isZero();

    assertThat(variant.resolve("EventPipeline.template.json")).exists();
    assertThat(home.resolve("infra/cdk/cdk.out")).doesNotExist();
    assertThat(out.toString()).contains("Synthesized stack EventPipeline into " + variant);
  }

  @Test
  void nagFindingsArePrintedAndExitOne() {
    assertThat(run("-c", "fail=nag")).isEqualTo(1);
    assertThat(err.toString())
        .contains("AwsSolutions-S1: The S3 Bucket has server access logs disabled.")
        .contains("pipeline synth: synthesis failed (exit 1)");
    assertThat(out.toString()).doesNotContain("Synthesized");
  }

  @Test
  void anUnbuiltCdkModuleIsAFailureThatSaysHowToBuildIt() throws Exception {
    Files.delete(home.resolve("infra/cdk/target/classpath.txt"));
    assertThat(run()).isEqualTo(1);
    assertThat(err.toString()).contains("./mvnw -q -B -pl infra/cdk package -DskipTests");
  }

  @Test
  void aContextEntryWithoutAValueIsAUsageError() {
    assertThat(run("-c", "streams.shardCount")).isEqualTo(2);
    assertThat(err.toString()).contains("expected KEY=VALUE");
  }

  @Test
  void helpDescribesTheCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: synth").contains("cdk-nag").contains("--context");
  }

  @Test
  void isRegisteredInThePipelineCli() {
    assertThat(PipelineCli.commandLine().getSubcommands()).containsKey("synth");
  }
}
