package dev.eventpipeline.cli;

import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.PolicyException;
import dev.eventpipeline.masking.HashKeySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
            + " line, in order. Only the bytes of masked values change: JSON lines keep their spacing, key order"
            + " and escapes, line endings are kept, invalid UTF-8 passes through. A per-type count summary goes"
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
    Output out = new Output(stdout);
    try (InputStream input = in) {
      ByteLines reader = new ByteLines(input);
      while (reader.next()) {
        masker.mask(reader.buffer(), reader.start(), reader.length(), counts, out);
        out.write(reader.buffer(), reader.start() + reader.length(), reader.terminatorLength());
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
   * Lines of bytes ended by '\n'; a '\r' right before it (CRLF), or at the very end of the input, is
   * part of the terminator, written back as it was. A lone '\r' inside a line (a progress bar's
   * carriage return) does not end it. No decoding here: the masker reads each line's bytes in place.
   */
  static final class ByteLines {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 20];
    private int pos;
    private int end;
    private boolean eof;
    private int start;
    private int length;
    private int terminator;

    ByteLines(InputStream in) {
      this.in = in;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
      int scanFrom = pos;
      while (true) {
        int nl = indexOf(buffer, (byte) '\n', scanFrom, end);
        if (nl >= 0) {
          boolean cr = nl > pos && buffer[nl - 1] == '\r';
          start = pos;
          length = nl - pos - (cr ? 1 : 0);
          terminator = cr ? 2 : 1;
          pos = nl + 1;
          return true;
        }
        if (eof) {
          if (pos == end) {
            return false;
          }
          boolean cr = buffer[end - 1] == '\r';
          start = pos;
          length = end - pos - (cr ? 1 : 0);
          terminator = cr ? 1 : 0;
          pos = end;
          return true;
        }
        // keep the partial line, make room, read more
        int partial = end - pos;
        if (pos > 0) {
          System.arraycopy(buffer, pos, buffer, 0, partial);
        } else if (partial == buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        pos = 0;
        end = partial;
        scanFrom = partial;
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
          eof = true;
        } else {
          end += read;
        }
      }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The first {@code value} in {@code b[from, to)}, or -1: eight bytes at a time (a byte equal to
     * {@code value} is a zero byte of {@code word ^ pattern}; the lowest flagged byte is the first).
     */
    private static int indexOf(byte[] b, byte value, int from, int to) {
      long pattern = (value & 0xFFL) * 0x0101010101010101L;
      int i = from;
      for (; i + 8 <= to; i += 8) {
        long w = (long) LONGS.get(b, i) ^ pattern;
        long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
        if (zero != 0) {
          return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (b[i] == value) {
          return i;
        }
      }
      return -1;
    }

    byte[] buffer() {
      return buffer;
    }

    /** Offset of the current line's first byte in {@link #buffer()}. */
    int start() {
      return start;
    }

    /** Length of the current line without its terminator. */
    int length() {
      return length;
    }

    /** Bytes of the terminator right after the line: 2 (CRLF), 1 ('\n' or a final '\r') or 0 (end of input). */
    int terminatorLength() {
      return terminator;
    }
  }

  /** An unsynchronized 64 KiB output buffer (BufferedOutputStream locks on every write). */
  private static final class Output extends OutputStream {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int size;

    Output(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (size == buffer.length) {
        drain();
      }
      buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > buffer.length - size) {
        drain();
        if (len > buffer.length) {
          out.write(b, off, len);
          return;
        }
      }
      System.arraycopy(b, off, buffer, size, len);
      size += len;
    }

    private void drain() throws IOException {
      out.write(buffer, 0, size);
      size = 0;
    }

    @Override
    public void flush() throws IOException {
      drain();
      out.flush();
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
