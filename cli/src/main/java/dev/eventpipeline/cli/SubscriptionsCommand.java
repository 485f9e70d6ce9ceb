package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.cli.client.TargetException;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.cloud.LocalAws;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** `pipeline subscriptions`: list, delete or test webhook subscriptions through the subscription API. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
    description = "List, delete or test webhook subscriptions (see docs/webhooks.md).",
    subcommands = {SubscriptionsCommand.ListCommand.class, SubscriptionsCommand.DeleteCommand.class,
        SubscriptionsCommand.TestCommand.class})
public final class SubscriptionsCommand implements Callable<Integer> {
  @Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list, delete ID or test ID");
  }

  /** `pipeline subscriptions list`. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the subscriptions (never their secrets).")
  static final class ListCommand extends ApiCommand {
    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      return request("subscriptions list", "GET", "subscriptions", null, (response, out) -> {
        if (json) {
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response.json()));
          return 0;
        }
        JsonNode items = response.json().path("subscriptions");
        if (items.isEmpty()) {
          out.println("No subscriptions. Add one with: pipeline subscribe --url URL --events TYPE,...");
          return 0;
        }
        out.printf("%-36s  %-8s  %-40s  %s%n", "ID", "ENABLED", "EVENTS", "URL");
        for (JsonNode item : items) {
          List<String> events = new ArrayList<>();
          item.path("events").forEach(e -> events.add(e.asText()));
          out.printf("%-36s  %-8s  %-40s  %s%s%n", item.path("id").asText(),
              item.path("enabled").asBoolean() ? "yes" : "no", String.join(",", events), item.path("url").asText(),
              item.hasNonNull("description") ? "  (" + item.path("description").asText() + ")" : "");
          if (item.hasNonNull("disabledReason")) {
            out.printf("%-36s  disabled: %s%n", "", item.path("disabledReason").asText());
          }
        }
        return 0;
      });
    }
  }

  /** `pipeline subscriptions delete ID`. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a subscription.")
  static final class DeleteCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The subscription id.")
    String id;

    @Override
    public Integer call() {
      return request("subscriptions delete", "DELETE", "subscriptions/" + encode(id), null, (response, out) -> {
        out.println("Deleted subscription " + id + ".");
        return 0;
      });
    }
  }

  /** `pipeline subscriptions test ID`. */
  @Command(name = "test", mixinStandardHelpOptions = true,
      description = "Send a signed test ping to the subscription's URL now and show what it answered. "
          + "Exit code 1 unless it was delivered (2xx).")
  static final class TestCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The subscription id.")
    String id;

    @Override
    public Integer call() {
      return request("subscriptions test", "POST", "subscriptions/" + encode(id) + "/test", null, (response, out) -> {
        JsonNode result = response.json();
        String outcome = result.path("outcome").asText();
        String status = result.hasNonNull("status") ? "HTTP " + result.path("status").asInt() : "no answer";
        out.printf("Test ping %s: %s (%s) in %d ms%s%n", result.path("webhookId").asText(),
            outcome, status, result.path("durationMs").asLong(),
            outcome.equals("DELIVERED") ? "" : ": " + result.path("detail").asText());
        return outcome.equals("DELIVERED") ? 0 : 1;
      });
    }
  }

  /** A command that makes one call to the subscription API: the API options, and the call's error handling. */
  abstract static class ApiCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** What to do with a successful (2xx) answer; returns the exit code. */
    @FunctionalInterface
    interface OnSuccess {
      int accept(ApiResponse response, PrintWriter out) throws Exception;
    }

    /** Calls {@code method path} with {@code body}; an error answer is reported as {@code command}'s failure. */
    final int request(String command, String method, String path, String body, OnSuccess onSuccess) {
      return api.run(spec, command, client -> {
        ApiResponse response = client.call(method, path, body);
        if (!response.ok()) {
          return response.report(spec, command);
        }
        return onSuccess.accept(response, spec.commandLine().getOut());
      });
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** What a command does with a client; may throw anything (reported as a failure). */
  @FunctionalInterface
  interface ApiAction {
    int run(ApiClient client) throws Exception;
  }

  /**
   * Where the subscription API is and how to call it (a picocli mixin shared with `pipeline
   * subscribe`): --api-url (or PIPELINE_API_URL), else the running local cloud's
   * {@code .pipeline/outputs.json} key SubscriptionsApiUrl. Every request is SigV4-signed (service
   * lambda) for the function URL's AWS_IAM auth, unless --unsigned: with the AWS SDK's default
   * credentials; for the local cloud (its outputs, or a loopback --api-url) the local cloud's own
   * credentials (testing/testing, the account root there) when no default credentials are configured,
   * and its region.
   */
  public static final class ApiOptions {
    static final String OUTPUT_KEY = "SubscriptionsApiUrl";

    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "${env:PIPELINE_API_URL}",
        description = "The subscription API (the stack output SubscriptionsApiUrl). Default: $PIPELINE_API_URL, "
            + "else the running local cloud's (.pipeline/outputs.json).")
    URI apiUrl;

    @Option(names = "--region", paramLabel = "REGION",
        description = "Region to sign for (default: the region in the function URL, else AWS_REGION).")
    String region;

    @Option(names = "--unsigned", description = "Never sign requests (an endpoint without AWS_IAM auth).")
    boolean unsigned;

    @Option(names = "--sigv4", hidden = true, description = "Sign (the default; kept for scripts that pass it).")
    boolean forceSigning;

    @Option(names = "--pipeline-home", hidden = true, paramLabel = "DIR",
        description = "The repository whose .pipeline/outputs.json is read (default: -Dpipeline.home, else .).")
    Path home;

    /** Resolves the API, runs the action, and turns failures into messages and exit codes. */
    int run(CommandLine.Model.CommandSpec spec, String command, ApiAction action) {
      PrintWriter err = spec.commandLine().getErr();
      ApiClient client;
      try {
        client = client();
      } catch (ApiException e) {
        err.println("pipeline " + command + ": " + e.getMessage());
        return 1;
      }
      try {
        return action.run(client);
      } catch (IOException e) {
        err.println("pipeline " + command + ": cannot reach the subscription API at " + client.base() + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
            + (isLoopback(client.base().getHost()) ? " (is `./pipeline up` running?)" : ""));
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      } catch (Exception e) {
        err.println("pipeline " + command + ": " + e.getMessage());
        return 1;
      }
    }

    ApiClient client() {
      URI base;
      boolean local;
      String localRegion = null;
      if (apiUrl != null) {
        base = apiUrl;
        if (base.getScheme() == null || base.getHost() == null
            || !Set.of("http", "https").contains(base.getScheme().toLowerCase(Locale.ROOT))) {
          throw new ApiException("--api-url must be an http(s) URL, got " + apiUrl);
        }
        local = isLoopback(base.getHost());
      } else {
        Path outputs = StackOutputs.localFile(home != null ? home : StackOutputs.home());
        if (!Files.isRegularFile(outputs)) {
          throw new ApiException("no local cloud is running (" + outputs + " not found) and no --api-url: start "
              + "`./pipeline up`, or pass the stack output SubscriptionsApiUrl with --api-url (or PIPELINE_API_URL)");
        }
        String value = readOutput(outputs, OUTPUT_KEY);
        base = URI.create(value);
        local = true;
        try {
          localRegion = readOutput(outputs, "Region");
        } catch (ApiException noRegion) {
          localRegion = null;
        }
      }
      if (!base.getPath().endsWith("/")) {
        base = URI.create(base.toString() + "/");
      }
      if (unsigned) {
        return ApiClient.plain(base);
      }
      if (local) {
        return ApiClient.signed(base, localCredentials(), region != null && !region.isBlank() ? region
            : localRegion != null ? localRegion : regionOr(LOCAL_REGION));
      }
      return ApiClient.signed(base, credentials(), region(base));
    }

    /** The local cloud's region when nothing else says (its outputs name it). */
    static final String LOCAL_REGION = "us-east-1";

    /**
     * For the local cloud: the default credentials when any are configured (a user made with `aws iam
     * create-user` and `create-access-key` on the local cloud calls as that user), else the local
     * cloud's own (testing/testing: the account root there).
     */
    private AwsCredentials localCredentials() {
      try {
        return DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(false).build().resolveCredentials();
      } catch (RuntimeException noneConfigured) {
        return AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
      }
    }

    private static String regionOr(String fallback) {
      try {
        return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
      } catch (RuntimeException e) {
        return fallback;
      }
    }


    private AwsCredentials credentials() {
      try {
        return DefaultCredentialsProvider.builder().build().resolveCredentials();
      } catch (RuntimeException e) {
        throw new ApiException("no AWS credentials to sign the request with (the API uses AWS_IAM auth): configure "
            + "credentials (AWS_PROFILE, aws configure, ...), or pass --unsigned for an endpoint without auth");
      }
    }

    private String region(URI base) {
      if (region != null && !region.isBlank()) {
        return region;
      }
      Matcher matcher = Pattern.compile("\\.lambda-url\\.([a-z0-9-]+)\\.on\\.aws$").matcher(base.getHost());
      if (matcher.find()) {
        return matcher.group(1);
      }
      try {
        return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
      } catch (RuntimeException e) {
        throw new ApiException("no region to sign for: pass --region or set AWS_REGION");
      }
    }

    /** The output {@code key} of a stack outputs file ({@link StackOutputs#read}). */
    static String readOutput(Path file, String key) {
      Map<String, String> outputs;
      try {
        outputs = StackOutputs.read(file);
      } catch (TargetException e) {
        throw new ApiException(e.getMessage());
      }
      String value = outputs.get(key);
      if (value == null) {
        throw new ApiException(file + " has no " + key + " output: is the local cloud running the notify stack?");
      }
      return value;
    }

    private static boolean isLoopback(String host) {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (bare.equalsIgnoreCase("localhost")) {
        return true;
      }
      try {
        return bare.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')
            && InetAddress.getByName(bare).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }

  /** A failure before any request was sent (configuration, credentials). */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiException(String message) {
      super(message);
    }
  }

  /** One answer of the API. */
  record ApiResponse(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() throws IOException {
      return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
    }

    /** Prints an error answer (RFC 9457 problem+json when it is one) and returns exit code 1. */
    int report(CommandLine.Model.CommandSpec spec, String command) {
      PrintWriter err = spec.commandLine().getErr();
      JsonNode problem;
      try {
        problem = json();
      } catch (IOException e) {
        problem = null;
      }
      if (problem != null && problem.hasNonNull("title")) {
        JsonNode errors = problem.path("errors");
        if (errors instanceof ArrayNode list && list.size() > 1) {
          err.printf("pipeline %s: %s (HTTP %d):%n", command, problem.path("title").asText(), status);
          list.forEach(e -> err.println("  - " + e.asText()));
        } else {
          err.printf("pipeline %s: %s (HTTP %d): %s%n", command, problem.path("title").asText(), status,
              problem.path("detail").asText());
        }
      } else if (status == 403) {
        err.printf("pipeline %s: HTTP 403 Forbidden: the credentials used may not call this function URL "
            + "(they need lambda:InvokeFunctionUrl; the local cloud accepts only keys its IAM issued and its own "
            + "testing/testing, and prints why it refused a request)%n", command);
      } else {
        err.printf("pipeline %s: HTTP %d%s%n", command, status,
            body == null || body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length())));
      }
      return 1;
    }
  }

  /** The JDK HttpClient calling the API, plain or SigV4-signed (service "lambda") with the SDK's signer. */
  static final class ApiClient {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI base;
    private final AwsCredentials credentials;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();

    private ApiClient(URI base, AwsCredentials credentials, String region) {
      this.base = base;
      this.credentials = credentials;
      this.region = region;
    }

    static ApiClient plain(URI base) {
      return new ApiClient(base, null, null);
    }

    static ApiClient signed(URI base, AwsCredentials credentials, String region) {
      return new ApiClient(base, credentials, region);
    }

    URI base() {
      return base;
    }

    boolean signed() {
      return credentials != null;
    }

    ApiResponse call(String method, String path, String jsonBody) throws IOException, InterruptedException {
      URI uri = base.resolve(path);
      byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.put("Accept", "application/json, application/problem+json");
      if (jsonBody != null) {
        headers.put("Content-Type", "application/json");
      }
      if (credentials != null) {
        headers = sign(method, uri, headers, body);
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
          .header("User-Agent", "eventpipeline-cli");
      headers.forEach((name, value) -> {
        if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
          request.header(name, value);
        }
      });
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new ApiResponse(response.statusCode(), response.body());
    }

    /** SigV4 headers for the request exactly as the JDK client will send it (same host, path, query, body). */
    private Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
      SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
      headers.forEach(unsigned::putHeader);
      SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
          .identity(credentials)
          .request(unsigned.build())
          .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
      Map<String, String> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      signed.headers().forEach((name, values) -> result.put(name, String.join(",", values)));
      return result;
    }
  }
}
