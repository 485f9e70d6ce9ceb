package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.esm.RuleSpec;
import dev.eventpipeline.local.esm.TriggerSpec;
import dev.eventpipeline.local.esm.UrlSpec;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * Provisions Lambda functions (each one's handler, runtime, memory, timeout, environment and
 * deployment artifact, run later by the local cloud's function processes), their versions and
 * aliases, event source mappings and function URLs. Functions that only serve custom resources are
 * recorded but never run.
 */
final class LambdaProvisioner extends ServiceProvisioner {
  private final String stackName;
  private final IntSupplier urlPorts;
  private final Set<String> providerFunctions;
  private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
  /** Any string that names a function (name, ARN, alias or version ARN) → its logical id. */
  private final Map<String, String> functionAliases = new HashMap<>();
  private final List<MappingSpec> mappings = new ArrayList<>();
  private final List<UrlSpec> urls = new ArrayList<>();
  private final List<RuleSpec> rules = new ArrayList<>();
  private final List<TriggerSpec> triggers = new ArrayList<>();

  LambdaProvisioner(ProvisionContext ctx, IntSupplier urlPorts, Set<String> providerFunctions) {
    super(ctx);
    handles("AWS::Lambda::Function", this::function);
    handles("AWS::Lambda::Version", this::version);
    handles("AWS::Lambda::Alias", this::alias);
    handles("AWS::Lambda::EventSourceMapping", this::mapping);
    handles("AWS::Lambda::Url", this::url);
    handles("AWS::Events::Rule", this::rule);
    handles("Custom::Trigger", this::trigger);
    this.stackName = ctx.stackName;
    this.urlPorts = urlPorts;
    this.providerFunctions = providerFunctions;
  }

  List<FunctionSpec> functions() {
    return new ArrayList<>(functions.values());
  }

  List<MappingSpec> mappings() {
    return mappings;
  }

  List<UrlSpec> urls() {
    return urls;
  }

  List<RuleSpec> rules() {
    return rules;
  }

  List<TriggerSpec> triggers() {
    return triggers;
  }

  private void function(CfnResource r) {
    if (providerFunctions.contains(r.logicalId())) {
      ignored.add(r.logicalId() + " (AWS::Lambda::Function, custom-resource provider: its work is done by the local cloud)");
      String name = names.name(r.logicalId(), 64);
      String arn = functionArn(name);
      resources.put(r.logicalId(), new LocalResource(r.logicalId(), r.type(), name, name, arn, null, false));
      attrs(r).put("Arn", text(arn));
      return;
    }
    JsonNode p = props(r);
    String name = explicitOr(p, "FunctionName", () -> names.name(r.logicalId(), 64));
    String arn = functionArn(name);
    Path asset = asset(r);
    Map<String, String> env = new TreeMap<>();
    p.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    JsonNode logging = p.path("LoggingConfig");
    String label = p.has("FunctionName") ? name : LocalNames.human(r.logicalId());
    FunctionSpec spec = new FunctionSpec(r.logicalId(), name, label, arn, p.path("Handler").asText(),
        p.path("Runtime").asText(), p.path("MemorySize").asInt(128), p.path("Timeout").asInt(3), env, asset,
        p.path("ReservedConcurrentExecutions").asInt(0), logging.path("LogFormat").asText("Text"),
        logging.path("ApplicationLogLevel").asText(null));
    if (spec.handler().isEmpty()) {
      throw new TemplateException(r.logicalId() + ": function has no Handler");
    }
    functions.put(r.logicalId(), spec);
    functionAliases.put(name, r.logicalId());
    functionAliases.put(arn, r.logicalId());
    put(r, name, name, arn, null, true, spec.runtime() + ", " + spec.memoryMb() + " MB, " + spec.timeoutSeconds()
        + " s, " + template.assetDir().relativize(asset));
    if (p.has("Layers") && p.get("Layers").size() > 0) {
      notes.add(name + ": Layers are not emulated");
    }
    if (p.path("SnapStart").path("ApplyOn").asText("None").equals("PublishedVersions")) {
      notes.add(name + ": SnapStart is not emulated (every cold start is a full init)");
    }
  }

  private Path asset(CfnResource r) {
    JsonNode meta = r.metadata() == null ? null : r.metadata().get("aws:asset:path");
    Path asset;
    if (meta != null) {
      asset = template.assetDir().resolve(meta.asText()).normalize();
    } else if (r.property("Code").has("ZipFile")) {
      throw new TemplateException(r.logicalId() + ": inline code (Code.ZipFile) cannot run on a Java runtime");
    } else {
      // Synthesized without asset metadata (App.synth() outside the CDK CLI): the asset manifest maps the
      // object key the function's Code points at back to the staged file.
      String key = intrinsics.resolve(r.property("Code").path("S3Key")).asText("");
      asset = AssetManifest.find(template.assetDir(), key).orElseThrow(() -> new TemplateException(r.logicalId()
          + ": cannot find its artifact in " + template.assetDir() + " (no aws:asset:path metadata and no asset "
          + "manifest entry for S3Key '" + key + "')"));
    }
    if (!Files.exists(asset)) {
      throw new TemplateException(r.logicalId() + ": its artifact " + asset + " is missing (synthesize again: "
          + "./pipeline synth)");
    }
    return asset;
  }

  private String functionArn(String name) {
    return "arn:aws:lambda:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":function:" + name;
  }

  private void version(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String arn = resources.get(fn).arn() + ":1";
    functionAliases.put(arn, fn);
    put(r, arn, null, arn, null, true, null);
    attrs(r).put("Version", text("1"));
    attrs(r).put("FunctionArn", text(resources.get(fn).arn()));
  }

  private void alias(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String arn = resources.get(fn).arn() + ":" + p.path("Name").asText();
    functionAliases.put(arn, fn);
    put(r, arn, null, arn, null, true, null);
    attrs(r).put("AliasArn", text(arn));
  }

  private String functionLogicalId(String reference, String from) {
    String fn = functionAliases.get(reference);
    if (fn == null) {
      // A partial ARN or name:qualifier.
      String base = reference.contains(":function:") ? reference.substring(reference.indexOf(":function:") + 10)
          : reference;
      base = base.split(":")[0];
      fn = functionAliases.get(base);
    }
    if (fn == null) {
      throw new TemplateException(from + ": refers to function '" + reference + "', which the template does not run");
    }
    return fn;
  }

  private void mapping(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String sourceArn = p.path("EventSourceArn").asText();
    LocalResource source = resources.values().stream().filter(x -> sourceArn.equals(x.arn())).findFirst()
        .orElseThrow(() -> new TemplateException(r.logicalId() + ": event source " + sourceArn
            + " is not a stream or queue of this template"));
    MappingSpec.Kind kind = switch (source.type()) {
      case "AWS::Kinesis::Stream" -> MappingSpec.Kind.KINESIS;
      case "AWS::SQS::Queue" -> MappingSpec.Kind.SQS;
      default -> throw new TemplateException(r.logicalId() + ": event sources of type " + source.type()
          + " are not emulated (Kinesis and SQS are)");
    };
    boolean kinesisSource = kind == MappingSpec.Kind.KINESIS;
    List<String> notEmulated = new ArrayList<>();
    for (String unsupported : List.of("FilterCriteria", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig",
        "SelfManagedEventSource", "MetricsConfig", "ProvisionedPollerConfig")) {
      if (p.has(unsupported)) {
        notEmulated.add(unsupported);
      }
    }
    if (p.path("ParallelizationFactor").asInt(1) > 1) {
      notEmulated.add("ParallelizationFactor (one batch per shard at a time)");
    }
    String onFailure = p.path("DestinationConfig").path("OnFailure").path("Destination").asText(null);
    Instant timestamp = p.has("StartingPositionTimestamp")
        ? Instant.ofEpochMilli((long) (p.get("StartingPositionTimestamp").asDouble() * 1000)) : null;
    boolean reportFailures = false;
    for (JsonNode t : p.path("FunctionResponseTypes")) {
      reportFailures |= t.asText().equals("ReportBatchItemFailures");
    }
    String uuid = UUID.nameUUIDFromBytes((stackName + "/" + r.logicalId()).getBytes(StandardCharsets.UTF_8)).toString();
    MappingSpec spec = new MappingSpec(r.logicalId(), uuid, fn, kind, sourceArn,
        kinesisSource ? source.name() : source.url(),
        p.path("BatchSize").asInt(kinesisSource ? 100 : 10),
        p.path("MaximumBatchingWindowInSeconds").asInt(0),
        p.path("StartingPosition").asText(kinesisSource ? "LATEST" : null), timestamp, reportFailures,
        p.path("BisectBatchOnFunctionError").asBoolean(false),
        p.path("MaximumRetryAttempts").asInt(-1),
        p.path("MaximumRecordAgeInSeconds").asInt(-1),
        onFailure,
        p.path("ScalingConfig").path("MaximumConcurrency").asInt(0),
        p.path("Enabled").asBoolean(true),
        notEmulated);
    if (onFailure != null && byArn(onFailure) == null) {
      throw new TemplateException(r.logicalId() + ": on-failure destination " + onFailure
          + " is not a queue or topic of this template");
    }
    mappings.add(spec);
    put(r, uuid, null, "arn:aws:lambda:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":event-source-mapping:" + uuid,
        null, true, source.name() + " → " + functions.get(fn).name());
    attrs(r).put("Id", text(uuid));
    if (!notEmulated.isEmpty()) {
      notes.add(r.logicalId() + ": not emulated: " + String.join(", ", notEmulated));
    }
  }

  private void url(CfnResource r) {
    JsonNode p = props(r);
    String target = p.path("TargetFunctionArn").asText();
    if (p.has("Qualifier")) {
      target = target + ":" + p.get("Qualifier").asText();
    }
    String fn = functionLogicalId(target, r.logicalId());
    UrlSpec spec = new UrlSpec(r.logicalId(), fn, urlPorts.getAsInt(), p.path("AuthType").asText("AWS_IAM"),
        p.path("InvokeMode").asText("BUFFERED"));
    urls.add(spec);
    put(r, spec.url(), null, null, spec.url(), true, functions.get(fn).name() + " (auth " + spec.authType()
        + " not enforced locally)");
    attrs(r).put("FunctionUrl", text(spec.url()));
    attrs(r).put("FunctionArn", text(functions.get(fn).arn()));
    if ("RESPONSE_STREAM".equals(spec.invokeMode())) {
      notes.add(r.logicalId() + ": InvokeMode RESPONSE_STREAM is served buffered");
    }
  }

  /**
   * An EventBridge rule on the default bus with an event pattern and Lambda targets: the local cloud
   * matches the events it produces (alarm state changes) against it. Schedules, other buses, input
   * transformers and non-Lambda targets are not emulated (noted).
   */
  private void rule(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "Name", () -> names.name(r.logicalId(), 64));
    String arn = "arn:aws:events:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":rule/" + name;
    List<String> notEmulated = new ArrayList<>();
    if (p.has("ScheduleExpression")) {
      notEmulated.add("ScheduleExpression");
    }
    if (p.has("EventBusName") && !"default".equals(p.get("EventBusName").asText())) {
      notEmulated.add("EventBusName " + p.get("EventBusName").asText());
    }
    List<RuleSpec.Target> targets = new ArrayList<>();
    for (JsonNode t : p.path("Targets")) {
      String targetArn = t.path("Arn").asText();
      if (!targetArn.contains(":lambda:") || t.has("Input") || t.has("InputPath") || t.has("InputTransformer")) {
        notEmulated.add("target " + t.path("Id").asText() + " (" + targetArn + ")");
        continue;
      }
      String deadLetter = t.path("DeadLetterConfig").path("Arn").asText(null);
      targets.add(new RuleSpec.Target(t.path("Id").asText(), functionLogicalId(targetArn, r.logicalId()), targetArn,
          deadLetter, t.path("RetryPolicy").path("MaximumRetryAttempts").asInt(185)));
    }
    boolean enabled = "ENABLED".equals(p.path("State").asText("ENABLED"));
    rules.add(new RuleSpec(r.logicalId(), name, arn, p.path("EventPattern"), enabled, targets));
    put(r, name, name, arn, null, true, targets.size() + " Lambda target(s)" + (enabled ? "" : ", disabled"));
    if (!notEmulated.isEmpty()) {
      notes.add(r.logicalId() + ": not emulated: " + String.join(", ", notEmulated));
    }
  }

  /** A CDK Trigger: its function, invoked by the local cloud at the end of `up` (request-response). */
  private void trigger(CfnResource r) {
    JsonNode p = props(r);
    String handler = p.path("HandlerArn").asText();
    String fn = functionLogicalId(handler, r.logicalId());
    if (!"RequestResponse".equals(p.path("InvocationType").asText("RequestResponse"))) {
      notes.add(r.logicalId() + ": InvocationType " + p.path("InvocationType").asText() + " runs as RequestResponse");
    }
    triggers.add(new TriggerSpec(r.logicalId(), fn, handler, p.path("Timeout").asLong(600_000)));
    put(r, r.logicalId(), null, null, null, true, functions.get(fn).name() + ", run at the end of up");
  }
}
