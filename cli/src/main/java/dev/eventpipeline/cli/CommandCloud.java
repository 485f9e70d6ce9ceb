package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.local.backend.BackendException;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.template.TemplateException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local cloud a command runs for itself (`demo`, `bench`): its own state directory under .pipeline/
 * (a `pipeline up` running beside it keeps its outputs.json), its output in a log file there, and a
 * shutdown hook so Ctrl-C stops its processes too.
 */
final class CommandCloud implements AutoCloseable {
  private final String command;
  private final Path log;
  private final PrintStream logOut;
  private final LocalCloud cloud;
  private final Thread hook;

  private CommandCloud(String command, Path log, PrintStream logOut, LocalCloud cloud) {
    this.command = command;
    this.log = log;
    this.logOut = logOut;
    this.cloud = cloud;
    this.hook = new Thread(cloud::close, command + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Prepares (does not start) the cloud of {@code command} on {@code port} (0: 4566 when free, else any free
   * port), saying where on {@code progress}.
   */
  static CommandCloud prepare(String command, int port, Path template, boolean warm, PrintStream progress)
      throws IOException {
    Path home = StackOutputs.home();
    Path state = StackOutputs.stateDirectory().resolve(command);
    Files.createDirectories(state);
    Path log = state.resolve("local-cloud.log");
    int backendPort = port != 0 ? port : free(4566) ? 4566 : anyFreePort();
    progress.println("Starting the local cloud on 127.0.0.1:" + backendPort + " (its output: " + (log.startsWith(home) ? home.relativize(log) : log) + ")...");
    progress.flush();
    PrintStream logOut = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
    LocalCloud cloud = new LocalCloud(LocalCloudOptions.defaults(home, logOut).with(o -> {
      o.hook = new PipelineStackHook(home);
      o.stateDir = state;
      o.port = backendPort;
      o.template = template;
      o.warm = warm;
    }));
    return new CommandCloud(command, log, logOut, cloud);
  }

  /** Starts it: the cloud, or null when it did not start (why, on stderr). */
  LocalCloud start() {
    try {
      return cloud.start();
    } catch (BackendException | TemplateException | IllegalStateException e) {
      System.err.println("pipeline " + command + ": the local cloud did not start: " + e.getMessage() + " (see " + log + ")");
      return null;
    }
  }

  /** Stops the cloud (again: harmless) and its log. */
  @Override
  public void close() {
    cloud.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook closes it
    }
    logOut.close();
  }

  static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  static int anyFreePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
