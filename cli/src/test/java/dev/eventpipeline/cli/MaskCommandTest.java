package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MaskCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String stdin, String... args) {
    CommandLine cli = new CommandLine(new MaskCommand(env,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), "", args);
  }

  private List<String> outputLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesExactlyOneMaskedLinePerInputLineInOrderAndASummaryToStderr() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, String.join("\n",
        "2026-11-23 INFO login by jane@example.com from 10.0.0.1",
        "",
        "{\"level\":\"warn\",\"user\":{\"email\":\"bob@example.org\",\"password\":\"hunter2\"},\"n\":1}",
        "{not json but braces: card 4111 1111 1111 1111",
        "plain line with nothing — ünïcödé kept",
        "[\"10.1.2.3\", 42]") + "\n");

    assertThat(run(log.toString())).isZero();

    assertThat(outputLines()).containsExactly(
        "2026-11-23 INFO login by [EMAIL] from [IPV4]",
        "",
        "{\"level\":\"warn\",\"user\":{\"email\":\"[EMAIL]\",\"password\":\"[PASSWORD]\"},\"n\":1}",
        "{not json but braces: card [CREDIT_CARD:****1111]",
        "plain line with nothing — ünïcödé kept",
        "[\"[IPV4]\", 42]");
    assertThat(err.toString()).startsWith("masked 6 value(s) in 6 line(s)")
        .contains("EMAIL              2").contains("PASSWORD           1").contains("IPV4               2");
  }

  @Test
  void aJsonLineKeepsItsKeysInOrder() throws Exception {
    String line = "{\"b\":\"jane@example.com\",\"a\":{\"token\":\"t\",\"z\":[1,\"x\"]},\"id\":\"+1 415 555 0132\"}";
    assertThat(run(Map.of(), line + "\n")).isZero();
    ObjectMapper mapper = new ObjectMapper();
    assertThat(fieldNames(mapper.readTree(outputLines().get(0)))).isEqualTo(fieldNames(mapper.readTree(line)));
  }

  @Test
  void readsStandardInputWithADash() {
    assertThat(run(Map.of(), "call +44 20 7123 4567\r\nok\n", "-")).isZero();
    assertThat(outputLines()).containsExactly("call [PHONE]", "ok");
  }

  @Test
  void aLoneCarriageReturnDoesNotEndALineAndLineEndingsAreWrittenBackAsTheyWere() {
    String stdin = "upload 10%\rupload 100% by jane@example.com\r\n"
        + "{\"email\":\"bob@example.org\"}\r\n"
        + "\r\n"
        + "a\r\rb\n"
        + "last\r";

    assertThat(run(Map.of(), stdin, "-")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("upload 10%\rupload 100% by [EMAIL]\r\n"
        + "{\"email\":\"[EMAIL]\"}\r\n"
        + "\r\n"
        + "a\r\rb\n"
        + "last\r");
    assertThat(err.toString()).startsWith("masked 2 value(s) in 5 line(s)");
  }

  @Test
  void untouchedLinesComeBackByteForByteIncludingInvalidUtf8AndNoFinalNewline() throws Exception {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write("{ \"b\" : 1.50,\t\"a\": \"caf\\u00e9 ☕\" }\n".getBytes(StandardCharsets.UTF_8));
    input.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'});
    input.write("mail jane@example.com é ".getBytes(StandardCharsets.UTF_8));
    input.write(new byte[] {(byte) 0xE2, (byte) 0x82, ' ', 'e', 'n', 'd'});
    byte[] bytes = input.toByteArray();

    CommandLine cli = new CommandLine(new MaskCommand(Map.of(), new ByteArrayInputStream(bytes), out));
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("-")).isZero();

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write("{ \"b\" : 1.50,\t\"a\": \"caf\\u00e9 ☕\" }\n".getBytes(StandardCharsets.UTF_8));
    expected.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'});
    expected.write("mail [EMAIL] é ".getBytes(StandardCharsets.UTF_8));
    expected.write(new byte[] {(byte) 0xE2, (byte) 0x82, ' ', 'e', 'n', 'd'});
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void linesAreSplitTheSameWhereverTheReadsEnd() throws Exception {
    String text = "x".repeat(70_000) + "\r\n" + "one\rtwo\r\n\n" + "y".repeat(3 << 20) + "\r";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    InputStream fewBytesAtATime = new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return super.read(buffer, offset, Math.min(7, length));
      }
    };
    for (InputStream in : List.of(new ByteArrayInputStream(bytes), fewBytesAtATime)) {
      MaskCommand.ByteLines lines = new MaskCommand.ByteLines(in);
      List<String> read = new ArrayList<>();
      List<Integer> terminators = new ArrayList<>();
      while (lines.next()) {
        read.add(new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8));
        terminators.add(lines.terminatorLength());
      }
      assertThat(read).containsExactly("x".repeat(70_000), "one\rtwo", "", "y".repeat(3 << 20));
      assertThat(terminators).containsExactly(2, 2, 1, 1);
    }
  }

  @Test
  void findsEveryLineEndWhateverItsPlaceInAnEightByteWord() throws Exception {
    // the newline search reads eight bytes at a time: line ends at every offset, bytes >= 0x80 and
    // bytes one away from '\n' (0x0B, 0x09, 0x8A) must neither hide a line end nor fake one
    java.util.Random random = new java.util.Random(17);
    byte[] alphabet = {'a', 0x0B, 0x09, (byte) 0x8A, (byte) 0xC3, (byte) 0xA9, '\r', 0, (byte) 0xFF};
    for (int round = 0; round < 200; round++) {
      byte[] bytes = new byte[random.nextInt(64)];
      List<String> expected = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(5) == 0 ? (byte) '\n' : alphabet[random.nextInt(alphabet.length)];
        if (bytes[i] == '\n') {
          int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
          expected.add(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
          start = i + 1;
        }
      }
      if (start < bytes.length) {
        int end = bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        expected.add(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
      }
      MaskCommand.ByteLines lines = new MaskCommand.ByteLines(new ByteArrayInputStream(bytes));
      List<String> read = new ArrayList<>();
      while (lines.next()) {
        read.add(new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.ISO_8859_1));
      }
      assertThat(read).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void appliesAPolicyFileIncludingHashWithTheKeyFromTheEnvironment() throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"operators\": {\"EMAIL\": \"HASH\", \"IPV4\": \"NONE\"}}");
    String input = "jane@example.com 10.0.0.1\nJANE@EXAMPLE.COM\n";

    assertThat(run(Map.of("MASK_HASH_KEY", "a-local-key-of-enough-length"), input, "--policy", policy.toString())).isZero();

    List<String> lines = outputLines();
    assertThat(lines.get(0)).matches("\\[EMAIL:[0-9a-f]{8}] 10\\.0\\.0\\.1");
    assertThat(lines.get(1)).isEqualTo(lines.get(0).substring(0, 16));
  }

  @Test
  void aHashPolicyWithoutAKeyIsAUsageError() throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"operators\": {\"EMAIL\": \"HASH\"}}");
    assertThat(run(Map.of(), "x\n", "--policy", policy.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("uses HASH for [EMAIL] but MASK_HASH_KEY is not set");
    assertThat(out.size()).isZero();
  }

  @Test
  void aMalformedPolicyIsAUsageErrorNamingTheProblem() throws Exception {
    Path policy = dir.resolve("bad.json");
    Files.writeString(policy, "{\"operators\": {\"EMAIL\": \"SCRAMBLE\"}}");
    assertThat(run("--policy", policy.toString(), "-")).isEqualTo(2);
    assertThat(err.toString()).contains("bad.json").contains("unknown operator 'SCRAMBLE' for EMAIL");
  }

  @Test
  void aPolicyThatIsNotJsonIsAUsageErrorWithTheLine() throws Exception {
    Path policy = dir.resolve("broken.json");
    Files.writeString(policy, "{\n  \"operators\": {\"EMAIL\": \"HASH\",}\n}");
    assertThat(run("--policy", policy.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not valid JSON at line 2");
  }

  @Test
  void aMissingPolicyOrInputFileIsAUsageError() {
    assertThat(run("--policy", dir.resolve("nope.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read policy").contains("no such file");
    assertThat(run(dir.resolve("missing.log").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read").contains("missing.log");
    assertThat(run(dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not a readable file");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("--frobnicate");
  }

  @Test
  void isRegisteredInThePipelineCliWithHelp() {
    StringWriter help = new StringWriter();
    CommandLine cli = PipelineCli.commandLine();
    cli.setOut(new PrintWriter(help, true));
    assertThat(cli.execute("mask", "--help")).isZero();
    assertThat(help.toString()).contains("Usage: pipeline mask").contains("--policy=FILE").contains("MASK_HASH_KEY");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      names.add(e.getKey());
      if (e.getValue().isObject()) {
        fieldNames(e.getValue()).forEach(n -> names.add(e.getKey() + "." + n));
      }
    }
    return names;
  }
}
