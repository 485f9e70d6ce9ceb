package dev.eventpipeline.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synthesized CloudFormation template (the JSON the CDK writes to cdk.out): resources in
 * dependency order, parameters, conditions, mappings and outputs, plus the directory its assets
 * are staged in.
 */
public final class CfnTemplate {
  private final Path assetDir;
  private final JsonNode root;
  private final Map<String, CfnResource> resources;

  private CfnTemplate(Path assetDir, JsonNode root) {
    this.assetDir = assetDir;
    this.root = root;
    this.resources = new LinkedHashMap<>();
    JsonNode rs = root.path("Resources");
    if (!rs.isObject() || rs.isEmpty()) {
      throw new TemplateException("The template has no Resources");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = rs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode r = e.getValue();
      String type = r.path("Type").asText(null);
      if (type == null) {
        throw new TemplateException("Resource " + e.getKey() + " has no Type");
      }
      Set<String> dependsOn = new LinkedHashSet<>();
      JsonNode d = r.path("DependsOn");
      if (d.isTextual()) {
        dependsOn.add(d.asText());
      } else if (d.isArray()) {
        d.forEach(x -> dependsOn.add(x.asText()));
      }
      JsonNode props = r.has("Properties") ? r.get("Properties") : JsonNodeFactory.instance.objectNode();
      resources.put(e.getKey(), new CfnResource(e.getKey(), type, props, r.get("Metadata"),
          Collections.unmodifiableSet(dependsOn), r.path("Condition").asText(null)));
    }
  }

  /** Reads a template file; its assets are looked up next to it (the cdk.out directory). */
  public static CfnTemplate read(Path file) {
    try {
      return new CfnTemplate(file.toAbsolutePath().getParent(), Json.MAPPER.readTree(file.toFile()));
    } catch (IOException e) {
      throw new TemplateException("Cannot read template " + file + ": " + e.getMessage(), e);
    }
  }

  /** A template from JSON text (tests), with assets looked up in {@code assetDir}. */
  public static CfnTemplate parse(String json, Path assetDir) {
    try {
      return new CfnTemplate(assetDir, Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new TemplateException("Invalid template JSON: " + e.getMessage(), e);
    }
  }

  public Path assetDir() {
    return assetDir;
  }

  public Map<String, CfnResource> resources() {
    return Collections.unmodifiableMap(resources);
  }

  public CfnResource resource(String logicalId) {
    CfnResource r = resources.get(logicalId);
    if (r == null) {
      throw new TemplateException("No resource " + logicalId + " in the template");
    }
    return r;
  }

  public JsonNode parameters() {
    return root.path("Parameters");
  }

  public JsonNode conditions() {
    return root.path("Conditions");
  }

  public JsonNode mappings() {
    return root.path("Mappings");
  }

  /** Output key → raw (unresolved) value. */
  public Map<String, JsonNode> outputs() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    root.path("Outputs").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("Value")));
    return out;
  }

  /** Resources ordered so that every resource comes after the ones it references or depends on. */
  public List<CfnResource> inDependencyOrder() {
    Map<String, Set<String>> deps = new HashMap<>();
    for (CfnResource r : resources.values()) {
      Set<String> refs = new HashSet<>(r.dependsOn());
      collectReferences(r.properties(), refs);
      refs.retainAll(resources.keySet());
      refs.remove(r.logicalId());
      deps.put(r.logicalId(), refs);
    }
    List<CfnResource> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (String id : resources.keySet()) {
      visit(id, deps, done, visiting, ordered, new ArrayDeque<>());
    }
    return ordered;
  }

  private void visit(String id, Map<String, Set<String>> deps, Set<String> done, Set<String> visiting,
      List<CfnResource> ordered, Deque<String> path) {
    if (done.contains(id)) {
      return;
    }
    if (!visiting.add(id)) {
      path.addLast(id);
      throw new TemplateException("Circular dependency between resources: " + String.join(" -> ", path));
    }
    path.addLast(id);
    for (String dep : deps.get(id)) {
      visit(dep, deps, done, visiting, ordered, path);
    }
    path.removeLast();
    visiting.remove(id);
    done.add(id);
    ordered.add(resources.get(id));
  }

  /** Logical ids referenced by Ref, Fn::GetAtt and ${...} in Fn::Sub anywhere inside {@code node}. */
  public static void collectReferences(JsonNode node, Set<String> into) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Ref")) {
        into.add(node.get("Ref").asText());
        return;
      }
      if (node.size() == 1 && node.has("Fn::GetAtt")) {
        JsonNode g = node.get("Fn::GetAtt");
        into.add(g.isArray() ? g.get(0).asText() : g.asText().split("\\.", 2)[0]);
        return;
      }
      if (node.size() == 1 && node.has("Fn::Sub")) {
        JsonNode s = node.get("Fn::Sub");
        String text = s.isArray() ? s.get(0).asText() : s.asText();
        var m = Intrinsics.SUB_VARIABLE.matcher(text);
        while (m.find()) {
          into.add(m.group(1).split("\\.", 2)[0]);
        }
        if (s.isArray() && s.size() > 1) {
          collectReferences(s.get(1), into);
        }
        return;
      }
      node.forEach(child -> collectReferences(child, into));
    } else if (node.isArray()) {
      node.forEach(child -> collectReferences(child, into));
    }
  }

  /** An empty object node (for resources without properties). */
  static ObjectNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
