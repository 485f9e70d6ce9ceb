package dev.eventpipeline.infra.config;

/**
 * Per-function settings. A reserved concurrency or maximum concurrency of 0 means "not set";
 * batch size and window apply to the function's event source mapping (0 where it has none).
 */
public record FunctionSettings(
    int memoryMiB,
    int timeoutSeconds,
    int reservedConcurrency,
    int batchSize,
    int batchingWindowSeconds,
    int maxConcurrency) {

  /** Reads {@code <prefix>.<setting>} keys, falling back to the function's defaults. */
  public static FunctionSettings read(ContextReader context, FunctionId id) {
    String p = id.contextPrefix() + ".";
    FunctionSettings d = id.defaults();
    int memory = context.integer(p + "memoryMiB", d.memoryMiB(), 128, 10240);
    int timeout = context.integer(p + "timeoutSeconds", d.timeoutSeconds(), 1, 900);
    int reserved = context.integer(p + "reservedConcurrency", d.reservedConcurrency(), 0, 100000);
    int batchSize = 0;
    int window = 0;
    int maxConcurrency = 0;
    if (id.hasEventSource()) {
      batchSize = context.integer(p + "batchSize", d.batchSize(), 1, 10000);
      window = context.integer(p + "batchingWindowSeconds", d.batchingWindowSeconds(), 0, 300);
      // SQS allows more than 10 messages per batch only with a batching window.
      if (id.consumesQueue() && batchSize > 10 && window == 0) {
        throw new ConfigurationException("Invalid value for context key " + p + "batchSize: '"
            + batchSize + "' (an SQS batch over 10 needs " + p + "batchingWindowSeconds > 0)");
      }
    }
    if (id.consumesQueue()) {
      maxConcurrency = context.integer(p + "maxConcurrency", d.maxConcurrency(), 2, 1000);
      if (reserved > 0 && maxConcurrency > reserved) {
        // Pollers beyond the reserved concurrency would be throttled and push messages to the DLQ.
        throw new ConfigurationException("Invalid value for context key " + p + "maxConcurrency: '"
            + maxConcurrency + "' (must not exceed " + p + "reservedConcurrency = " + reserved + ")");
      }
    }
    return new FunctionSettings(memory, timeout, reserved, batchSize, window, maxConcurrency);
  }
}
