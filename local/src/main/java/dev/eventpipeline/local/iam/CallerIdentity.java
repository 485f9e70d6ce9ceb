package dev.eventpipeline.local.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;

/**
 * Who signed a request, in the shape Lambda gives it to a function URL with AuthType AWS_IAM
 * ({@code requestContext.authorizer.iam} of a payload format 2.0 event).
 *
 * @param accessKey the access key id the request was signed with
 * @param accountId the caller's account
 * @param callerId the caller's unique id (an IAM user's id, a role's {@code AROA...:session})
 * @param userArn the caller's ARN (IAM user, {@code sts::...:assumed-role/...}, or the account root)
 * @param userId the caller's unique id, as {@code aws:userid}
 */
public record CallerIdentity(String accessKey, String accountId, String callerId, String userArn, String userId) {

  /** The account root: what the local cloud's default credentials stand for. */
  public static CallerIdentity root(String accessKey, String accountId) {
    return new CallerIdentity(accessKey, accountId, accountId, "arn:aws:iam::" + accountId + ":root", accountId);
  }

  /** {@code requestContext.authorizer.iam} as Lambda writes it (cognitoIdentity and principalOrgId null). */
  public ObjectNode toJson() {
    ObjectNode iam = Json.MAPPER.createObjectNode();
    iam.put("accessKey", accessKey);
    iam.put("accountId", accountId);
    iam.put("callerId", callerId);
    iam.putNull("cognitoIdentity");
    iam.putNull("principalOrgId");
    iam.put("userArn", userArn);
    iam.put("userId", userId);
    return iam;
  }
}
