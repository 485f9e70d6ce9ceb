package dev.eventpipeline.notify.domain;

/**
 * What happened to one HTTP POST: the response status, or why there was none.
 *
 * @param status the final response status, or 0 when there was no response
 * @param failure why there was no response, or null when there was one
 * @param detail a short, log-safe explanation (never the response body)
 */
public record SendResult(int status, Failure failure, String detail, long millis) {
  /** Why a request got no response. */
  public enum Failure {
    /** The connect or total timeout passed. */
    TIMEOUT,
    /** Connection refused or reset, TLS handshake or certificate failure. */
    CONNECTION,
    /** The peer answered something that is not HTTP/1.x. */
    PROTOCOL
  }

  public static SendResult status(int status, long millis) {
    return new SendResult(status, null, "HTTP " + status, millis);
  }

  public static SendResult failed(Failure failure, String detail, long millis) {
    return new SendResult(0, failure, detail, millis);
  }
}
