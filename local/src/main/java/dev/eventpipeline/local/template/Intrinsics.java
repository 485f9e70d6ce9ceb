package dev.eventpipeline.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split, Fn::If and the condition functions, Fn::FindInMap, Fn::Base64, Fn::GetAZs) to the
 * local cloud's names and ARNs. An intrinsic it does not know is an error, never passed through.
 */
public final class Intrinsics {
  static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Returned for AWS::NoValue: the enclosing property or list element is dropped. */
  private static final JsonNode NO_VALUE = NODES.missingNode();

  /** How resources answer Ref and Fn::GetAtt (the provisioner, once they exist). */
  public interface References {
    String ref(String logicalId);

    JsonNode attribute(String logicalId, String attribute);
  }

  private final CfnTemplate template;
  private final Map<String, String> pseudo;
  private final Map<String, String> parameterValues;
  private final References references;
  private final Map<String, Boolean> conditions = new HashMap<>();

  public Intrinsics(CfnTemplate template, Map<String, String> pseudo, Map<String, String> parameterValues,
      References references) {
    this.template = template;
    this.pseudo = Map.copyOf(pseudo);
    this.parameterValues = Map.copyOf(parameterValues);
    this.references = references;
  }

  /** Pseudo parameters of a local stack. */
  public static Map<String, String> pseudoParameters(String stackName, String region, String accountId) {
    Map<String, String> p = new HashMap<>();
    p.put("AWS::StackName", stackName);
    p.put("AWS::Region", region);
    p.put("AWS::AccountId", accountId);
    p.put("AWS::Partition", "aws");
    p.put("AWS::URLSuffix", "amazonaws.com");
    p.put("AWS::StackId", "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName
        + "/00000000-0000-0000-0000-000000000000");
    return p;
  }

  /** {@code node} with every intrinsic resolved; AWS::NoValue drops properties and list elements. */
  public JsonNode resolve(JsonNode node) {
    JsonNode r = resolveNode(node, "");
    return r == NO_VALUE ? NODES.nullNode() : r;
  }

  /** Resolves {@code node} and requires a string. */
  public String resolveString(JsonNode node, String what) {
    JsonNode r = resolve(node);
    if (!r.isValueNode() || r.isNull()) {
      throw new TemplateException(what + " does not resolve to a string: " + node);
    }
    return r.asText();
  }

  /** Whether the named condition holds (resources with a false condition are not created). */
  public boolean condition(String name) {
    Boolean cached = conditions.get(name);
    if (cached != null) {
      return cached;
    }
    JsonNode c = template.conditions().get(name);
    if (c == null) {
      throw new TemplateException("Unknown condition " + name);
    }
    boolean value = truth(resolveNode(c, "Conditions." + name), "Conditions." + name);
    conditions.put(name, value);
    return value;
  }

