package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * README.md's "Using it" section, run: every command line of its {@code ```bash} blocks, parsed from the
 * file, from the checkout root, against {@code ./pipeline up} started from this checkout as its own
 * process (moto on 127.0.0.1:4566, which the README's {@code E=} assumes, when that port is free).
 * A command runs as written unless {@link #SUBSTITUTIONS} gives it a bounded variant (it would run
 * until stopped, or start a cloud of its own for minutes), {@link #PLACEHOLDERS} maps a file name the
 * README makes up, or one of the few environment rules applies (another port when 4566 or 9000 is
 * taken; the README's own "AWS CLI v1" note). Each command must exit 0 and, where cheap, show its
 * effect; one that fails or does not finish in time fails with its output. A table entry that no
 * longer matches the README fails too, so the tables cannot silently go stale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeCommandsIT {
  private static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String README_ENDPOINT = "http://127.0.0.1:4566";
  private static final int README_WEBHOOK_PORT = 9000;
  private static final String README_WEBHOOK = "http://127.0.0.1:" + README_WEBHOOK_PORT + "/hook";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);
  /** How long a pipeline effect (an archived batch, a thumbnail, a delivery) may take on a loaded 2-core machine. */
  private static final Duration EFFECT_TIMEOUT = Duration.ofMinutes(4);

  /** A README command that cannot run as written here, what runs instead, and why. */
  record Substitution(String readme, String runs, String why) {}

  /**
   * The bounded variants. Every key must be a command of the section, exactly (comments stripped,
   * continuation lines joined with one space).
   */
  static final List<Substitution> SUBSTITUTIONS = List.of(
      new Substitution("./pipeline events tail --type ThumbnailCreated",
          "./pipeline events tail --type ThumbnailCreated --max-events 1 --duration 200",
          "runs until Ctrl-C: stops after the first event (of an image the test uploads once it tails), "
              + "which also exercises the removal of its queue and subscription on exit"),
      new Substitution("./pipeline demo", "./pipeline demo --help",
          "starts a local cloud of its own for minutes: its scenario (Demo) runs on the suite's cloud in "
              + "EndToEndSuite.theDemoScenarioGetsEveryExpectedResult, its options in DemoAndBenchCommandTest; "
              + "here only that the command is there and parses"),
      new Substitution("./pipeline bench e2e --records 20000 --images 50",
          "./pipeline bench e2e --records 200 --images 2 --timeout 400",
          "minutes of load: small counts, the same path (a cloud of its own, completeness check, report)"),
      new Substitution("./pipeline bench e2e --single 20", "./pipeline bench e2e --single 2 --timeout 400",
          "20 sequential round trips: 2 take the same path"));

  /**
   * File names the README makes up, as whole words of a command (so {@code s3://…/photo.jpg} stays): a
   * sample of the checkout, or a file or directory in this test's temporary directory ({@code {tmp}}).
   */
  static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>(Map.of(
      "photo.jpg", "samples/images/flower.jpg",
      "app.log", "samples/logs/access.log",
      "my-policy.json", "{tmp}/my-policy.json",
      "masked.log", "{tmp}/masked.log",
      "out/", "{tmp}/out/"));

  /** The policy behind my-policy.json (the shape of docs/masking.md's example, without HASH: that needs a key). */
  private static final String POLICY = "{\"version\": 1, \"description\": \"README test\", "
      + "\"operators\": {\"IPV4\": \"PARTIAL\", \"PHONE\": \"NONE\"}}";

  private static final Pattern ASSIGNMENT = Pattern.compile("^(export\\s+)?[A-Za-z_][A-Za-z0-9_]*=");

  private Path tmp;
  private Process up;
  private Thread upReader;
  private final List<String> upOutput = new CopyOnWriteArrayList<>();
  private List<ProcessHandle> upChildren = List.of();
  private String endpoint;
  private Map<String, String> outputs;
  private S3Client s3;
  private SqsClient sqs;
  private SnsClient sns;
  private WebhookReceiver receiver;
  private boolean awsCliV1;
  private final Deque<Cleanup> cleanups = new ArrayDeque<>();
  private int uploads;

  interface Cleanup {
    void run() throws Exception;
  }

  // ---------------------------------------------------------------------------------------------
  // The README, parsed

  /** One command line of a {@code ```bash} block: continuation lines joined, its trailing comment apart. */
  record ReadmeLine(int block, String command, String comment) {
    boolean assignment() {
      return ASSIGNMENT.matcher(command).lookingAt();
    }
  }

  static String readme() throws IOException {
    return Files.readString(HOME.resolve("README.md"));
  }

  /** The lines of the {@code ```bash} blocks between "## Using it" and the next "## " heading. */
  static List<ReadmeLine> usingIt(String readme) {
    List<String> lines = readme.lines().toList();
    int start = lines.indexOf("## Using it");
    assertThat(start).as("README.md has a '## Using it' section").isNotNegative();
    List<ReadmeLine> result = new ArrayList<>();
    boolean inBash = false;
    int block = 0;
    String pending = null;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!inBash && line.startsWith("## ")) {
        break;
      }
      if (!inBash) {
        if (line.strip().equals("```bash")) {
          inBash = true;
          block++;
        }
        continue;
      }
      if (line.strip().equals("```")) {
        assertThat(pending).as("a continued line ends block %d", block).isNull();
        inBash = false;
        continue;
      }
      String joined = pending == null ? line.strip() : pending + " " + line.strip();
      if (joined.endsWith("\\")) {
        pending = joined.substring(0, joined.length() - 1).stripTrailing();
        continue;
      }
      pending = null;
      int hash = commentStart(joined);
      String command = (hash < 0 ? joined : joined.substring(0, hash)).strip();
      String comment = hash < 0 ? "" : joined.substring(hash + 1).strip();
      if (!command.isEmpty()) {
        result.add(new ReadmeLine(block, command, comment));
      }
    }
    assertThat(inBash).as("the last ```bash block of 'Using it' is closed").isFalse();
    return result;
  }

  /** Where a shell comment starts: a '#' outside quotes at the start of a word; -1 if none. */
  static int commentStart(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        }
      } else if (c == '\\') {
        i++;
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  static Pattern word(String token) {
    return Pattern.compile("(?<!\\S)" + Pattern.quote(token) + "(?!\\S)");
  }

  @Test
  @Order(1)
  void everyEntryOfTheSubstitutionTablesStillMatchesTheReadme() throws IOException {
    List<ReadmeLine> lines = usingIt(readme());
    List<String> commands = lines.stream().map(ReadmeLine::command).toList();
    assertThat(commands).as("commands of README.md's 'Using it' section").hasSizeGreaterThan(10)
        .anyMatch(c -> c.startsWith("./pipeline ")).anyMatch(c -> c.startsWith("aws "));
    for (Substitution s : SUBSTITUTIONS) {
      assertThat(commands).as("SUBSTITUTIONS names a README command that is gone or changed; update the table")
          .contains(s.readme());
    }
    for (String placeholder : PLACEHOLDERS.keySet()) {
      assertThat(commands).as("PLACEHOLDERS maps '%s', which no README command uses any more", placeholder)
          .anyMatch(c -> word(placeholder).matcher(c).find());
    }
    assertThat(commands).as("the README's endpoint").anyMatch(c -> c.contains(README_ENDPOINT));
    assertThat(commands).as("the README's webhook receiver").anyMatch(c -> c.contains(README_WEBHOOK));
    assertThat(lines).as("`dlq redrive NAME`, named in dlq list's comment").anyMatch(l ->
        l.command().equals("./pipeline dlq list") && l.comment().contains("`dlq redrive NAME`"));
  }

  // ---------------------------------------------------------------------------------------------
  // The local cloud: `./pipeline up` from the checkout, as the README runs it

  @BeforeAll
  void start() throws Exception {
    Path outputsFile = HOME.resolve(".pipeline/outputs.json");
    assumeFalse(Files.isRegularFile(outputsFile) && reachable(Json.MAPPER.readTree(outputsFile.toFile())
        .path("Endpoint").asText()), "a `pipeline up` is running in this checkout (" + outputsFile + "): the README's "
        + "commands find the local cloud through that file, so this test needs it for its own; stop that one first");
    tmp = Files.createTempDirectory("readme-");
    Files.writeString(tmp.resolve("my-policy.json"), POLICY);
    awsCliV1 = awsCliVersion().startsWith("aws-cli/1.");
    int port = free(4566) ? 4566 : LocalCloudIT.freePort();
    receiver = WebhookReceiver.on(free(README_WEBHOOK_PORT) ? README_WEBHOOK_PORT : 0);

    up = new ProcessBuilder("./pipeline", "up", "--port", Integer.toString(port)).directory(HOME.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    upReader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          upOutput.add(line);
          System.out.println("up> " + line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "pipeline-up-output");
    upReader.setDaemon(true);
    upReader.start();
    // Synthesis on a fresh checkout, then provisioning: minutes on a loaded 2-core machine.
    await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() ->
        upOutput.stream().anyMatch(l -> l.startsWith("Local cloud ready")) || !up.isAlive());
    assertThat(up.isAlive()).as("`./pipeline up` is running; its last output:\n%s", tail(upOutput, 60)).isTrue();
    upChildren = up.descendants().toList();

    JsonNode file = Json.MAPPER.readTree(outputsFile.toFile());
    outputs = new LinkedHashMap<>();
    file.fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
    endpoint = outputs.get("Endpoint");
    assertThat(endpoint).isEqualTo("http://127.0.0.1:" + port);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    sns = SnsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      while (!cleanups.isEmpty()) {
        try {
          cleanups.pop().run();
        } catch (Exception e) {
          System.err.println("README test cleanup failed: " + e);
        }
      }
      Stream.of(s3, sqs, sns).filter(java.util.Objects::nonNull).forEach(c -> c.close());
      if (receiver != null) {
        receiver.close();
      }
      if (up != null) {
        // SIGTERM (the launcher passes it on; `up` stops everything it started, in order) through the
        // handle: Process.destroy() would also close our end of its output before its last lines.
        up.toHandle().destroy();
        assertThat(up.waitFor(3, TimeUnit.MINUTES)).as("`./pipeline up` exits on SIGTERM").isTrue();
        upReader.join(10_000);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(upChildren).noneMatch(ProcessHandle::isAlive));
        assertThat(upOutput).as("`./pipeline up`'s last lines").anyMatch(l -> l.equals("Local cloud stopped"));
      }
    } finally {
      if (up != null) {
        up.descendants().forEach(ProcessHandle::destroyForcibly);
        up.destroyForcibly();
        upChildren.forEach(ProcessHandle::destroyForcibly);
      }
      if (tmp != null) {
        try (Stream<Path> files = Files.walk(tmp)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running the commands

  /** One command as run: what the README says, what ran, and what came out. */
  record Run(String readme, String command, int exit, String stdout, String stderr, Duration took) {
    String describe() {
      return "README: " + readme + (command.equals(readme) ? "" : "\nran:    " + command) + "\nexit " + exit
          + " after " + took.toMillis() + " ms\n--- stdout ---\n" + clip(stdout) + "--- stderr ---\n" + clip(stderr);
    }

    private static String clip(String s) {
      return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
    }
  }

  /** What a command should do besides exiting 0: before it runs, while it runs, after it ran. */
  interface Check {
    default void before() throws Exception {}

    default void during(Path stdout, Path stderr, Process process) throws Exception {}

    default void after(Run run) throws Exception {}
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> everyCommandOfTheUsingItSectionRunsAgainstTheLocalCloud() throws IOException {
    List<ReadmeLine> lines = usingIt(readme());
    List<DynamicTest> tests = new ArrayList<>();
    List<String> prelude = new ArrayList<>();
    int block = 0;
    for (ReadmeLine line : lines) {
      if (line.block() != block) {
        block = line.block();
        prelude.clear();
      }
      if (line.assignment()) {
        // `export …` and `E=…` hold for the rest of their block, as in a shell session.
        prelude.add(line.command());
        continue;
      }
      String shellPrelude = prelude.stream().map(this::environment).map(a -> a + "\n").reduce("", String::concat);
      tests.add(DynamicTest.dynamicTest(line.command(), () -> runReadmeLine(line, shellPrelude)));
    }
    return tests.stream();
  }

  /** An assignment line, with the cloud's endpoint when it is not the README's (4566 was taken). */
  private String environment(String assignment) {
    return assignment.replace(README_ENDPOINT, endpoint);
  }

  private void runReadmeLine(ReadmeLine line, String prelude) throws Exception {
    String command = line.command();
    for (Substitution s : SUBSTITUTIONS) {
      if (s.readme().equals(command)) {
        System.out.println("README> substituted: " + command + " -> " + s.runs() + " (" + s.why() + ")");
        command = s.runs();
      }
    }
    for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
      command = word(p.getKey()).matcher(command)
          .replaceAll(Matcher.quoteReplacement(p.getValue().replace("{tmp}", tmp.toString())));
    }
    if (awsCliV1 && line.comment().contains("AWS CLI v1: drop --cli-binary-format")) {
      // The README's own note for the AWS CLI v1 (which has no such option and sends --data as is).
      command = command.replaceAll("\\s+--cli-binary-format\\s+\\S+", "");
    }
    command = command.replace(README_WEBHOOK, "http://127.0.0.1:" + receiver.port() + "/hook");
    Check check = checkFor(line);
    Run run = run(line.command(), prelude, command, timeoutFor(command), check);
    assertThat(run.exit()).as("exit code of a README command\n%s", run.describe()).isZero();
    try {
      check.after(run);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("a README command ran but did not do what it says: " + e.getMessage() + "\n"
          + run.describe(), e);
    }
  }

  private static Duration timeoutFor(String command) {
    return command.startsWith("./pipeline bench ") ? Duration.ofMinutes(9) : DEFAULT_TIMEOUT;
  }

  private Run run(String readme, String prelude, String command, Duration timeout, Check check) throws Exception {
    check.before();
    Path stdout = Files.createTempFile(tmp, "cmd-", ".out");
    Path stderr = Files.createTempFile(tmp, "cmd-", ".err");
    System.out.println("README> " + command);
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", prelude + command).directory(HOME.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // The checks read the AWS CLI's JSON: JSON whatever a ~/.aws/config here says (it is the CLI's default).
    pb.environment().put("AWS_DEFAULT_OUTPUT", "json");
    pb.environment().put("AWS_PAGER", "");
    Process p = pb.start();
    try {
      check.during(stdout, stderr, p);
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (!finished) {
        kill(p);
        Run run = new Run(readme, command, -1, Files.readString(stdout), Files.readString(stderr), took);
        fail("a README command did not finish within " + timeout.toSeconds() + " s: one that runs until stopped needs "
            + "a bounded variant in ReadmeCommandsIT.SUBSTITUTIONS\n" + run.describe());
      }
      Run run = new Run(readme, command, p.exitValue(), Files.readString(stdout), Files.readString(stderr), took);
      System.out.println("README> exit " + run.exit() + " in " + took.toMillis() + " ms: " + command);
      return run;
    } finally {
      if (p.isAlive()) {
        kill(p);
      }
    }
  }

  private static void kill(Process p) throws InterruptedException {
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroy();
    tree.forEach(ProcessHandle::destroy);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      tree.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** A command line through bash from the checkout root (e.g. the cleanup of what a README command made). */
  private Run shell(String command) throws Exception {
    return run(command, "", command, DEFAULT_TIMEOUT, new Check() {});
  }

  // ---------------------------------------------------------------------------------------------
  // What each command should show (by the start of the README command); the rest: exit 0

  private Check checkFor(ReadmeLine line) {
    String c = line.command();
    if (c.startsWith("./pipeline images upload ")) {
      return new Check() {
        @Override
        public void after(Run run) {
          awaitObjects(outputs.get("ThumbnailsBucketName"), "");
        }
      };
    }
    if (c.startsWith("./pipeline events tail ")) {
      return new Check() {
        @Override
        public void during(Path stdout, Path stderr, Process process) {
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
              Files.readString(stderr).contains("Tailing ") || !process.isAlive());
          uploadImage();
        }

        @Override
        public void after(Run run) {
          assertThat(run.stdout()).as("the event it waited for").contains("ThumbnailCreated");
          assertThat(run.stderr()).contains("Removed the subscription and queue");
        }
      };
    }
    if (c.startsWith("./pipeline subscribe ")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          String id = field(run.stdout(), "id:");
          String secret = field(run.stdout(), "secret:");
          cleanups.push(() -> assertThat(shell("./pipeline subscriptions delete " + id).exit()).isZero());
          assertThat(secret).startsWith("whsec_");
          int before = receiver.deliveries().size();
          uploadImage();
          WebhookReceiver.Delivery d = await().atMost(EFFECT_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() ->
              receiver.deliveries().size() > before ? receiver.deliveries().get(before) : null, java.util.Objects::nonNull);
          assertThat(WebhookReceiver.verify(secret, d.header("webhook-id"), d.header("webhook-timestamp"),
              d.header("webhook-signature"), d.body(), Instant.now())).as("the delivery's signature verifies").isTrue();
          assertThat(Json.MAPPER.readTree(d.body()).path("type").asText()).isIn("ThumbnailCreated", "LogBatchArchived");
        }
      };
    }
    if (c.equals("./pipeline status")) {
      return new Check() {
        @Override
        public void after(Run run) {
          assertThat(run.stdout()).contains("Target: local cloud " + endpoint).contains("STREAM")
              .contains(outputs.get("RawLogsStreamName")).contains("FUNCTION");
        }
      };
    }
    if (c.startsWith("./pipeline outputs --json")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          JsonNode json = Json.MAPPER.readTree(run.stdout());
          assertThat(json.path("Endpoint").asText()).isEqualTo(endpoint);
          assertThat(json.path("RawLogsStreamName").asText()).isEqualTo(outputs.get("RawLogsStreamName"));
        }
      };
    }
    if (c.equals("./pipeline dlq list")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          List<String> rows = run.stdout().lines().skip(1).filter(l -> !l.isBlank()).toList();
          assertThat(run.stdout()).startsWith("DLQ");
          assertThat(rows).as("dead-letter queues listed").isNotEmpty();
          // Its comment names `dlq redrive NAME`: replay the first one listed (nothing in it: nothing to do).
          String name = rows.get(0).split("\\s+")[0];
          Run redrive = shell("./pipeline dlq redrive " + name);
          assertThat(redrive.exit()).as(redrive.describe()).isZero();
          assertThat(redrive.stdout()).as(redrive.describe()).contains("Redriving " + name);
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" kinesis put-record ")) {
      return new Check() {
        @Override
        public void after(Run run) {
          assertThat(run.stdout()).contains("SequenceNumber");
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" s3 ls ")) {
      return new Check() {
        @Override
        public void before() {
          // What `logs push` and put-record sent, archived: the listing has something to list.
          awaitObjects(outputs.get("ArchiveBucketName"), "logs/");
        }

        @Override
        public void after(Run run) {
          assertThat(run.stdout().lines().filter(l -> l.contains("logs/"))).as("archive objects listed").isNotEmpty();
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" s3 cp ")) {
      return new Check() {
        @Override
        public void after(Run run) {
          assertThat(run.stdout()).contains("upload:");
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" sqs create-queue ")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          String url = Json.MAPPER.readTree(run.stdout()).path("QueueUrl").asText();
          assertThat(url).isNotBlank();
          cleanups.push(() -> sqs.deleteQueue(b -> b.queueUrl(url)));
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" sns subscribe ")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          String arn = Json.MAPPER.readTree(run.stdout()).path("SubscriptionArn").asText();
          assertThat(arn).startsWith("arn:aws:sns:");
          cleanups.push(() -> sns.unsubscribe(b -> b.subscriptionArn(arn)));
        }
      };
    }
    if (c.startsWith("aws ") && c.contains(" sqs receive-message ")) {
      return new Check() {
        @Override
        public void before() {
          // An event for the queue subscribed just before, waiting there when the command asks for it.
          uploadImage();
          String url = sqs.getQueueUrl(b -> b.queueName("my-events")).queueUrl();
          await().atMost(EFFECT_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> Integer.parseInt(
              sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                  .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)) > 0);
        }

        @Override
        public void after(Run run) {
          assertThat(run.stdout()).contains("Messages").contains("ThumbnailCreated");
        }
      };
    }
    if (c.startsWith("./pipeline mask ")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          String masked = Files.readString(tmp.resolve("masked.log"));
          long in = Files.readAllLines(HOME.resolve(PLACEHOLDERS.get("app.log"))).size();
          assertThat(masked.lines().count()).as("one masked line per input line").isEqualTo(in);
          assertThat(masked).contains("[IPV4:10.0.*.*]").doesNotContain("192.168.0.2 ");
          assertThat(run.stderr()).as("counts on stderr").isNotBlank();
        }
      };
    }
    if (c.startsWith("./pipeline thumbnail ")) {
      return new Check() {
        @Override
        public void after(Run run) throws Exception {
          try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
            assertThat(files.toList()).as("thumbnails written to -o").isNotEmpty();
          }
          assertThat(run.stdout().lines().count()).as("one line per image").isEqualTo(1);
        }
      };
    }
    if (c.equals("./pipeline synth")) {
      FileTime[] started = new FileTime[1];
      return new Check() {
        @Override
        public void before() {
          started[0] = FileTime.from(Instant.now().minusSeconds(2));
        }

        @Override
        public void after(Run run) throws Exception {
          Path template = HOME.resolve("infra/cdk/cdk.out/EventPipeline.template.json");
          assertThat(Files.getLastModifiedTime(template)).as("a template synthesized now").isGreaterThan(started[0]);
        }
      };
    }
    return new Check() {};
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Uploads a sample JPEG under a key of this run: a ThumbnailCreated to come. */
  private void uploadImage() {
    String key = "readme-it/" + RUN + "/" + (++uploads) + ".jpg";
    s3.putObject(b -> b.bucket(outputs.get("UploadsBucketName")).key(key).contentType("image/jpeg"),
        RequestBody.fromFile(HOME.resolve("samples/images/flower.jpg")));
  }

  private void awaitObjects(String bucket, String prefix) {
    await().atMost(EFFECT_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() ->
        s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).keyCount() > 0);
  }

  /** The value after {@code label} on its line of {@code text}. */
  private static String field(String text, String label) {
    return text.lines().filter(l -> l.startsWith(label)).map(l -> l.substring(label.length()).strip()).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + label + "' line in:\n" + text));
  }

  private static String awsCliVersion() throws Exception {
    Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the AWS CLI the README uses is installed: %s", out).isZero();
    return out.toLowerCase(Locale.ROOT);
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static boolean reachable(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return false;
    }
    URI uri = URI.create(endpoint);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String tail(List<String> lines, int n) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
