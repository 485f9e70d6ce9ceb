package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
    Path outputs = file != null ? file : LocalHome.stateDir().resolve("outputs.json");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(outputs)) {
      err.println("pipeline outputs: no running local cloud (" + outputs + " does not exist): start `./pipeline up` "
          + "in another terminal");
      return 1;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(outputs.toFile());
    } catch (IOException e) {
      err.println("pipeline outputs: cannot read " + outputs + ": " + e.getMessage());
      return 1;
    }
    if (json) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      return 0;
    }
    int width = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      width = Math.max(width, it.next().length());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.printf("%-" + width + "s  %s%n", e.getKey(), e.getValue().asText());
    }
    out.flush();
    return 0;
  }
}
