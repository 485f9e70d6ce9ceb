package dev.eventpipeline.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Uploads images to the uploads bucket with the content type a browser or the AWS CLI would send. */
public final class ImageUploader {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("jpe", "image/jpeg"),
      Map.entry("png", "image/png"), Map.entry("apng", "image/apng"), Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"), Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"), Map.entry("heic", "image/heic"), Map.entry("heif", "image/heif"),
      Map.entry("avif", "image/avif"), Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("svg", "image/svg+xml"),
      Map.entry("mpo", "image/jpeg"), Map.entry("psd", "image/vnd.adobe.photoshop"));

  /** One uploaded object. */
  public record Uploaded(String bucket, String key, String contentType, long bytes) {
    public String uri() {
      return "s3://" + bucket + "/" + key;
    }
  }

  private final S3Client s3;
  private final String bucket;

  public ImageUploader(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** PutObject of {@code file} under {@code prefix + file name}. */
  public Uploaded upload(Path file, String prefix) {
    String key = (prefix == null ? "" : prefix) + file.getFileName();
    String type = contentType(file);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new TargetException("cannot read " + file + ": " + e.getMessage(), e);
    }
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromFile(file));
    return new Uploaded(bucket, key, type, size);
  }

  /**
   * By extension, as uploaders do (a text file named .jpg goes up as image/jpeg: sniffing the real
   * format is the pipeline's job); without a known extension, by the file's magic bytes.
   */
  public static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      String type = TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
      if (type != null) {
        return type;
      }
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(16);
    } catch (IOException e) {
      return "application/octet-stream";
    }
    return sniff(head);
  }

  static String sniff(byte[] h) {
    if (starts(h, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(h, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(h, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (starts(h, 'R', 'I', 'F', 'F') && h.length >= 12 && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P') {
      return "image/webp";
    }
    if (starts(h, 'B', 'M')) {
      return "image/bmp";
    }
    if (starts(h, 'I', 'I', 42, 0) || starts(h, 'M', 'M', 0, 42)) {
      return "image/tiff";
    }
    return "application/octet-stream";
  }

  private static boolean starts(byte[] h, int... magic) {
    if (h.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((h[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
