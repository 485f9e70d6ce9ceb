package dev.eventpipeline.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventpipeline.common.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
  private static final String TEMPLATE = """
      {"Parameters": {"Stage": {"Type": "String", "Default": "local"}, "NoDefault": {"Type": "String"}},
       "Conditions": {"IsLocal": {"Fn::Equals": [{"Ref": "Stage"}, "local"]},
                      "NotLocal": {"Fn::Not": [{"Condition": "IsLocal"}]}},
       "Mappings": {"Sizes": {"us-east-1": {"small": "128"}}},
       "Resources": {
         "Stream1A2B3C4D": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
         "Queue": {"Type": "AWS::SQS::Queue"},
         "Consumer": {"Type": "AWS::Lambda::Function", "Properties": {"Q": {"Ref": "Queue"}},
                      "DependsOn": "Stream1A2B3C4D"}}}
      """;

  private final CfnTemplate template = CfnTemplate.parse(TEMPLATE, Path.of("."));
  private final Intrinsics intrinsics = new Intrinsics(template,
      Intrinsics.pseudoParameters("EventPipeline", "us-east-1", "123456789012"), Map.of(),
      new Intrinsics.References() {
        @Override
        public String ref(String logicalId) {
          return logicalId.equals("Queue") ? "http://127.0.0.1:4566/123456789012/q" : "raw-logs";
        }

        @Override
        public JsonNode attribute(String logicalId, String attribute) {
          return TextNode.valueOf("arn:aws:kinesis:us-east-1:123456789012:stream/raw-logs");
        }
      });

  private JsonNode resolve(String json) throws Exception {
    return intrinsics.resolve(Json.MAPPER.readTree(json));
  }

  @Test
  void resolvesRefGetAttJoinSubSelectAndSplit() throws Exception {
    assertThat(resolve("{\"Ref\":\"Stream1A2B3C4D\"}").asText()).isEqualTo("raw-logs");
    assertThat(resolve("{\"Fn::GetAtt\":[\"Stream1A2B3C4D\",\"Arn\"]}").asText()).endsWith(":stream/raw-logs");
    assertThat(resolve("{\"Fn::GetAtt\":\"Stream1A2B3C4D.Arn\"}").asText()).endsWith(":stream/raw-logs");
    assertThat(resolve("{\"Fn::Join\":[\":\",[\"a\",{\"Ref\":\"AWS::Region\"},{\"Ref\":\"Stage\"}]]}").asText())
        .isEqualTo("a:us-east-1:local");
    assertThat(resolve("{\"Fn::Sub\":\"${Stream1A2B3C4D}@${AWS::AccountId}/${Stream1A2B3C4D.Arn}/${!Literal}\"}").asText())
        .isEqualTo("raw-logs@123456789012/arn:aws:kinesis:us-east-1:123456789012:stream/raw-logs/${Literal}");
    assertThat(resolve("{\"Fn::Sub\":[\"${X}-${AWS::Partition}\",{\"X\":{\"Ref\":\"Stage\"}}]}").asText())
        .isEqualTo("local-aws");
    assertThat(resolve("{\"Fn::Select\":[1,{\"Fn::Split\":[\"/\",{\"Ref\":\"Queue\"}]}]}").asText()).isEmpty();
    assertThat(resolve("{\"Fn::Select\":[4,{\"Fn::Split\":[\"/\",{\"Ref\":\"Queue\"}]}]}").asText()).isEqualTo("q");
    assertThat(resolve("{\"Fn::FindInMap\":[\"Sizes\",{\"Ref\":\"AWS::Region\"},\"small\"]}").asText()).isEqualTo("128");
  }

  @Test
  void conditionsAndNoValueDropPropertiesLikeCloudFormation() throws Exception {
    JsonNode r = resolve("{\"A\":{\"Fn::If\":[\"IsLocal\",{\"Ref\":\"AWS::NoValue\"},\"x\"]},"
        + "\"B\":{\"Fn::If\":[\"NotLocal\",\"y\",\"z\"]},\"L\":[1,{\"Ref\":\"AWS::NoValue\"},2]}");
    assertThat(r.has("A")).isFalse();
    assertThat(r.get("B").asText()).isEqualTo("z");
    assertThat(r.get("L")).hasSize(2);
    assertThat(intrinsics.condition("IsLocal")).isTrue();
  }

  @Test
  void unknownIntrinsicsAndReferencesAreClearErrors() {
    assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\":\"Shared-Vpc\"}"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("Fn::ImportValue");
    assertThatThrownBy(() -> resolve("{\"Ref\":\"Nope\"}"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("unknown resource Nope");
    assertThatThrownBy(() -> resolve("{\"Ref\":\"NoDefault\"}"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("NoDefault");
  }

  @Test
  void ordersResourcesAfterWhatTheyReferenceAndDependOn() {
    List<String> order = template.inDependencyOrder().stream().map(CfnResource::logicalId).toList();
    assertThat(order.indexOf("Consumer")).isGreaterThan(order.indexOf("Queue"))
        .isGreaterThan(order.indexOf("Stream1A2B3C4D"));
  }
}
