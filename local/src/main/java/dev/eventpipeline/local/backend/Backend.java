package dev.eventpipeline.local.backend;

import java.net.URI;

/** The AWS-compatible service endpoint the local cloud provisions into and functions talk to. */
public interface Backend extends AutoCloseable {
  URI endpoint();

  /** One line for the summary, e.g. "moto_server (child process 1234, log /path)". */
  String description();

  /** Stops the backend if the local cloud started it; never throws. */
  @Override
  void close();
}
