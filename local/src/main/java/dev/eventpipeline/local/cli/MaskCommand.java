package dev.eventpipeline.local.cli;

import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.masking.MaskPolicy;
import dev.eventpipeline.masking.PolicyException;
import dev.eventpipeline.masking.HashKeySource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `pipeline mask`: masks a log file offline with the mask function's own engine, so a policy can be
 * tried on real logs before it is deployed. One output line per input line, in order; a line that
 * is a JSON object or array stays JSON with the same keys. The per-type summary goes to stderr.
 */
@Command(name = "mask", mixinStandardHelpOptions = true,
    description = {"Mask a log file offline with a masking policy (the mask function's engine).",
        "Reads lines (plain text, or one JSON document per line) and writes exactly one masked line per input"
            + " line, in order; JSON lines stay valid JSON with the same keys. A per-type count summary goes"
            + " to stderr.",
        "A policy using HASH reads its HMAC key from the environment variable " + MaskCommand.HASH_KEY_ENV + "."},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error (unknown option, unreadable file, malformed policy)."})
public final class MaskCommand implements Callable<Integer> {
  static final String HASH_KEY_ENV = "MASK_HASH_KEY";

  @Spec
  private CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "masking policy JSON (default: the built-in policy)")
  private Path policyFile;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
      description = "log file to mask, or - for standard input (default)")
  private String input;

  private final Map<String, String> environment;
  private final InputStream stdin;
  private final OutputStream stdout;

  public MaskCommand() {
    this(System.getenv(), System.in, System.out);
  }

  /**
   * For tests: the environment (hash key), standard input and output. Masked lines are written as
   * UTF-8 bytes whatever the platform charset (Java 17 defaults to the locale's, often ASCII).
   */
  MaskCommand(Map<String, String> environment, InputStream stdin, OutputStream stdout) {
    this.environment = environment;
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    MaskPolicy policy;
    try {
      policy = policyFile == null ? MaskPolicy.defaults() : MaskPolicy.parse(Files.readString(policyFile));
    } catch (PolicyException e) {
      throw usage(policyFile + ": " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw usage("cannot read policy " + policyFile + ": no such file");
    } catch (IOException e) {
      throw usage("cannot read policy " + policyFile + ": " + e.getMessage());
    }
    HashKeySource keys = HashKeySource.none();
    if (policy.usesHash()) {
      String key = environment.get(HASH_KEY_ENV);
      if (key == null || key.isBlank()) {
        throw usage("the policy uses HASH for " + policy.hashedTypes() + " but " + HASH_KEY_ENV
            + " is not set (the HMAC key; use the same key as the deployed function to get the same pseudonyms)");
      }
      keys = HashKeySource.fixed(key.getBytes(StandardCharsets.UTF_8));
    }
    LineMasker masker = new LineMasker(new MaskEngine(policy, keys));

    InputStream in;
    if ("-".equals(input)) {
      in = stdin;
    } else {
      Path file = Path.of(input);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw usage("cannot read " + input + ": " + (Files.exists(file) ? "not a readable file" : "no such file"));
      }
      in = Files.newInputStream(file);
    }
    MaskCounts counts = new MaskCounts();
    long lines = 0;
    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      LineReader lineReader = new LineReader(reader);
      String line;
      while ((line = lineReader.next()) != null) {
        out.write(masker.mask(line, counts));
        out.write('\n');
        lines++;
      }
    } finally {
      out.flush();
    }
    err.println(summary(lines, counts));
    err.flush();
    return 0;
  }

  /**
   * Lines ended by '\n' only, without the '\r' of a CRLF (nor a '\r' left at the end of the input).
   * BufferedReader.readLine() also ends a line at a lone '\r' (a progress bar's carriage return, say),
   * which would turn one input line into two output lines.
   */
  static final class LineReader {
    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder partial = new StringBuilder();
    private int pos;
    private int end;

    LineReader(Reader in) {
      this.in = in;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException {
      while (true) {
        if (pos == end) {
          end = Math.max(0, in.read(buffer, 0, buffer.length));
          pos = 0;
          if (end == 0) {
            return partial.isEmpty() ? null : take();
          }
        }
        for (int i = pos; i < end; i++) {
          if (buffer[i] == '\n') {
            String line;
            if (partial.isEmpty()) {
              // the common case: the whole line is in the buffer, copied once
              line = new String(buffer, pos, i > pos && buffer[i - 1] == '\r' ? i - 1 - pos : i - pos);
            } else {
              partial.append(buffer, pos, i - pos);
              line = take();
            }
            pos = i + 1;
            return line;
          }
        }
        partial.append(buffer, pos, end - pos);
        pos = end;
      }
    }

    private String take() {
      int length = partial.length();
      String line = partial.substring(0, length > 0 && partial.charAt(length - 1) == '\r' ? length - 1 : length);
      partial.setLength(0);
      return line;
    }
  }

  static String summary(long lines, MaskCounts counts) {
    StringBuilder b = new StringBuilder("masked ").append(counts.total()).append(" value(s) in ").append(lines)
        .append(" line(s)");
    counts.asMap().forEach((type, n) -> b.append("\n  ").append(String.format("%-18s %d", type, n)));
    return b.toString();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
