package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The launcher's entry for the offline commands behaves as the full command line does, and the
 * argument lists it takes without picocli are the ones picocli reads the same way.
 */
class OfflineCliTest {

  private static String[] run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail --help", "mask --help", "thumbnail", "thumbnail --size 0 a.jpg", "thumbnail --bogus a.jpg",
      "thumbnail -V", "mask --policy"})
  void offlineCommandsPrintAndExitAsInTheFullCommandLine(String line) {
    String[] args = line.split(" ");

    String[] offline = run(OfflineCli.commandLine(args[0]), args);
    String[] full = run(PipelineCli.commandLine(), args);

    assertThat(offline).containsExactly(full);
  }

  @Test
  void onlyTheOfflineCommandsHaveAnOfflineCommandLine() {
    assertThat(OfflineCli.commandLine("up")).isNull();
    assertThat(OfflineCli.commandLine("thumbnail").getSubcommands()).containsOnlyKeys("thumbnail");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "thumbnail a.jpg",
    "thumbnail a.jpg b.png c",
    "thumbnail --size 100 a.jpg",
    "thumbnail a.jpg --size=4096",
    "thumbnail --size 0001 a.jpg",
    "thumbnail -o out a.jpg",
    "thumbnail a.jpg --output out/dir b.jpg",
    "thumbnail --output=out a.jpg --size 1",
    "thumbnail thumbnail.jpg",
  })
  void whatItTakesWithoutAParserPicocliReadsTheSameWay(String line) {
    String[] args = line.split(" ");

    PlainThumbnailArgs plain = PlainThumbnailArgs.parse(args);

    assertThat(plain).as(line).isNotNull();
    ParseResult parsed = PipelineCli.commandLine().parseArgs(args).subcommand();
    List<Path> images = parsed.matchedPositionalValue(0, List.of());
    assertThat(plain.images()).isEqualTo(images);
    assertThat(plain.size()).isEqualTo(parsed.matchedOptionValue("--size", PlainThumbnailArgs.DEFAULT_SIZE));
    assertThat(plain.outputDir()).isEqualTo(parsed.matchedOptionValue("--output", (Path) null));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "thumbnail", "thumbnail --help", "thumbnail -h", "thumbnail -V", "thumbnail --version", "thumbnail --size",
    "thumbnail --size 0 a.jpg", "thumbnail --size 4097 a.jpg", "thumbnail --size -5 a.jpg", "thumbnail --size +5 a.jpg",
    "thumbnail --size 12x a.jpg", "thumbnail --size 1 --size 2 a.jpg", "thumbnail -o a -o b c.jpg", "thumbnail -o",
    "thumbnail -o -x a.jpg", "thumbnail -oout a.jpg", "thumbnail -o=out a.jpg", "thumbnail --size= a.jpg",
    "thumbnail -- a.jpg", "thumbnail @args.txt", "thumbnail --sizes 5 a.jpg", "thumbnail --output", "mask a.log",
    "up", "thumbnail -", "thumbnail --size 100",
  })
  void anythingElseIsLeftToPicocli(String line) {
    assertThat(PlainThumbnailArgs.parse(line.split(" "))).as(line).isNull();
  }
}
