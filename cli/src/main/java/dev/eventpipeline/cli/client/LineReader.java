package dev.eventpipeline.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines without decoding it (binary input stays byte-exact): '\n' ends a
 * line, a trailing '\r' is dropped. A line longer than {@code maxLineBytes} is not kept in memory:
 * {@link #next()} returns it truncated and {@link #lastLineLength()} tells its real length.
 */
final class LineReader {
  private final InputStream in;
  private final Runnable beforeBlocking;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long consumed;
  private long lineNumber;
  private long lastLineLength;

  /**
   * @param beforeBlocking run when no input is available and the next read would block (a pipe
   *     from a live producer): lets the caller send what it holds instead of waiting on it; may be null
   */
  LineReader(InputStream in, Runnable beforeBlocking, int maxLineBytes) {
    this.in = in;
    this.beforeBlocking = beforeBlocking;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at the end of input. */
  byte[] next() throws IOException {
    ByteArrayOutputStream line = null;
    long length = 0;
    while (true) {
      if (pos == limit && !fill()) {
        if (line == null) {
          return null;
        }
        break;
      }
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (line == null) {
        line = new ByteArrayOutputStream(Math.min(Math.max(n, 64), maxLineBytes));
      }
      int keep = (int) Math.max(0, Math.min(n, maxLineBytes - length));
      line.write(buffer, start, keep);
      length += n;
      if (pos < limit) {
        pos++; // the '\n'
        break;
      }
    }
    lineNumber++;
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r' && length == bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
      length--;
    }
    lastLineLength = length;
    return bytes;
  }

  /** 1-based number of the line {@link #next()} returned last. */
  long lineNumber() {
    return lineNumber;
  }

  long lastLineLength() {
    return lastLineLength;
  }

  /** Bytes consumed so far, for progress. */
  long consumed() {
    return consumed - (limit - pos);
  }

  private boolean fill() throws IOException {
    if (beforeBlocking != null && in.available() == 0) {
      beforeBlocking.run();
    }
    int n = in.read(buffer);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    consumed += n;
    return true;
  }
}
