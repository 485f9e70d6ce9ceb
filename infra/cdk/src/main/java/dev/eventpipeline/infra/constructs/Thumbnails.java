package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.FunctionSettings;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Thumbnails: the uploads bucket notifies the thumbnail-jobs queue on ObjectCreated; the thumbnail
 * function writes to a separate thumbnails bucket (so its writes can never trigger it again).
 */
public final class Thumbnails extends Construct {
  /** What the thumbnails flow needs from the rest of the stack. */
  public record Props(FunctionFactory functions, ITopic events, IBucket accessLogs) {}

  private final Bucket uploads;
  private final Bucket thumbnails;
  private final SecureQueue jobs;
  private final PipelineFunction thumbnail;

  public Thumbnails(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.functions().settings();
    FunctionSettings fs = s.function(FunctionId.THUMBNAIL);

    uploads = SecureBucket.create(this, "Uploads", new SecureBucket.Props(
        "UploadsBucket", props.accessLogs(), false, s.retainData(), List.of()));
    thumbnails = SecureBucket.create(this, "Thumbnails", new SecureBucket.Props(
        "ThumbnailsBucket", props.accessLogs(), false, s.retainData(), List.of()));

    jobs = new SecureQueue(this, "Jobs", new SecureQueue.Props("ThumbnailJobs",
        Duration.seconds(fs.timeoutSeconds()), Duration.seconds(fs.batchingWindowSeconds()),
        s.maxReceiveCount()));

    List<NotificationKeyFilter> filters = new ArrayList<>();
    if (!s.uploadsPrefix().isEmpty() || !s.uploadsSuffix().isEmpty()) {
      NotificationKeyFilter.Builder filter = NotificationKeyFilter.builder();
      if (!s.uploadsPrefix().isEmpty()) {
        filter.prefix(s.uploadsPrefix());
      }
      if (!s.uploadsSuffix().isEmpty()) {
        filter.suffix(s.uploadsSuffix());
      }
      filters.add(filter.build());
    }
    uploads.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(jobs.queue()),
        filters.toArray(NotificationKeyFilter[]::new));
    LogicalIds.setOnly(this, software.amazon.awscdk.CfnResource.class, "UploadsBucketNotifications",
        r -> r.getCfnResourceType().equals("Custom::S3BucketNotifications"));

    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvVars.THUMBNAILS_BUCKET, thumbnails.getBucketName());
    env.put(EnvVars.EVENTS_TOPIC_ARN, props.events().getTopicArn());
    env.put(EnvVars.THUMBNAIL_SIZES, s.thumbnailSizes());
    thumbnail = props.functions().create(this, FunctionId.THUMBNAIL, env,
        "Writes thumbnails of uploaded images (thumbnail-jobs -> thumbnails bucket)");
    // The source, by key and by the version the notification names.
    LogPipeline.objectAccess(uploads, thumbnail, "", "s3:GetObject", "s3:GetObjectVersion");
    LogPipeline.listBucket(uploads, thumbnail);
    // Thumbnails are HEAD-checked before writing (a re-processed object reuses what exists), so
    // GetObject and ListBucket there too: a missing thumbnail must answer 404, not 403.
    LogPipeline.objectAccess(thumbnails, thumbnail, "", "s3:GetObject", "s3:PutObject");
    LogPipeline.listBucket(thumbnails, thumbnail);
    props.events().grantPublish(thumbnail.alias());

    thumbnail.consume(jobs.queue(), fs, "ThumbnailEventSourceMapping", "ThumbnailJobsDlq");
  }

  public Bucket uploads() {
    return uploads;
  }

  public Bucket thumbnails() {
    return thumbnails;
  }

  public SecureQueue jobs() {
    return jobs;
  }

  public PipelineFunction function() {
    return thumbnail;
  }
}
