package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Provisions DynamoDB tables (indexes, streams, TTL). */
final class DynamoDbProvisioner extends ServiceProvisioner {
  DynamoDbProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");
  }

  @Override
  void provision(CfnResource r) {
    JsonNode p = props(r);
    boolean global = r.type().equals("AWS::DynamoDB::GlobalTable");
    String name = explicitOr(p, "TableName", () -> names.name(r.logicalId(), 255));
    String billing = p.path("BillingMode").asText(global ? "PAY_PER_REQUEST" : "PROVISIONED");
    ProvisionedThroughput throughput = throughput(p.path("ProvisionedThroughput"));
    boolean payPerRequest = billing.equals("PAY_PER_REQUEST") || throughput == null;
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(name)
        .keySchema(keySchema(p.path("KeySchema")))
        .attributeDefinitions(attributeDefinitions(p.path("AttributeDefinitions")))
        .billingMode(payPerRequest ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED);
    if (!payPerRequest) {
      request.provisionedThroughput(throughput);
    }
    List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    for (JsonNode g : p.path("GlobalSecondaryIndexes")) {
      GlobalSecondaryIndex.Builder gb = GlobalSecondaryIndex.builder()
          .indexName(g.path("IndexName").asText())
          .keySchema(keySchema(g.path("KeySchema")))
          .projection(projection(g.path("Projection")));
      if (!payPerRequest) {
        ProvisionedThroughput t = throughput(g.path("ProvisionedThroughput"));
        gb.provisionedThroughput(t != null ? t : throughput);
      }
      gsis.add(gb.build());
    }
    if (!gsis.isEmpty()) {
      request.globalSecondaryIndexes(gsis);
    }
    List<LocalSecondaryIndex> lsis = new ArrayList<>();
    for (JsonNode l : p.path("LocalSecondaryIndexes")) {
      lsis.add(LocalSecondaryIndex.builder().indexName(l.path("IndexName").asText())
          .keySchema(keySchema(l.path("KeySchema"))).projection(projection(l.path("Projection"))).build());
    }
    if (!lsis.isEmpty()) {
      request.localSecondaryIndexes(lsis);
    }
    JsonNode stream = p.path("StreamSpecification");
    if (stream.has("StreamViewType")) {
      request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
          .streamViewType(stream.get("StreamViewType").asText()).build());
    }
    boolean created = true;
    try {
      dynamoDb().createTable(request.build());
    } catch (ResourceInUseException exists) {
      created = false;
    }
    TableDescription table = dynamoDb().describeTable(b -> b.tableName(name)).table();
    JsonNode ttl = p.path("TimeToLiveSpecification");
    if (ttl.path("Enabled").asBoolean(false)) {
      try {
        dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
            .attributeName(ttl.path("AttributeName").asText())));
      } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException alreadyEnabled) {
        // UpdateTimeToLive refuses to enable TTL twice: a reused table already has it.
      }
    }
    put(r, name, name, table.tableArn(), null, created, gsis.isEmpty() ? null : gsis.size() + " GSI(s)"
        + (ttl.path("Enabled").asBoolean(false) ? ", TTL " + ttl.path("AttributeName").asText() : ""));
    if (table.latestStreamArn() != null) {
      attrs(r).put("StreamArn", text(table.latestStreamArn()));
    }
  }

  private static List<KeySchemaElement> keySchema(JsonNode keys) {
    List<KeySchemaElement> out = new ArrayList<>();
    keys.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
        .keyType(k.path("KeyType").asText()).build()));
    return out;
  }

  private static List<AttributeDefinition> attributeDefinitions(JsonNode defs) {
    List<AttributeDefinition> out = new ArrayList<>();
    defs.forEach(d -> out.add(AttributeDefinition.builder().attributeName(d.path("AttributeName").asText())
        .attributeType(d.path("AttributeType").asText()).build()));
    return out;
  }

  private static Projection projection(JsonNode p) {
    Projection.Builder b = Projection.builder().projectionType(p.path("ProjectionType").asText("ALL"));
    if (p.has("NonKeyAttributes")) {
      b.nonKeyAttributes(strings(p.get("NonKeyAttributes")));
    }
    return b.build();
  }

  private static ProvisionedThroughput throughput(JsonNode t) {
    if (!t.has("ReadCapacityUnits")) {
      return null;
    }
    return ProvisionedThroughput.builder().readCapacityUnits(t.path("ReadCapacityUnits").asLong())
        .writeCapacityUnits(t.path("WriteCapacityUnits").asLong()).build();
  }
}
