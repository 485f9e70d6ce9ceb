package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OutputsCommandTest {
  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PipelineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void printsTheRunningLocalCloudsOutputsAsATableOrJson() throws Exception {
    Path file = dir.resolve("outputs.json");
    Files.writeString(file, "{\"RawLogsStreamName\":\"EventPipeline-RawLogsStream\",\"Endpoint\":\"http://127.0.0.1:4566\"}");

    assertThat(run("outputs", "--file", file.toString())).isZero();
    assertThat(out.toString()).contains("RawLogsStreamName  EventPipeline-RawLogsStream")
        .contains("Endpoint           http://127.0.0.1:4566");
    out.getBuffer().setLength(0);
    assertThat(run("outputs", "--json", "--file", file.toString())).isZero();
    assertThat(out.toString()).contains("\"Endpoint\" : \"http://127.0.0.1:4566\"");
  }

  @Test
  void withoutARunningLocalCloudItSaysSoAndFails() {
    assertThat(run("outputs", "--file", dir.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("no running local cloud").contains("./pipeline up");
  }

  @Test
  void upHasHelpAndRejectsEndpointWithLocalstack() {
    assertThat(run("up", "--help")).isZero();
    assertThat(out.toString()).contains("--endpoint").contains("--localstack").contains("--pretty").contains("--port");
    assertThat(run("up", "--endpoint", "http://127.0.0.1:1", "--localstack")).isEqualTo(2);
  }
}
