package dev.eventpipeline.mask.handler;

import dev.eventpipeline.mask.port.ArchiveStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** A test double of the archive bucket: keys to bodies, with failures on demand. */
final class InMemoryArchiveStore implements ArchiveStore {
  final Map<String, byte[]> objects = new LinkedHashMap<>();
  int puts;
  int reads;
  private String failOnKeyContaining;

  InMemoryArchiveStore failPutsOfKeysContaining(String fragment) {
    failOnKeyContaining = fragment;
    return this;
  }

  @Override
  public String bucket() {
    return "log-archive";
  }

  @Override
  public void put(String key, byte[] body, String contentType, String contentEncoding) {
    if (failOnKeyContaining != null && key.contains(failOnKeyContaining)) {
      throw new IllegalStateException("injected put failure");
    }
    puts++;
    objects.put(key, body.clone());
  }

  @Override
  public Optional<byte[]> read(String key) {
    reads++;
    byte[] body = objects.get(key);
    return body == null ? Optional.empty() : Optional.of(body.clone());
  }

  List<String> keys() {
    return List.copyOf(objects.keySet());
  }

  /** The lines of a gzip NDJSON object. */
  List<String> lines(String key) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(objects.get(key)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text(String key) {
    return new String(objects.get(key), StandardCharsets.UTF_8);
  }
}
