package dev.eventpipeline.ingest.domain.format;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompression of CloudWatch Logs subscription payloads, which arrive as gzip (the Kinesis and
 * Firehose destinations) or as zlib (seen in real payloads too), with a hard cap on the inflated
 * size so a decompression bomb costs at most the cap.
 */
public final class Inflate {
  /**
   * How much of what inflated before a failure an exception keeps ({@link Failure#inflatedPrefix()}):
   * the quarantine masks at most this much text of a payload (docs/ingest.md, "Quarantine").
   */
  public static final int PREFIX_KEPT_BYTES = DecodeLimits.KINESIS_MAX_RECORD_BYTES;

  /** A failure to inflate, with the start of what did inflate before it. */
  public abstract static class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private byte[] inflatedPrefix = new byte[0];

    Failure(String message) {
      super(message, null, false, false);
    }

    /** The first bytes (at most {@link #PREFIX_KEPT_BYTES}) inflated before the failure; may be empty. */
    public byte[] inflatedPrefix() {
      return inflatedPrefix;
    }

    Failure withPrefix(ByteArrayOutputStream out) {
      if (out.size() <= PREFIX_KEPT_BYTES) {
        inflatedPrefix = out.toByteArray();
        return this;
      }
      // copies only the prefix, not the whole (up to the inflation cap) buffer
      byte[] prefix = new byte[PREFIX_KEPT_BYTES];
      try {
        out.writeTo(new java.io.OutputStream() {
          private int at;

          @Override
          public void write(int b) {
            if (at < prefix.length) {
              prefix[at++] = (byte) b;
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            int n = Math.min(len, prefix.length - at);
            System.arraycopy(b, off, prefix, at, Math.max(n, 0));
            at += Math.max(n, 0);
          }
        });
      } catch (java.io.IOException impossible) {
        throw new java.io.UncheckedIOException(impossible);
      }
      inflatedPrefix = prefix;
      return this;
    }
  }

  /** The payload inflates to more than the cap. */
  public static final class TooLargeException extends Failure {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /** The payload is not valid compressed data. */
  public static final class InvalidException extends Failure {
    private static final long serialVersionUID = 1L;

    InvalidException(String message) {
      super(message);
    }
  }

  private Inflate() {}

  public static boolean isGzip(byte[] d) {
    return d.length >= 2 && (d[0] & 0xFF) == 0x1F && (d[1] & 0xFF) == 0x8B;
  }

  /** A zlib header (RFC 1950): deflate method, window ≤ 32K, no preset dictionary, valid check bits. */
  public static boolean isZlib(byte[] d) {
    if (d.length < 2) {
      return false;
    }
    int cmf = d[0] & 0xFF;
    int flg = d[1] & 0xFF;
    return (cmf & 0x0F) == 8 && (cmf >>> 4) <= 7 && (flg & 0x20) == 0 && ((cmf << 8) | flg) % 31 == 0;
  }

  /**
   * Inflates every gzip member (concatenated members are one stream, as gunzip treats them). A
   * failure carries the start of what inflated before it.
   */
  public static byte[] gunzip(byte[] d, int maxBytes) throws InvalidException, TooLargeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, d.length * 8)));
    int pos = 0;
    int members = 0;
    try {
      while (pos < d.length) {
        if (members > 0 && !(d.length - pos >= 2 && (d[pos] & 0xFF) == 0x1F && (d[pos + 1] & 0xFF) == 0x8B)) {
          break; // trailing padding after the last member (gunzip ignores it too)
        }
        pos = member(d, pos, out, maxBytes);
        members++;
      }
    } catch (InvalidException e) {
      throw (InvalidException) e.withPrefix(out);
    } catch (TooLargeException e) {
      throw (TooLargeException) e.withPrefix(out);
    }
    return out.toByteArray();
  }

  /** Inflates one gzip member (RFC 1952) starting at {@code pos}; returns the position after it. */
  private static int member(byte[] d, int pos, ByteArrayOutputStream out, int maxBytes)
      throws InvalidException, TooLargeException {
    if (d.length - pos < 18 || (d[pos + 2] & 0xFF) != 8) {
      throw new InvalidException("gzip member too short or not deflate");
    }
    int flags = d[pos + 3] & 0xFF;
    if ((flags & 0xE0) != 0) {
      throw new InvalidException("gzip header has reserved flags set");
    }
    int p = pos + 10;
    if ((flags & 0x04) != 0) { // FEXTRA
      if (p + 2 > d.length) {
        throw new InvalidException("gzip header truncated");
      }
      p += 2 + ((d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8);
    }
    if ((flags & 0x08) != 0) { // FNAME
      p = skipZeroTerminated(d, p);
    }
    if ((flags & 0x10) != 0) { // FCOMMENT
      p = skipZeroTerminated(d, p);
    }
    if ((flags & 0x02) != 0) { // FHCRC
      p += 2;
    }
    if (p >= d.length) {
      throw new InvalidException("gzip header truncated");
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(d, p, d.length - p);
      int before = out.size();
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      int written = drain(inflater, out, maxBytes, crc);
      int end = d.length - inflater.getRemaining();
      if (end + 8 > d.length) {
        throw new InvalidException("gzip trailer missing");
      }
      long expectedCrc = le32(d, end);
      long expectedSize = le32(d, end + 4);
      if (expectedCrc != crc.getValue() || expectedSize != ((out.size() - before) & 0xFFFFFFFFL) || written < 0) {
        throw new InvalidException("gzip CRC or size mismatch");
      }
      return end + 8;
    } finally {
      inflater.end();
    }
  }

  /** Inflates a zlib stream (RFC 1950), checking its Adler-32; a failure carries the start of what inflated. */
  public static byte[] inflateZlib(byte[] d, int maxBytes) throws InvalidException, TooLargeException {
    Inflater inflater = new Inflater(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, d.length * 8)));
    try {
      inflater.setInput(d);
      drain(inflater, out, maxBytes, null);
      return out.toByteArray();
    } catch (InvalidException e) {
      throw (InvalidException) e.withPrefix(out);
    } catch (TooLargeException e) {
      throw (TooLargeException) e.withPrefix(out);
    } finally {
      inflater.end();
    }
  }

  private static int drain(Inflater inflater, ByteArrayOutputStream out, int maxBytes, java.util.zip.CRC32 crc)
      throws InvalidException, TooLargeException {
    byte[] buf = new byte[16 * 1024];
    int total = 0;
    int idle = 0;
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0) {
          if (inflater.needsInput()) {
            throw new InvalidException("compressed stream ends early");
          }
          if (inflater.needsDictionary()) {
            throw new InvalidException("compressed stream needs a preset dictionary");
          }
          if (++idle > 16) {
            throw new InvalidException("compressed stream makes no progress");
          }
          continue;
        }
        total += n;
        if (out.size() + n > maxBytes) {
          throw new TooLargeException("payload inflates to more than " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
        if (crc != null) {
          crc.update(buf, 0, n);
        }
      }
    } catch (DataFormatException e) {
      throw new InvalidException("corrupt deflate data");
    }
    return total;
  }

  private static int skipZeroTerminated(byte[] d, int p) throws InvalidException {
    while (p < d.length && d[p] != 0) {
      p++;
    }
    if (p >= d.length) {
      throw new InvalidException("gzip header truncated");
    }
    return p + 1;
  }

  private static long le32(byte[] d, int p) {
    return (d[p] & 0xFFL) | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL) << 16 | (d[p + 3] & 0xFFL) << 24;
  }
}
