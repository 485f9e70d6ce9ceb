package dev.eventpipeline.local.backend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** An endpoint someone else runs (--endpoint URL): checked for reachability, never stopped. */
public final class ExternalBackend implements Backend {
  private final URI endpoint;

  private ExternalBackend(URI endpoint) {
    this.endpoint = endpoint;
  }

  public static ExternalBackend connect(URI endpoint) {
    if (endpoint.getHost() == null || endpoint.getScheme() == null) {
      throw new BackendException("--endpoint must be a URL like http://127.0.0.1:4566, got " + endpoint);
    }
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : endpoint.getScheme().equals("https") ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 3000);
    } catch (IOException e) {
      throw new BackendException("Cannot reach " + endpoint + " (" + e.getMessage()
          + "): start the service first, or drop --endpoint to let the local cloud start moto", e);
    }
    return new ExternalBackend(endpoint);
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "external endpoint (not started or stopped by the local cloud)";
  }

  @Override
  public void close() {
    // someone else's service
  }
}
