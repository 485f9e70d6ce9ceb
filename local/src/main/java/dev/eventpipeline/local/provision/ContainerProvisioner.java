package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.container.ServiceSpec;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ECS on Fargate, as far as it has a local effect: a service runs its task definition's container as
 * processes ({@link ServiceSpec}); the cluster is a name. A task definition must have one container
 * whose image is a CDK image asset holding one runnable jar (what `java -jar` runs in the image); the
 * networking around it (VPC, subnets, security groups) has no local meaning and is ignored.
 */
final class ContainerProvisioner extends ServiceProvisioner {
  /** An image asset's tag: the asset hash the CDK puts after the repository. */
  private static final Pattern ASSET_TAG = Pattern.compile(":([0-9a-f]{64})$");

  /** One container of a task definition, until the service that runs it comes. */
  private record Task(String containerName, Path jar, Map<String, String> environment, int memoryMiB,
      int stopTimeoutSeconds) {}

  private final Map<String, Task> tasks = new HashMap<>();
  private final List<ServiceSpec> services = new ArrayList<>();

  ContainerProvisioner(ProvisionContext ctx) {
    super(ctx);
    handles("AWS::ECS::Cluster", this::cluster);
    handles("AWS::ECS::TaskDefinition", this::taskDefinition);
    handles("AWS::ECS::Service", this::service);
  }

  List<ServiceSpec> services() {
    return services;
  }

  private void cluster(CfnResource r) {
    String name = explicitOr(props(r), "ClusterName", () -> names.name(r.logicalId(), 255));
    put(r, name, name, "arn:aws:ecs:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":cluster/" + name, null, true,
        "tasks run as local processes");
  }

  private void taskDefinition(CfnResource r) {
    JsonNode containers = r.property("ContainerDefinitions");
    if (!containers.isArray() || containers.size() != 1) {
      throw new TemplateException(r.logicalId() + ": the local cloud runs task definitions of exactly one container ("
          + containers.size() + " here)");
    }
    JsonNode container = intrinsics.resolve(containers.get(0));
    Map<String, String> env = new TreeMap<>();
    container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
    if (container.has("Secrets") && container.get("Secrets").size() > 0) {
      notes.add(r.logicalId() + ": container Secrets are not emulated");
    }
    String family = r.property("Family").asText(names.name(r.logicalId(), 255));
    int memory = intrinsics.resolve(r.property("Memory")).asInt(512);
    Path jar = jar(r, imageDirectory(r, container.path("Image").asText()));
    tasks.put(r.logicalId(), new Task(container.path("Name").asText("app"), jar, env, memory,
        container.path("StopTimeout").asInt(30)));
    String arn = "arn:aws:ecs:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":task-definition/" + family + ":1";
    put(r, arn, family, arn, null, true, memory + " MiB, " + template.assetDir().relativize(jar));
    attrs(r).put("TaskDefinitionArn", text(arn));
  }

  private void service(CfnResource r) {
    // only what runs locally is resolved: the network configuration names things that do not exist here
    var local = Json.MAPPER.createObjectNode();
    for (String property : List.of("ServiceName", "DesiredCount")) {
      if (!r.property(property).isMissingNode()) {
        local.set(property, r.property(property));
      }
    }
    JsonNode p = intrinsics.resolve(local);
    String taskRef = r.property("TaskDefinition").path("Ref").asText(null);
    Task task = taskRef == null ? null : tasks.get(taskRef);
    if (task == null) {
      throw new TemplateException(r.logicalId() + ": its TaskDefinition must be a Ref to a task definition of the stack");
    }
    String name = explicitOr(p, "ServiceName", () -> names.name(r.logicalId(), 255));
    int desired = p.path("DesiredCount").asInt(1);
    services.add(new ServiceSpec(r.logicalId(), name, task.containerName(), task.jar(), task.environment(),
        task.memoryMiB(), desired, task.stopTimeoutSeconds()));
    String arn = "arn:aws:ecs:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":service/" + name;
    put(r, arn, name, arn, null, true, desired + " task(s) of " + task.containerName() + " as local processes");
    attrs(r).put("Name", text(name));
    attrs(r).put("ServiceArn", text(arn));
    if (template.resources().values().stream().anyMatch(x -> x.type().equals("AWS::ApplicationAutoScaling::ScalableTarget"))) {
      notes.add(name + ": autoscaling is not emulated (it runs its desired count, " + desired + ")");
    }
  }

  /** The staged directory of the image asset the container's Image names (by its tag, the asset hash). */
  private Path imageDirectory(CfnResource r, String image) {
    Matcher tag = ASSET_TAG.matcher(image);
    String hash = tag.find() ? tag.group(1) : null;
    if (hash == null) {
      throw new TemplateException(r.logicalId() + ": its image " + image + " is not a CDK image asset; the local cloud"
          + " runs only images it can find the build directory of");
    }
    Path cdkOut = template.assetDir();
    try (var manifests = Files.newDirectoryStream(cdkOut, "*.assets.json")) {
      for (Path manifest : manifests) {
        JsonNode images = Json.MAPPER.readTree(manifest.toFile()).path("dockerImages");
        for (Iterator<Map.Entry<String, JsonNode>> it = images.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          if (entry.getKey().equals(hash)) {
            return cdkOut.resolve(entry.getValue().path("source").path("directory").asText()).normalize();
          }
        }
      }
    } catch (IOException e) {
      throw new TemplateException(r.logicalId() + ": cannot read the asset manifests in " + cdkOut, e);
    }
    throw new TemplateException(r.logicalId() + ": no image asset " + hash + " in " + cdkOut + " (synthesize again)");
  }

  private static Path jar(CfnResource r, Path directory) {
    List<Path> jars;
    try (Stream<Path> files = Files.walk(directory)) {
      jars = files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).toList();
    } catch (IOException e) {
      throw new TemplateException(r.logicalId() + ": cannot read its image asset " + directory, e);
    }
    if (jars.size() != 1) {
      throw new TemplateException(r.logicalId() + ": its image asset " + directory + " holds " + jars.size()
          + " jar(s); the local cloud runs an image built around one runnable jar (build it: ./mvnw install -DskipTests)");
    }
    return jars.get(0);
  }
}
