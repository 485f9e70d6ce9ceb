package dev.eventpipeline.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class PipelineTargetTest {
  @TempDir
  static Path home;
  static MotoPipeline pipeline;
  @TempDir
  Path dir;

  @BeforeAll
  static void startMoto() {
    pipeline = MotoPipeline.start(home);
  }

  @AfterAll
  static void stopMoto() {
    pipeline.close();
  }

  @Test
  void explicitEndpointAndOutputsFileNeedNoPipelineHome() throws IOException {
    String stream = pipeline.createStream("RawLogsStreamName", 1);
    Path outputs = dir.resolve("my-outputs.json");
    Files.writeString(outputs, "{\"RawLogsStreamName\": \"" + stream + "\"}");
    Path log = dir.resolve("a.log");
    Files.writeString(log, "x\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--endpoint", pipeline.moto.endpoint().toString(),
        "--outputs", outputs.toString(), log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pipeline.readStream(stream)).hasSize(1);
  }

  @Test
  void outputsOfDescribeStacksAreReadToo() throws IOException {
    Path file = dir.resolve("stack.json");
    Files.writeString(file, """
        {"Stacks": [{"StackName": "EventPipeline", "Outputs": [
          {"OutputKey": "RawLogsStreamName", "OutputValue": "raw-logs-abc"},
          {"OutputKey": "EventsTopicArn", "OutputValue": "arn:aws:sns:eu-west-1:111122223333:events"}]}]}
        """);

    assertThat(StackOutputs.read(file)).containsExactly(
        Map.entry("RawLogsStreamName", "raw-logs-abc"),
        Map.entry("EventsTopicArn", "arn:aws:sns:eu-west-1:111122223333:events"));
  }

  @Test
  void outputsWithoutEndpointMeanRealAws() throws IOException {
    Path file = dir.resolve("aws.json");
    Files.writeString(file, "{\"RawLogsStreamName\": \"raw\"}");

    try (PipelineTarget target = PipelineTarget.resolve(options(null, file, "eu-west-1"))) {
      assertThat(target.kind()).isEqualTo(PipelineTarget.Kind.AWS);
      assertThat(target.endpoint()).isEmpty();
      assertThat(target.region()).isEqualTo(Region.EU_WEST_1);
    }
  }

  @Test
  void aStaleOutputsFileSaysTheLocalCloudIsNotRunning() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path file = dir.resolve("outputs.json");
    Files.writeString(file, "{\"Endpoint\": \"http://127.0.0.1:" + closedPort + "\", \"RawLogsStreamName\": \"raw\"}");

    assertThatThrownBy(() -> PipelineTarget.resolve(options(null, file, null)))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("is not answering").hasMessageContaining("./pipeline up");
  }

  @Test
  void aMissingOutputsOptionFileIsAUsageError() {
    MotoPipeline.Run run = pipeline.run("status", "--outputs", dir.resolve("none.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--outputs: no such file");
  }

  @Test
  void cloudFormationStackOutputsAreReadWithASignedDescribeStacks() {
    String template = """
        {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "cfn-events"}}},
         "Outputs": {"EventsTopicArn": {"Value": {"Ref": "Topic"}},
                     "RawLogsStreamName": {"Value": "raw-logs"}}}""";
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    CloudFormationOutputs.call(pipeline.moto.endpoint(), Region.US_EAST_1, credentials,
        "Action=CreateStack&Version=2010-05-15&StackName=EventPipeline&TemplateBody="
            + java.net.URLEncoder.encode(template, java.nio.charset.StandardCharsets.UTF_8), "CreateStack");

    Map<String, String> outputs = CloudFormationOutputs.read("EventPipeline", Region.US_EAST_1, credentials,
        pipeline.moto.endpoint());

    assertThat(outputs).containsEntry("RawLogsStreamName", "raw-logs")
        .containsEntry("EventsTopicArn", "arn:aws:sns:us-east-1:123456789012:cfn-events");
  }

  @Test
  void anUnknownStackIsAClearFailure() {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    assertThatThrownBy(() -> CloudFormationOutputs.read("NoSuchStack", Region.US_EAST_1, credentials,
        pipeline.moto.endpoint()))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("DescribeStacks of stack NoSuchStack failed: HTTP 400");
  }

  private static TargetOptions options(URI endpoint, Path outputs, String region) {
    TargetOptions options = TargetOptions.of(endpoint, outputs);
    options.region = region;
    return options;
  }
}
