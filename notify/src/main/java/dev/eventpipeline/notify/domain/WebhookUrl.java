package dev.eventpipeline.notify.domain;

/**
 * A syntactically valid webhook URL, split the way a request is written on the wire.
 *
 * @param host the host as written in the URL, without IPv6 brackets (what is resolved)
 * @param requestTarget the path and query, never empty ("/" at least)
 * @param hostHeader the Host header: the host (IPv6 in brackets) and the port when it is not the default
 */
public record WebhookUrl(String url, boolean https, String host, int port, String requestTarget, String hostHeader) {}
