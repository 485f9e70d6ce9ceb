package dev.eventpipeline.thumbnail.image;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageInputStream over bytes already in memory that fails every read once {@link #expire()} has
 * been called. It is how a decode through ImageIO is stopped at its deadline whatever the reader:
 * {@code ImageReader.abort()} is only a request, which the JDK's JPEG reader refuses from another
 * thread and TwelveMonkeys' WebP reader checks only after it has decoded everything, and which
 * {@code read} clears when it starts; but every reader reads its input as it decodes, so a read that
 * throws ends any decode within one buffer refill. Expiry is sticky: no reader can clear it.
 */
final class DeadlineImageInputStream extends ImageInputStreamImpl {
  private final byte[] data;
  private volatile boolean expired;

  DeadlineImageInputStream(byte[] data) {
    this.data = data;
  }

  /** From now on, every read throws. Safe to call from any thread. */
  void expire() {
    expired = true;
  }

  boolean expired() {
    return expired;
  }

  @Override
  public int read() throws IOException {
    check();
    bitOffset = 0;
    return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    if (off < 0 || len < 0 || off + len > b.length || off + len < 0) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + b.length);
    }
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return -1;
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  private void check() throws IOException {
    checkClosed();
    if (expired) {
      throw new IOException("the decode deadline has passed");
    }
  }
}
