package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.security.SecureRandom;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/** Provisions Secrets Manager secrets (a given or generated value, kept across runs). */
final class SecretsProvisioner extends ServiceProvisioner {
  SecretsProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::SecretsManager::Secret");
  }

  @Override
  void provision(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "Name", () -> names.name(r.logicalId(), 512));
    String value = p.has("SecretString") ? p.get("SecretString").asText() : generateSecret(p.path("GenerateSecretString"));
    String arn;
    boolean created = true;
    try {
      arn = secrets().createSecret(b -> b.name(name).secretString(value)).arn();
    } catch (ResourceExistsException exists) {
      // Keep the value a previous run generated: data hashed with it stays comparable.
      created = false;
      arn = secrets().describeSecret(b -> b.secretId(name)).arn();
    }
    put(r, arn, name, arn, null, created, null);
    attrs(r).put("Id", text(arn));
  }

  /** What Secrets Manager's GenerateSecretString would produce (random, honouring its options). */
  static String generateSecret(JsonNode g) {
    StringBuilder alphabet = new StringBuilder();
    if (!g.path("ExcludeLowercase").asBoolean(false)) {
      alphabet.append("abcdefghijklmnopqrstuvwxyz");
    }
    if (!g.path("ExcludeUppercase").asBoolean(false)) {
      alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }
    if (!g.path("ExcludeNumbers").asBoolean(false)) {
      alphabet.append("0123456789");
    }
    if (!g.path("ExcludePunctuation").asBoolean(false)) {
      alphabet.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    }
    if (g.path("IncludeSpace").asBoolean(false)) {
      alphabet.append(' ');
    }
    String exclude = g.path("ExcludeCharacters").asText("");
    StringBuilder allowed = new StringBuilder();
    alphabet.chars().filter(c -> exclude.indexOf(c) < 0).forEach(c -> allowed.append((char) c));
    if (allowed.length() == 0) {
      throw new TemplateException("GenerateSecretString excludes every character");
    }
    int length = g.path("PasswordLength").asInt(32);
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < length; i++) {
      secret.append(allowed.charAt(random.nextInt(allowed.length())));
    }
    if (g.has("SecretStringTemplate") && g.has("GenerateStringKey")) {
      try {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(g.get("SecretStringTemplate").asText());
        doc.put(g.get("GenerateStringKey").asText(), secret.toString());
        return Json.MAPPER.writeValueAsString(doc);
      } catch (Exception e) {
        throw new TemplateException("Invalid SecretStringTemplate: " + e.getMessage(), e);
      }
    }
    return secret.toString();
  }
}
