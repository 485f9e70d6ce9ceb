package dev.eventpipeline.thumbnail.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.lifecycle.SyntheticEvents;
import dev.eventpipeline.thumbnail.port.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Thumbnail's SnapStart priming ({@link SnapStartPriming}): a second handler, with an in-memory store
 * serving two generated images (a 1024×768 JPEG, which our decoder reads, and a PNG, which goes
 * through ImageIO) and keeping nothing, so the snapshot holds the sniffer, the header guard, both
 * decoders, the resizer and the JPEG encoder, loaded and compiled, and ImageIO's plugin registry
 * scanned.
 */
final class ThumbnailPriming {
  private ThumbnailPriming() {}

  static void register(ThumbnailConfig config) {
    SnapStartPriming.register("thumbnail", () -> prime(config, new Images()));
  }

  static SQSBatchResponse prime(ThumbnailConfig config, ObjectStore store) {
    EventPublisher events = published -> { };
    ThumbnailHandler handler = new ThumbnailHandler(config, store, events);
    return handler.handleRequest(SyntheticEvents.sqs("priming", List.of(notification("priming.jpg"),
        notification("priming.png"))), null);
  }

  static String notification(String key) {
    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
        + "\"eventTime\":\"2026-01-01T00:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\","
        + "\"bucket\":{\"name\":\"priming\",\"arn\":\"arn:aws:s3:::priming\"},\"object\":{\"key\":\"" + key
        + "\",\"size\":1,\"eTag\":\"priming\",\"sequencer\":\"0\"}}}]}";
  }

  /** Serves a generated JPEG and PNG; keeps nothing. */
  static class Images implements ObjectStore {
    private final byte[] jpeg;
    private final byte[] png;

    Images() {
      BufferedImage image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          image.setRGB(x, y, ((x * 255 / 1024) << 16) | ((y * 255 / 768) << 8) | ((x ^ y) & 0xff));
        }
      }
      this.jpeg = encode(image, "jpg");
      this.png = encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        if (!ImageIO.write(image, format, out)) {
          throw new IllegalStateException("no ImageIO writer for " + format);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    private byte[] bytes(String key) {
      return key.endsWith(".png") ? png : jpeg;
    }

    @Override
    public StoredObject get(String bucket, String key, String versionId, long maxBytes) {
      return new StoredObject(bytes(key), "priming", null);
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
      return Optional.of(new ObjectInfo(bytes(key).length, Map.of()));
    }

    @Override
    public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
      // priming: stored nowhere
    }
  }
}
