package dev.eventpipeline.local.lambda;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The environment of a function process: the template's variables, then Lambda's reserved ones
 * (which a template cannot override on AWS either), then the backend's endpoint, dummy credentials
 * and CBOR off. The Runtime API address is added per process.
 */
public final class LambdaEnvironment {
  private LambdaEnvironment() {}

  /**
   * @param backend AWS_ENDPOINT_URL, AWS_REGION, credentials, CBOR_ENABLED (from the local cloud)
   * @param localOverrides local-only additions (e.g. NOTIFY_ALLOW_PRIVATE_TARGETS=true), applied last
   */
  public static Map<String, String> of(FunctionSpec spec, Map<String, String> backend, Path taskRoot,
      Map<String, String> localOverrides) {
    Map<String, String> env = new TreeMap<>(spec.environment());
    String region = backend.getOrDefault("AWS_REGION", "us-east-1");
    String javaVersion = spec.runtime().startsWith("java") ? spec.runtime() : "java21";
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", spec.handler());
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + javaVersion);
    env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
        + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
    if ("JSON".equalsIgnoreCase(spec.logFormat())) {
      env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
    }
    if (spec.applicationLogLevel() != null) {
      env.put("AWS_LAMBDA_LOG_LEVEL", spec.applicationLogLevel().toUpperCase(Locale.ROOT));
    }
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    // No X-Ray daemon locally: the SDK must not complain about missing segments on every call.
    env.put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
    env.putAll(backend);
    env.putAll(localOverrides);
    return env;
  }
}
