package dev.eventpipeline.local.lambda;

import java.nio.file.Path;
import java.util.Map;

/**
 * One AWS::Lambda::Function as the local cloud runs it.
 *
 * @param logicalId the template's logical id
 * @param name the function name (FunctionName or a name derived from the logical id)
 * @param label the short name that prefixes the function's console output
 * @param arn the function ARN
 * @param handler the handler string (class::method)
 * @param runtime e.g. java21
 * @param memoryMb MemorySize
 * @param timeoutSeconds Timeout
 * @param environment the template's Environment.Variables, resolved
 * @param asset the deployment artifact staged in cdk.out (a jar, or a directory with classes and lib/)
 * @param reservedConcurrency ReservedConcurrentExecutions, or 0 when unset
 * @param logFormat LoggingConfig.LogFormat (Text or JSON)
 * @param applicationLogLevel LoggingConfig.ApplicationLogLevel, or null
 */
public record FunctionSpec(String logicalId, String name, String label, String arn, String handler, String runtime,
    int memoryMb, int timeoutSeconds, Map<String, String> environment, Path asset, int reservedConcurrency,
    String logFormat, String applicationLogLevel) {

  public FunctionSpec {
    environment = Map.copyOf(environment);
  }
}
