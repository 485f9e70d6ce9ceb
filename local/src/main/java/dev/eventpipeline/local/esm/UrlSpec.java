package dev.eventpipeline.local.esm;

/**
 * One AWS::Lambda::Url served on a local port.
 *
 * @param logicalId the template's logical id
 * @param functionLogicalId the function it invokes
 * @param port the loopback port it is served on
 * @param authType AWS_IAM (SigV4 verified locally) or NONE
 * @param invokeMode BUFFERED or RESPONSE_STREAM
 */
public record UrlSpec(String logicalId, String functionLogicalId, int port, String authType, String invokeMode) {

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }
}
