package dev.eventpipeline.smoketest.adapter;

import dev.eventpipeline.smoketest.port.CanaryPipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The pipeline through Kinesis and S3: the canary record into the raw-logs stream, the image into the
 * uploads bucket (metadata {@code canary=true}); the archive searched under the time partitions
 * ({@code logs/dt=.../hour=.../}) since the run started, each new object read once; the thumbnails listed
 * under {@code thumbnails/<image key>/}.
 */
public final class AwsCanaryPipeline implements CanaryPipeline {
  private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH'/'")
      .withZone(ZoneOffset.UTC);

  private final KinesisClient kinesis;
  private final S3Client s3;
  private final String stream;
  private final String uploads;
  private final String archive;
  private final String archivePrefix;
  private final String thumbnailsBucket;
  private final Set<String> searched = new HashSet<>();

  public AwsCanaryPipeline(KinesisClient kinesis, S3Client s3, String stream, String uploads, String archive,
      String archivePrefix, String thumbnailsBucket) {
    this.kinesis = kinesis;
    this.s3 = s3;
    this.stream = stream;
    this.uploads = uploads;
    this.archive = archive;
    this.archivePrefix = archivePrefix;
    this.thumbnailsBucket = thumbnailsBucket;
  }

  @Override
  public void putLogRecord(String partitionKey, byte[] record) {
    kinesis.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(record)));
  }

  @Override
  public void putImage(String key, byte[] png) {
    s3.putObject(b -> b.bucket(uploads).key(key).contentType("image/png")
        .metadata(java.util.Map.of("canary", "true")), RequestBody.fromBytes(png));
  }

  @Override
  public Optional<String> archiveObjectWith(String canaryId, Instant since) {
    Set<String> prefixes = new LinkedHashSet<>();
    for (Instant t = since.truncatedTo(ChronoUnit.HOURS); !t.isAfter(Instant.now()); t = t.plus(1, ChronoUnit.HOURS)) {
      prefixes.add(archivePrefix + PARTITION.format(t));
    }
    for (String prefix : prefixes) {
      for (S3Object o : list(archive, prefix)) {
        if (o.lastModified().isBefore(since) || !searched.add(o.key() + "@" + o.eTag())) {
          continue;
        }
        byte[] gz = s3.getObjectAsBytes(b -> b.bucket(archive).key(o.key())).asByteArray();
        if (gunzip(gz).contains(canaryId)) {
          return Optional.of(o.key());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> thumbnailsOf(String imageKey) {
    List<String> keys = new ArrayList<>();
    list(thumbnailsBucket, "thumbnails/" + imageKey + "/").forEach(o -> keys.add(o.key()));
    return keys;
  }

  @Override
  public void cleanUp(String imageKey, List<String> thumbnails) {
    s3.deleteObject(b -> b.bucket(uploads).key(imageKey));
    if (!thumbnails.isEmpty()) {
      s3.deleteObjects(b -> b.bucket(thumbnailsBucket).delete(d -> d.objects(
          thumbnails.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())));
    }
  }

  /** Every object under a prefix (ListObjectsV2 page by page: the functions' jars carry no S3 paginators). */
  private List<S3Object> list(String bucket, String prefix) {
    List<S3Object> all = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(continuation));
      all.addAll(page.contents());
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return all;
  }

  private static String gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable archive object", e);
    }
  }
}
