package dev.eventpipeline.local.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * LocalStack in a Docker container, run with the {@code docker} command (needs a reachable Docker
 * engine): {@code docker run} on a free loopback port, ready when its health endpoint answers,
 * removed on close. No Docker client library on the local cloud's class path (Testcontainers is for
 * the tests).
 */
public final class LocalStackBackend implements Backend {
  static final String IMAGE = "localstack/localstack:4.4";
  static final String SERVICES = "s3,sqs,sns,kinesis,dynamodb,secretsmanager,kms,iam,sts";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final String containerId;
  private final URI endpoint;

  private LocalStackBackend(String containerId, URI endpoint) {
    this.containerId = containerId;
    this.endpoint = endpoint;
  }

  public static LocalStackBackend start() {
    Result info = docker(Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}");
    if (info.exitCode() != 0) {
      throw new BackendException("--localstack needs a Docker engine and none is reachable here (docker info: "
          + info.firstLine() + "); run without --localstack to use moto (no Docker needed), or --endpoint URL for "
          + "a LocalStack you run");
    }
    int port = freePort();
    Result run = docker(Duration.ofMinutes(10), "run", "-d", "--rm", "-p", "127.0.0.1:" + port + ":4566",
        "-e", "SERVICES=" + SERVICES, IMAGE);
    if (run.exitCode() != 0) {
      throw new BackendException("LocalStack did not start (docker run " + IMAGE + "): " + run.firstLine());
    }
    String id = run.lastLine();
    LocalStackBackend backend = new LocalStackBackend(id, URI.create("http://127.0.0.1:" + port));
    try {
      backend.awaitReady();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return backend;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "LocalStack " + IMAGE + " (docker container " + containerId.substring(0, Math.min(12, containerId.length()))
        + ")";
  }

  @Override
  public void close() {
    docker(Duration.ofSeconds(60), "rm", "-f", containerId);
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
        .timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && ready(response.body())) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while LocalStack was starting", e);
      }
      sleep(Duration.ofSeconds(1));
    }
    throw new BackendException("LocalStack was not ready within " + READY_TIMEOUT.toSeconds() + " s (" + last
        + "); see docker logs " + containerId);
  }

  /** Every service we asked for reported "available" or "running" by /_localstack/health. */
  static boolean ready(String healthJson) {
    for (String service : SERVICES.split(",")) {
      int at = healthJson.indexOf("\"" + service + "\"");
      if (at < 0) {
        return false;
      }
      int colon = healthJson.indexOf(':', at);
      int end = healthJson.indexOf(',', colon);
      String state = healthJson.substring(colon + 1, end < 0 ? healthJson.length() : end);
      if (!state.contains("available") && !state.contains("running")) {
        return false;
      }
    }
    return true;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BackendException("no free loopback port for LocalStack: " + e.getMessage(), e);
    }
  }

  record Result(int exitCode, List<String> output) {
    String firstLine() {
      return output.isEmpty() ? "exit " + exitCode : output.get(0);
    }

    String lastLine() {
      return output.isEmpty() ? "" : output.get(output.size() - 1).trim();
    }
  }

  /** Runs {@code docker ARGS...}; exit code and output (stdout and stderr); -1 when docker cannot run. */
  static Result docker(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    java.nio.file.Path output = null;
    try {
      output = java.nio.file.Files.createTempFile("docker-", ".out");
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, List.of("docker " + args[0] + " timed out after " + timeout.toSeconds() + " s"));
      }
      return new Result(process.exitValue(), java.nio.file.Files.readString(output, StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      return new Result(-1, List.of("the docker command is not available (" + e.getMessage() + ")"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, List.of("interrupted"));
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while LocalStack was starting", e);
    }
  }
}
