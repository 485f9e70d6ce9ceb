package dev.eventpipeline.cli.client;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.cli.PipelineCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Test fixture: a real moto server, the resources a client command needs (created by the test, the
 * way `pipeline up` would), an outputs.json under a temporary pipeline home, and a way to run the
 * CLI in-process capturing stdout and stderr.
 */
final class MotoPipeline implements AutoCloseable {
  /** What a CLI run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  final MotoServer moto;
  final Path home;
  final KinesisClient kinesis;
  final S3Client s3;
  final SqsClient sqs;
  final SnsClient sns;
  private final Map<String, String> outputs = new LinkedHashMap<>();

  private MotoPipeline(MotoServer moto, Path home) {
    this.moto = moto;
    this.home = home;
    AwsClients aws = AwsClients.from(Env.of(moto.clientEnvironment()));
    this.kinesis = aws.kinesis();
    this.s3 = aws.s3();
    this.sqs = aws.sqs();
    this.sns = aws.sns();
    outputs.put("Endpoint", moto.endpoint().toString());
    outputs.put("Region", "us-east-1");
  }

  static MotoPipeline start(Path home) {
    return new MotoPipeline(MotoServer.start().configureSdkSystemProperties(), home);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String createStream(String outputKey, int shards) {
    String name = unique("stream");
    kinesis.createStream(b -> b.streamName(name).shardCount(shards));
    Instant deadline = Instant.now().plusSeconds(30);
    while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus()
        != StreamStatus.ACTIVE) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("stream " + name + " not ACTIVE");
      }
      sleep(Duration.ofMillis(100));
    }
    return output(outputKey, name);
  }

  String createBucket(String outputKey) {
    String name = unique("bucket");
    s3.createBucket(b -> b.bucket(name));
    return output(outputKey, name);
  }

  String createTopic(String outputKey) {
    String arn = sns.createTopic(b -> b.name(unique("topic"))).topicArn();
    return output(outputKey, arn);
  }

  String createQueue(String outputKey) {
    String url = sqs.createQueue(b -> b.queueName(unique("queue"))).queueUrl();
    return output(outputKey, url);
  }

  String output(String key, String value) {
    outputs.put(key, value);
    writeOutputs();
    return value;
  }

  void removeOutput(String key) {
    outputs.remove(key);
    writeOutputs();
  }

  Path stateDirectory() {
    return home.resolve(".pipeline");
  }

  private void writeOutputs() {
    try {
      Files.createDirectories(stateDirectory());
      Json.MAPPER.writeValue(stateDirectory().resolve("outputs.json").toFile(), outputs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs `pipeline ARGS...` in-process with pipeline.home pointing at this fixture's home. */
  Run run(String... args) {
    String previous = System.getProperty("pipeline.home");
    System.setProperty("pipeline.home", home.toString());
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = PipelineCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      return new Run(code, out.toString(), err.toString());
    } finally {
      if (previous == null) {
        System.clearProperty("pipeline.home");
      } else {
        System.setProperty("pipeline.home", previous);
      }
    }
  }

  /** Every record in the stream, shard by shard, in sequence order within each shard. */
  List<Record> readStream(String stream) {
    List<Record> records = new ArrayList<>();
    for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
      String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String current = iterator;
        var response = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
        records.addAll(response.records());
        if (response.records().isEmpty()) {
          break;
        }
        iterator = response.nextShardIterator();
      }
    }
    return records;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    kinesis.close();
    s3.close();
    sqs.close();
    sns.close();
    moto.close();
  }
}
