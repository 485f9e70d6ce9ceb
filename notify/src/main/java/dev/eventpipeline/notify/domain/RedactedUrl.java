package dev.eventpipeline.notify.domain;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Webhook URLs as listings and logs show them: scheme, host and port only, with "…" where a path or
 * query was. Receivers often put a token in the path ({@code /hooks/T0123/B456/xyz}), which would let
 * anyone who reads a listing or a log line post forged events to them.
 */
public final class RedactedUrl {
  private RedactedUrl() {}

  /** {@code https://hooks.example.com/…} for {@code https://hooks.example.com/in?token=1}. */
  public static String of(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "(invalid URL)";
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return "(invalid URL)";
    }
    String host = uri.getHost() != null ? (uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort())
        : "(invalid host)"; // user info, if any, is dropped with the rest
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean more = !(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null;
    return uri.getScheme() + "://" + host + (more ? "/…" : "/");
  }
}
