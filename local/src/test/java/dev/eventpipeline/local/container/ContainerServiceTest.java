package dev.eventpipeline.local.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.provision.ProvisionedStack;
import dev.eventpipeline.local.provision.Provisioner;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.TemplateException;
import dev.eventpipeline.local.testfn.TestTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ECS service of a synthesized template, provisioned on moto and run as local processes. */
class ContainerServiceTest {
  private static final String HASH = "ab".repeat(32);
  @TempDir
  static Path dir;
  static MotoServer moto;
  static LocalAws aws;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    aws = new LocalAws(moto.endpoint(), "us-east-1");
  }

  @AfterAll
  static void stop() {
    aws.close();
    moto.close();
  }

  @Test
  void aServiceRunsItsContainersJarWithTheResolvedEnvironmentIsReplacedWhenKilledAndStopsGracefully() throws Exception {
    Path cdkOut = stage(dir.resolve("one"), container("{\"Name\":\"TASK_GREETING\",\"Value\":\"hello\"},"
        + "{\"Name\":\"STREAM_NAME\",\"Value\":{\"Ref\":\"Logs\"}}"), 1);
    ProvisionedStack stack = provision(cdkOut);

    assertThat(stack.services()).hasSize(1);
    ServiceSpec spec = stack.services().get(0);
    assertThat(spec.containerName()).isEqualTo("worker");
    assertThat(spec.environment()).containsEntry("TASK_GREETING", "hello")
        .containsEntry("STREAM_NAME", "EventPipeline-Logs");
    assertThat(spec.memoryMiB()).isEqualTo(512);
    assertThat(spec.desiredCount()).isEqualTo(1);
    assertThat(spec.stopTimeoutSeconds()).isEqualTo(5);
    assertThat(spec.jar()).isEqualTo(cdkOut.resolve("asset." + HASH).resolve("target/task.jar"));
    assertThat(stack.ignored()).anyMatch(i -> i.contains("AWS::EC2::VPC"));

    List<String> lines = new CopyOnWriteArrayList<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Map<String, String> env = new HashMap<>(spec.environment());
    env.put("PATH", "/usr/bin:/bin");
    try (ServiceTasks tasks = new ServiceTasks(spec, env, scheduler, lines::add)) {
      tasks.start();
      await(() -> lines.stream().anyMatch(l -> l.startsWith("worker/0: task up: hello, stream EventPipeline-Logs")));
      // three quarters of the task's 512 MiB as the heap bound (the JVM reports a little less than -Xmx384m)
      int heap = lines.stream().filter(l -> l.contains("max heap ")).map(l -> l.replaceAll(".*max heap (\\d+) MiB", "$1"))
          .mapToInt(Integer::parseInt).findFirst().orElseThrow();
      assertThat(heap).isBetween(300, 384);

      tasks.kill(0);
      await(() -> tasks.startedCount() == 2 && tasks.runningCount() == 1);
      assertThat(lines).anyMatch(l -> l.startsWith("worker/0: exited with code"));
      await(() -> lines.stream().filter(l -> l.contains("task up")).count() == 2);

      tasks.close();
      assertThat(tasks.runningCount()).isZero();
      await(() -> lines.stream().anyMatch(l -> l.equals("worker/0: stopping gracefully")));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aTaskDefinitionOfTwoContainersIsRefusedClearly() throws Exception {
    String two = container("") + "," + container("").replace("\"worker\"", "\"sidecar\"");
    Path cdkOut = stage(dir.resolve("two"), two, 1);
    assertThatThrownBy(() -> provision(cdkOut)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("exactly one container");
  }

  @Test
  void anImageThatIsNotAnAssetIsRefusedClearly() throws Exception {
    Path cdkOut = stage(dir.resolve("public"), container("").replace(
        "{\"Fn::Sub\":\"${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-assets:" + HASH + "\"}",
        "\"public.ecr.aws/docker/library/nginx:latest\""), 1);
    assertThatThrownBy(() -> provision(cdkOut)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("not a CDK image asset");
  }

  private static ProvisionedStack provision(Path cdkOut) {
    CfnTemplate template = CfnTemplate.read(cdkOut.resolve("EventPipeline.template.json"));
    return new Provisioner(template, aws, "EventPipeline", new AtomicInteger(46000)::getAndIncrement, new ArrayList<>())
        .provision();
  }

  private static String container(String environment) {
    return "{\"Name\":\"worker\",\"Essential\":true,\"StopTimeout\":5,"
        + "\"Image\":{\"Fn::Sub\":\"${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-assets:" + HASH + "\"},"
        + "\"Environment\":[" + environment + "]}";
  }

  /** A template with a stream, a VPC, a cluster, the task definition and a service; the image asset with its jar. */
  private static Path stage(Path cdkOut, String containers, int desired) throws IOException {
    Path jarDir = cdkOut.resolve("asset." + HASH).resolve("target");
    Files.createDirectories(jarDir);
    writeTaskJar(jarDir.resolve("task.jar"));
    Files.writeString(cdkOut.resolve("asset." + HASH).resolve("Dockerfile"), "FROM scratch\n");
    Files.writeString(cdkOut.resolve("EventPipeline.assets.json"), "{\"version\":\"48.0.0\",\"files\":{},"
        + "\"dockerImages\":{\"" + HASH + "\":{\"source\":{\"directory\":\"asset." + HASH + "\"},\"destinations\":{}}}}");
    Files.writeString(cdkOut.resolve("EventPipeline.template.json"), "{\"Resources\":{"
        + "\"Logs\":{\"Type\":\"AWS::Kinesis::Stream\",\"Properties\":{\"ShardCount\":1}},"
        + "\"Vpc\":{\"Type\":\"AWS::EC2::VPC\",\"Properties\":{\"CidrBlock\":\"10.0.0.0/16\"}},"
        + "\"Cluster\":{\"Type\":\"AWS::ECS::Cluster\",\"Properties\":{}},"
        + "\"TaskDef\":{\"Type\":\"AWS::ECS::TaskDefinition\",\"Properties\":{\"Cpu\":\"256\",\"Memory\":\"512\","
        + "\"NetworkMode\":\"awsvpc\",\"ContainerDefinitions\":[" + containers + "]}},"
        + "\"Service\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"Cluster\":{\"Ref\":\"Cluster\"},"
        + "\"TaskDefinition\":{\"Ref\":\"TaskDef\"},\"DesiredCount\":" + desired + ",\"LaunchType\":\"FARGATE\"}}}}");
    return cdkOut;
  }

  private static void writeTaskJar(Path jar) throws IOException {
    String entry = TestTask.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TestTask.class.getName());
    try (InputStream in = TestTask.class.getClassLoader().getResourceAsStream(entry);
         OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, manifest)) {
      jos.putNextEntry(new JarEntry(entry));
      jos.write(in.readAllBytes());
      jos.closeEntry();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
