package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.cli.client.TargetException;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pipeline outputs`: Print the stack outputs resolved to the local cloud. */
@Command(name = "outputs", mixinStandardHelpOptions = true,
    description = {"Print the stack outputs of the running local cloud (`pipeline up` in another terminal): "
        + "resource names, ARNs, URLs, and its Endpoint.", "Reads .pipeline/outputs.json."})
public final class OutputsCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the outputs as one JSON object.")
  boolean json;

  @Option(names = "--file", paramLabel = "FILE", hidden = true, description = "Read this outputs file instead.")
  Path file;

  @Override
  public Integer call() throws IOException {
    Path file = this.file != null ? this.file : StackOutputs.localFile(StackOutputs.home());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(file)) {
      err.println("pipeline outputs: no running local cloud (" + file + " does not exist): start `./pipeline up` "
          + "in another terminal");
      return 1;
    }
    Map<String, String> outputs;
    try {
      outputs = StackOutputs.read(file);
    } catch (TargetException e) {
      err.println("pipeline outputs: " + e.getMessage());
      return 1;
    }
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(outputs));
      return 0;
    }
    int width = outputs.keySet().stream().mapToInt(String::length).max().orElse(0);
    outputs.forEach((key, value) -> out.printf("%-" + width + "s  %s%n", key, value));
    out.flush();
    return 0;
  }
}
