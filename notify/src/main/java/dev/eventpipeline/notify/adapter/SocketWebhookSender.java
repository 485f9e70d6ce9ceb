package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SendResult;
import dev.eventpipeline.notify.domain.WebhookTarget;
import dev.eventpipeline.notify.port.WebhookSender;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Adapter: a deliberately small HTTP/1.1 client that connects a plain socket to an address the
 * {@link dev.eventpipeline.notify.domain.TargetPolicy} already checked, so the host is never resolved
 * a second time (DNS rebinding). For https it layers TLS over that socket with the URL's host as SNI
 * name and verifies the certificate against that host (endpoint identification "HTTPS"), exactly as a
 * normal client would. It sends one request with {@code Connection: close}, reads only the status
 * line, never follows redirects, and enforces the connect timeout and a total deadline (a watchdog
 * closes the socket, which also unblocks a write to a peer that stopped reading).
 *
 * <p>Why not java.net.http.HttpClient or HttpURLConnection: both resolve the host themselves and
 * neither can be pinned to an address while keeping the Host header, SNI and certificate checks on
 * the original name.
 */
public final class SocketWebhookSender implements WebhookSender {
  private static final int MAX_STATUS_LINE = 8 * 1024;
  private static final int MAX_DETAIL = 200;
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final Duration connectTimeout;
  private final Duration totalTimeout;
  private final SSLSocketFactory tls;

  public SocketWebhookSender(Duration connectTimeout, Duration totalTimeout) {
    this(connectTimeout, totalTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With a specific TLS configuration (tests trust their own certificate authority). */
  public SocketWebhookSender(Duration connectTimeout, Duration totalTimeout, SSLSocketFactory tls) {
    this.connectTimeout = connectTimeout;
    this.totalTimeout = totalTimeout;
    this.tls = tls;
  }

  @Override
  public SendResult post(WebhookTarget target, Map<String, String> headers, byte[] body) {
    byte[] head = head(target, headers, body.length);
    long start = System.nanoTime();
    long deadline = start + totalTimeout.toNanos();
    Socket socket = null;
    ScheduledFuture<?> alarm = null;
    AtomicBoolean expired = new AtomicBoolean();
    try {
      socket = connect(target.addresses(), target.url().port(), deadline);
      Socket toClose = socket;
      alarm = WATCHDOG.schedule(() -> {
        expired.set(true);
        closeQuietly(toClose);
      }, remainingMillis(deadline), TimeUnit.MILLISECONDS);
      if (target.url().https()) {
        socket = tls(socket, target.url().host(), target.url().port(), deadline);
      }
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      int status = readStatus(socket, new BufferedInputStream(socket.getInputStream()), deadline);
      return SendResult.status(status, millisSince(start));
    } catch (ProtocolException e) {
      return SendResult.failed(SendResult.Failure.PROTOCOL, e.getMessage(), millisSince(start));
    } catch (SocketTimeoutException e) {
      return timedOut(start);
    } catch (IOException e) {
      if (expired.get() || System.nanoTime() - deadline >= 0) {
        return timedOut(start); // the watchdog closed the socket
      }
      String kind = e instanceof SSLException ? "TLS: " : "connection: ";
      return SendResult.failed(SendResult.Failure.CONNECTION, detail(kind + e.getMessage()), millisSince(start));
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
      closeQuietly(socket);
    }
  }

  private Socket connect(List<InetAddress> addresses, int port, long deadline) throws IOException {
    IOException last = null;
    for (InetAddress address : addresses) {
      int timeout = (int) Math.min(connectTimeout.toMillis(), remainingMillis(deadline));
      if (timeout <= 0) {
        throw new SocketTimeoutException("total timeout passed while connecting");
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(address, port), timeout);
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
        last = e;
      }
    }
    throw last;
  }

  private SSLSocket tls(Socket plain, String host, int port, long deadline) throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // verify the certificate against the URL's host
    if (!isIpLiteral(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(Math.max(1, remainingMillis(deadline)));
    socket.startHandshake();
    return socket;
  }

  private static byte[] head(WebhookTarget target, Map<String, String> headers, int contentLength) {
    StringBuilder head = new StringBuilder(512)
        .append("POST ").append(target.url().requestTarget()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(target.url().hostHeader()).append("\r\n");
    headers.forEach((name, value) -> {
      if (!isToken(name) || !isHeaderValue(value)) {
        throw new IllegalArgumentException("invalid header " + name);
      }
      head.append(name).append(": ").append(value).append("\r\n");
    });
    head.append("Content-Length: ").append(contentLength).append("\r\n")
        .append("Connection: close\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the final status line (skipping 1xx interim responses); the rest is not needed. */
  private static int readStatus(Socket socket, InputStream in, long deadline) throws IOException {
    while (true) {
      socket.setSoTimeout(Math.max(1, remainingMillis(deadline)));
      String statusLine = readLine(in);
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
        throw new ProtocolException("not an HTTP/1.x response");
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed HTTP status line");
      }
      if (status < 100 || status > 599) {
        throw new ProtocolException("invalid HTTP status " + status);
      }
      if (status >= 200) {
        return status;
      }
      while (!readLine(in).isEmpty()) {
        socket.setSoTimeout(Math.max(1, remainingMillis(deadline))); // headers of the interim response
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new ProtocolException(line.size() == 0 ? "connection closed before a response" : "truncated response");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (line.size() >= MAX_STATUS_LINE) {
        throw new ProtocolException("response line longer than " + MAX_STATUS_LINE + " bytes");
      }
      line.write(b);
    }
  }

  private SendResult timedOut(long start) {
    return SendResult.failed(SendResult.Failure.TIMEOUT,
        "timed out (connect " + connectTimeout.toMillis() + " ms, total " + totalTimeout.toMillis() + " ms)",
        millisSince(start));
  }

  private static boolean isToken(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
  }

  private static boolean isHeaderValue(String value) {
    return value.chars().allMatch(c -> c >= 32 && c < 127);
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private static int remainingMillis(long deadline) {
    return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static String detail(String text) {
    String clean = text == null ? "" : text.replaceAll("[\\r\\n\\t]", " ");
    return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "…" : clean;
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing left to do with it
      }
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "webhook-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** The peer's answer is not HTTP/1.x. */
  private static final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }
}
