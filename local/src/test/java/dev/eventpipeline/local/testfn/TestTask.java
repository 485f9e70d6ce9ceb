package dev.eventpipeline.local.testfn;

/**
 * A container's main class for the ECS tests: prints its greeting (from the environment) and its heap
 * bound, says so when it is stopped gracefully (SIGTERM runs the shutdown hook), and otherwise runs until
 * stopped.
 */
public final class TestTask {
  private TestTask() {}

  public static void main(String[] args) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping gracefully")));
    System.out.println("task up: " + System.getenv("TASK_GREETING") + ", stream " + System.getenv("STREAM_NAME")
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    Thread.sleep(Long.MAX_VALUE);
  }
}
