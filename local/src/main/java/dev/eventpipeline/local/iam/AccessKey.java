package dev.eventpipeline.local.iam;

/**
 * An access key the local cloud accepts signatures from, and whose it is.
 *
 * @param accessKeyId the key id (AKIA... for an IAM user, ASIA... for temporary credentials)
 * @param secretAccessKey the secret the signature is made with
 * @param sessionToken the session token temporary credentials must send, null for long-term keys
 * @param caller who the key belongs to
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String sessionToken, CallerIdentity caller) {

  @Override
  public String toString() {
    // never the secret or the token, should a key end up in a message
    return "AccessKey[" + accessKeyId + ", " + caller.userArn() + "]";
  }
}
