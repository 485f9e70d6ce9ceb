package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipeline.infra.config.FunctionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template against the documents other modules rely on: docs/functions.md (artifacts, handlers,
 * environment variables, outputs), cdk.json (every setting with its default) and docs/deploy.md
 * (every setting documented).
 */
class ContractTest {
  private static EventPipelineApp.Synthesis synth;
  private static Map<String, Map<String, Object>> resources;
  private static String functionsMd;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    synth = TestSynthesis.defaults();
    Map<String, Object> template = new ObjectMapper().readValue(synth.templateFile().toFile(), Map.class);
    resources = (Map<String, Map<String, Object>>) template.get("Resources");
    functionsMd = Files.readString(TestSynthesis.repositoryRoot().resolve("docs/functions.md"));
  }

  private static FunctionId byDocName(String name) {
    return FunctionId.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environmentOf(FunctionId id) {
    Map<String, Object> p = (Map<String, Object>) resources.get(id.logicalName() + "Function").get("Properties");
    return (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
  }

  @Test
  void artifactsAndHandlersAreTheOnesDocsFunctionsMdFixes() {
    Pattern row = Pattern.compile("^\\| ([a-z-]+) \\| `([^`]+\\.zip)` \\| `([^`]+)` \\|", Pattern.MULTILINE);
    Matcher m = row.matcher(functionsMd);
    Set<FunctionId> seen = new TreeSet<>();
    while (m.find()) {
      FunctionId id = byDocName(m.group(1));
      assertThat(id.artifactPath()).as("artifact of %s", id).isEqualTo(m.group(2));
      assertThat(id.handler()).as("handler of %s", id).isEqualTo(m.group(3));
      seen.add(id);
    }
    assertThat(seen).containsExactlyInAnyOrder(FunctionId.values());
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRequiredVariableIsSetAndEverySetVariableIsDocumented() throws Exception {
    Pattern row = Pattern.compile("^\\| ([a-z, -]+) \\| `([A-Z_]+)` \\| (yes|no)", Pattern.MULTILINE);
    Matcher m = row.matcher(functionsMd);
    Map<FunctionId, Set<String>> documented = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      for (String name : m.group(1).split(",\\s*")) {
        FunctionId id = byDocName(name.trim());
        documented.computeIfAbsent(id, k -> new TreeSet<>()).add(m.group(2));
        if (m.group(3).equals("yes") && !environmentOf(id).containsKey(m.group(2))) {
          missing.add(id + " " + m.group(2));
        }
      }
    }
    assertThat(missing).as("required variables not set").isEmpty();
    for (FunctionId id : FunctionId.values()) {
      Set<String> undocumented = new TreeSet<>(environmentOf(id).keySet());
      undocumented.removeAll(documented.getOrDefault(id, Set.of()));
      // The common variables are documented in docs/operations.md.
      undocumented.remove("METRICS_NAMESPACE");
      assertThat(undocumented).as("undocumented variables of %s", id).isEmpty();
    }
    assertThat(environmentOf(FunctionId.NOTIFY)).doesNotContainKey("NOTIFY_ALLOW_PRIVATE_TARGETS");
    // the deployed stack keeps the port allow list (any loopback port is for the local cloud only)
    assertThat(environmentOf(FunctionId.NOTIFY)).containsEntry("WEBHOOK_ALLOWED_PORTS", "80,443,8080,8443");
    assertThat(environmentOf(FunctionId.SUBSCRIPTIONS_API)).containsEntry("WEBHOOK_ALLOWED_PORTS", "80,443,8080,8443");
    // what only the opt-ins set (the raw quarantine bucket, the deployer's policy) is documented too
    Map<String, Object> optIn = new ObjectMapper().readValue(
        TestSynthesis.with(QuarantineRawTest.OPT_IN).templateFile().toFile(), Map.class);
    Map<String, Object> ingest = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) ((Map<String, Object>) optIn.get("Resources")).get("IngestFunction"))
            .get("Properties")).get("Environment")).get("Variables");
    assertThat(ingest).containsKeys("QUARANTINE_RAW_BUCKET", "MASK_POLICY");
    Set<String> undocumented = new TreeSet<>(ingest.keySet());
    undocumented.removeAll(documented.get(FunctionId.INGEST));
    undocumented.remove("METRICS_NAMESPACE");
    assertThat(undocumented).as("undocumented variables of ingest with the opt-ins").isEmpty();
  }

  @Test
  void everyOutputDocsFunctionsMdNamesIsAnOutput() {
    String section = functionsMd.substring(functionsMd.indexOf("## Stack outputs"));
    Matcher m = Pattern.compile("`([A-Za-z]+)`").matcher(section);
    Set<String> named = new TreeSet<>();
    while (m.find()) {
      named.add(m.group(1));
    }
    named.remove("DlqUrl");
    named.remove("quarantineRaw");
    assertThat(named).hasSizeGreaterThanOrEqualTo(10);
    // the opt-in raw quarantine store adds outputs of its own (documented with it)
    List<String> defaults = outputsOf(synth);
    List<String> optIn = outputsOf(TestSynthesis.with(QuarantineRawTest.OPT_IN));
    Set<String> all = new TreeSet<>(defaults);
    all.addAll(optIn);
    assertThat(all).containsAll(named);
    assertThat(defaults).allMatch(key -> named.contains(key) || key.endsWith("DlqUrl"));
    assertThat(optIn).allMatch(key -> named.contains(key) || key.endsWith("DlqUrl"));
    assertThat(optIn).containsAll(defaults);
  }

  private static List<String> outputsOf(EventPipelineApp.Synthesis s) {
    return s.stack().getNode().findAll().stream()
        .filter(c -> c instanceof software.amazon.awscdk.CfnOutput)
        .map(c -> c.getNode().getId()).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void cdkJsonListsEverySettingWithItsDefault() throws Exception {
    Map<String, Object> cdkJson = new ObjectMapper().readValue(
        TestSynthesis.repositoryRoot().resolve("infra/cdk/cdk.json").toFile(), Map.class);
    Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
    Map<String, Object> defaults = new LinkedHashMap<>(synth.context().defaults());
    // Account and region come from the CDK CLI's environment when deploying: cdk.json must not pin
    // them; the version defaults to the build's.
    defaults.keySet().removeAll(List.of("account", "region", "pipelineVersion"));
    for (var e : defaults.entrySet()) {
      assertThat(context).as("cdk.json context").containsKey(e.getKey());
      assertThat(String.valueOf(context.get(e.getKey()))).as(e.getKey())
          .isEqualTo(String.valueOf(e.getValue()));
    }
    assertThat(context).doesNotContainKeys("account", "region");
  }

  @Test
  void docsDeployMdDocumentsEverySetting() throws Exception {
    Path deploy = TestSynthesis.repositoryRoot().resolve("docs/deploy.md");
    String text = Files.readString(deploy);
    List<String> undocumented = synth.context().defaults().keySet().stream()
        .filter(key -> !text.contains("`" + key + "`"))
        .toList();
    assertThat(undocumented).as("settings missing from docs/deploy.md").isEmpty();
  }
}