  private JsonNode resolveNode(JsonNode node, String where) {
    if (node == null || node.isMissingNode()) {
      return NO_VALUE;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode item : node) {
        JsonNode r = resolveNode(item, where);
        if (r != NO_VALUE) {
          out.add(r);
        }
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1) {
      String key = node.fieldNames().next();
      if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
        return function(key, node.get(key), where);
      }
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode r = resolveNode(e.getValue(), where + "." + e.getKey());
      if (r != NO_VALUE) {
        out.set(e.getKey(), r);
      }
    }
    return out;
  }

  private JsonNode function(String name, JsonNode arg, String where) {
    switch (name) {
      case "Ref":
        return ref(arg.asText(), where);
      case "Fn::GetAtt": {
        String id;
        String attr;
        if (arg.isArray()) {
          id = arg.get(0).asText();
          attr = resolveNode(arg.get(1), where).asText();
        } else {
          String[] parts = arg.asText().split("\\.", 2);
          id = parts[0];
          attr = parts.length > 1 ? parts[1] : "";
        }
        requireResource(id, where);
        return references.attribute(id, attr);
      }
      case "Fn::Join": {
        List<String> items = new ArrayList<>();
        JsonNode list = resolveNode(arg.get(1), where);
        list.forEach(i -> items.add(scalar(i, where)));
        return TextNode.valueOf(String.join(arg.get(0).asText(), items));
      }
      case "Fn::Sub":
        return TextNode.valueOf(sub(arg, where));
      case "Fn::Select": {
        int index = Integer.parseInt(scalar(resolveNode(arg.get(0), where), where));
        JsonNode list = resolveNode(arg.get(1), where);
        if (!list.isArray() || index < 0 || index >= list.size()) {
          throw new TemplateException(where + ": Fn::Select index " + index + " out of range of " + list);
        }
        return list.get(index);
      }
      case "Fn::Split": {
        String delimiter = arg.get(0).asText();
        String text = scalar(resolveNode(arg.get(1), where), where);
        ArrayNode out = NODES.arrayNode();
        for (String part : text.split(Pattern.quote(delimiter), -1)) {
          out.add(part);
        }
        return out;
      }
      case "Fn::Base64":
        return TextNode.valueOf(Base64.getEncoder().encodeToString(
            scalar(resolveNode(arg, where), where).getBytes(StandardCharsets.UTF_8)));
      case "Fn::GetAZs": {
        String region = pseudo.get("AWS::Region");
        ArrayNode out = NODES.arrayNode();
        for (String az : new String[] {"a", "b", "c"}) {
          out.add(region + az);
        }
        return out;
      }
      case "Fn::FindInMap": {
        String map = scalar(resolveNode(arg.get(0), where), where);
        String top = scalar(resolveNode(arg.get(1), where), where);
        String second = scalar(resolveNode(arg.get(2), where), where);
        JsonNode value = template.mappings().path(map).path(top).path(second);
        if (value.isMissingNode()) {
          throw new TemplateException(where + ": Fn::FindInMap found nothing at " + map + "/" + top + "/" + second);
        }
        return value;
      }
      case "Fn::If": {
        boolean holds = condition(arg.get(0).asText());
        return resolveNode(arg.get(holds ? 1 : 2), where);
      }
      case "Fn::Equals": {
        JsonNode a = resolveNode(arg.get(0), where);
        JsonNode b = resolveNode(arg.get(1), where);
        String sa = scalarOrNull(a);
        String sb = scalarOrNull(b);
        return NODES.booleanNode(sa != null && sb != null ? sa.equals(sb) : a.equals(b));
      }
      case "Fn::Not":
        return NODES.booleanNode(!truth(resolveNode(arg.get(0), where), where));
      case "Fn::And": {
        boolean all = true;
        for (JsonNode c : arg) {
          all &= truth(resolveNode(c, where), where);
        }
        return NODES.booleanNode(all);
      }
      case "Fn::Or": {
        boolean any = false;
        for (JsonNode c : arg) {
          any |= truth(resolveNode(c, where), where);
        }
        return NODES.booleanNode(any);
      }
      case "Condition":
        return NODES.booleanNode(condition(arg.asText()));
      case "Fn::ToJsonString":
        try {
          return TextNode.valueOf(Json.MAPPER.writeValueAsString(resolveNode(arg, where)));
        } catch (Exception e) {
          throw new TemplateException(where + ": Fn::ToJsonString failed: " + e.getMessage(), e);
        }
      case "Fn::Length":
        return NODES.numberNode(resolveNode(arg, where).size());
      default:
        throw new TemplateException(where + ": intrinsic function " + name + " is not supported by the local cloud"
            + (name.equals("Fn::ImportValue") ? " (cross-stack imports need the exporting stack)" : ""));
    }
  }

  private JsonNode ref(String name, String where) {
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (name.equals("AWS::NotificationARNs")) {
      return NODES.arrayNode();
    }
    if (name.startsWith("AWS::")) {
      String value = pseudo.get(name);
      if (value == null) {
        throw new TemplateException(where + ": unknown pseudo parameter " + name);
      }
      return TextNode.valueOf(value);
    }
    JsonNode parameter = template.parameters().get(name);
    if (parameter != null) {
      if (parameterValues.containsKey(name)) {
        return TextNode.valueOf(parameterValues.get(name));
      }
      JsonNode def = parameter.get("Default");
      if (def == null) {
        throw new TemplateException(where + ": parameter " + name + " has no default and no local value");
      }
      return def;
    }
    requireResource(name, where);
    return TextNode.valueOf(references.ref(name));
  }

  private void requireResource(String id, String where) {
    if (!template.resources().containsKey(id)) {
      throw new TemplateException(where + ": reference to unknown resource " + id);
    }
  }

  private String sub(JsonNode arg, String where) {
    String text;
    Map<String, JsonNode> variables = new HashMap<>();
    if (arg.isArray()) {
      text = arg.get(0).asText();
      if (arg.size() > 1) {
        arg.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), resolveNode(e.getValue(), where)));
      }
    } else {
      text = arg.asText();
    }
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String var = m.group(1).trim();
      JsonNode value;
      if (variables.containsKey(var)) {
        value = variables.get(var);
      } else if (var.contains(".") && !var.startsWith("AWS::")) {
        String[] parts = var.split("\\.", 2);
        requireResource(parts[0], where);
        value = references.attribute(parts[0], parts[1]);
      } else {
        value = ref(var, where);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(scalar(value, where)));
    }
    m.appendTail(out);
    // ${!Literal} is how a template writes a literal ${Literal}.
    return out.toString().replace("${!", "${");
  }

  private static String scalar(JsonNode value, String where) {
    String s = scalarOrNull(value);
    if (s == null) {
      throw new TemplateException(where + ": expected a string, got " + value);
    }
    return s;
  }

  private static String scalarOrNull(JsonNode value) {
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private static boolean truth(JsonNode value, String where) {
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return Boolean.parseBoolean(value.asText());
    }
    throw new TemplateException(where + ": expected a condition, got " + value);
  }
}
