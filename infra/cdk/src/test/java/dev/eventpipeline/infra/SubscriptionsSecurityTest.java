package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The subscriptions table as the API's ownership model needs it (docs/webhooks.md): an index by owner,
 * and the admin principals from context reaching the API function, on the default stack and with
 * admins configured.
 */
class SubscriptionsSecurityTest {
  private static final String ADMINS = "arn:aws:iam::123456789012:role/webhook-admins,arn:aws:iam::123456789012:user/ops";
  private static Template defaults;
  private static EventPipelineApp.Synthesis withAdmins;

  @BeforeAll
  static void synthesize() {
    defaults = Template.fromStack(TestSynthesis.defaults().stack());
    withAdmins = TestSynthesis.with(Map.of("notify.subscriptionAdmins", ADMINS));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Template template, String logicalId) {
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    return (Map<String, Object>) resources.get(logicalId).get("Properties");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Template template, String function) {
    return (Map<String, Object>) ((Map<String, Object>) properties(template, function).get("Environment"))
        .get("Variables");
  }

  @Test
  void subscriptionsHaveAnIndexByOwnerSortedByCreation() {
    assertThat(properties(defaults, "SubscriptionsTable")).containsEntry("GlobalSecondaryIndexes", List.of(Map.of(
        "IndexName", "owner-index",
        "KeySchema", List.of(Map.of("AttributeName", "owner", "KeyType", "HASH"),
            Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
        "Projection", Map.of("ProjectionType", "ALL"))));
    defaults.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "AttributeDefinitions", Match.arrayWith(List.of(
            Map.of("AttributeName", "owner", "AttributeType", "S"),
            Map.of("AttributeName", "createdAt", "AttributeType", "S"))))));
  }

  @Test
  void theApiGetsTheAdminsFromContextAndNotifyDoesNot() {
    assertThat(environment(defaults, "SubscriptionsApiFunction")).doesNotContainKey("SUBSCRIPTION_ADMINS");
    Template template = Template.fromStack(withAdmins.stack());
    assertThat(environment(template, "SubscriptionsApiFunction")).containsEntry("SUBSCRIPTION_ADMINS", ADMINS);
    assertThat(environment(template, "NotifyFunction")).doesNotContainKey("SUBSCRIPTION_ADMINS");
  }

  @Test
  void secretsAreEncryptedWithARotatedCustomerManagedKey() {
    Map<String, Object> key = properties(defaults, "WebhookSecretsKey");
    assertThat(key).containsEntry("EnableKeyRotation", true);
    Map<String, Object> arn = Map.of("Fn::GetAtt", List.of("WebhookSecretsKey", "Arn"));
    assertThat(environment(defaults, "NotifyFunction")).containsEntry("SUBSCRIPTIONS_KEY_ID", arn);
    assertThat(environment(defaults, "SubscriptionsApiFunction")).containsEntry("SUBSCRIPTIONS_KEY_ID", arn);
    defaults.hasResource("AWS::KMS::Key", Match.objectLike(Map.of(
        "UpdateReplacePolicy", "Retain", "DeletionPolicy", "Retain")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyTheNotifyRolesMayUseTheKeyAndOnlyForWebhookSecrets() {
    List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
        properties(defaults, "WebhookSecretsKey").get("KeyPolicy")).get("Statement");
    Map<String, List<String>> actionsByPrincipal = new java.util.TreeMap<>();
    for (Map<String, Object> statement : statements) {
      assertThat(statement).containsEntry("Effect", "Allow");
      Object aws = ((Map<String, Object>) statement.get("Principal")).get("AWS");
      String principal = aws instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt")
          ? String.valueOf(((List<?>) m.get("Fn::GetAtt")).get(0)) : "account";
      Object action = statement.get("Action");
      List<String> actions = action instanceof List<?> l ? (List<String>) l : List.of((String) action);
      actionsByPrincipal.computeIfAbsent(principal, k -> new java.util.ArrayList<>()).addAll(actions);
      if (!principal.equals("account")) {
        assertThat(statement).containsEntry("Condition", Map.of("StringEquals",
            Map.of("kms:EncryptionContext:purpose", "webhook-signing-secret")));
      }
    }
    assertThat(actionsByPrincipal).containsOnlyKeys("account", "NotifyFunctionRole", "SubscriptionsApiFunctionRole");
    assertThat(actionsByPrincipal.get("NotifyFunctionRole")).containsExactly("kms:Decrypt");
    assertThat(actionsByPrincipal.get("SubscriptionsApiFunctionRole")).containsExactlyInAnyOrder(
        "kms:GenerateDataKey", "kms:Decrypt");
    assertThat(actionsByPrincipal.get("account")).as("the account administers the key but cannot use it")
        .contains("kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion")
        .noneMatch(a -> a.equals("kms:*") || a.startsWith("kms:Encrypt") || a.startsWith("kms:Decrypt")
            || a.startsWith("kms:GenerateDataKey") || a.startsWith("kms:ReEncrypt"));
  }

  @Test
  void staysFreeOfUnsuppressedNagFindingsWithAdmins() {
    assertThat(withAdmins.blocking()).isEmpty();
  }
}
