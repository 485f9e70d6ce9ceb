package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Provisions KMS keys: a real key in the backend for each {@code AWS::KMS::Key}, so the functions'
 * Encrypt and Decrypt calls work locally (the notify functions seal webhook secrets with one). The
 * key is found again by an alias named after its logical id, so data encrypted in an earlier run on
 * the same backend stays readable. The key policy is not enforced locally (IAM is not evaluated);
 * rotation is switched on when the template asks for it. Ref is the key id; Arn and KeyId attributes.
 */
final class KmsProvisioner extends ServiceProvisioner {
  KmsProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::KMS::Key");
  }

  @Override
  void provision(CfnResource r) {
    JsonNode p = props(r);
    String alias = "alias/" + names.name(r.logicalId(), 200).replaceAll("[^A-Za-z0-9/_-]", "-");
    KeyMetadata key;
    boolean created = false;
    try {
      key = kms().describeKey(b -> b.keyId(alias)).keyMetadata();
    } catch (NotFoundException missing) {
      key = kms().createKey(b -> b.description(p.path("Description").asText(r.logicalId()))
          .keySpec(p.path("KeySpec").asText("SYMMETRIC_DEFAULT"))
          .keyUsage(p.path("KeyUsage").asText("ENCRYPT_DECRYPT"))).keyMetadata();
      String keyId = key.keyId();
      kms().createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
      if (p.path("EnableKeyRotation").asBoolean(false)) {
        kms().enableKeyRotation(b -> b.keyId(keyId));
      }
      created = true;
    }
    put(r, key.keyId(), alias, key.arn(), null, created, null);
    attrs(r).put("KeyId", text(key.keyId()));
  }
}
