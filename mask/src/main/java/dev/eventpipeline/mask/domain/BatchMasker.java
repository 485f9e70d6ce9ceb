package dev.eventpipeline.mask.domain;

import dev.eventpipeline.masking.NotJsonException;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.masking.MaskCounts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.masking.HashKeyUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masks a shard batch (pure: no I/O). Every input record ends in exactly one place: the archive
 * (masked JSON), the quarantine (masked as text, never in the clear), or — a later copy of a record
 * id already seen in the batch, or an id already archived — counted as a duplicate. A record whose masking fails is masked as
 * plain text and quarantined; if even that fails its payload is withheld. Only a missing HASH key
 * fails the batch: retrying later is the only way to mask it as the policy says.
 */
public final class BatchMasker {
  private static final Logger LOG = LoggerFactory.getLogger(BatchMasker.class);

  private final JsonMasker masker;
  private final ArchiveLayout layout;

  public BatchMasker(JsonMasker masker, ArchiveLayout layout) {
    this.masker = masker;
    this.layout = layout;
  }

  /** Where this masker's quarantined records go, and so the batch's archive objects. */
  ArchiveLayout layout() {
    return layout;
  }

  public MaskedBatch mask(String streamName, String shardId, List<InputRecord> records) {
    return mask(streamName, shardId, records, id -> false);
  }

  /**
   * Masks a batch, dropping the records whose id {@code alreadyArchived} accepts (archived by an
   * earlier batch) and later copies of an id seen earlier in the batch.
   */
  public MaskedBatch mask(String streamName, String shardId, List<InputRecord> records,
      Predicate<String> alreadyArchived) {
    MaskCounts total = new MaskCounts();
    MaskCounts credentials = new MaskCounts();
    List<String> credentialIds = new ArrayList<>();
    List<MaskedBatch.Quarantined> quarantined = new ArrayList<>();
    List<ArchiveObject.Line> lines = new ArrayList<>(records.size());
    InputRecord first = null;
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    int archivedBefore = 0;
    for (InputRecord record : records) {
      JsonMasker.MaskedRecord masked;
      try {
        masked = masker.maskRecord(record.data());
      } catch (NotJsonException e) {
        quarantined.add(quarantine(streamName, shardId, record, MaskedBatch.Reason.NOT_JSON, total,
            credentials, credentialIds));
        continue;
      } catch (HashKeyUnavailableException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        // the class only: a message could quote the payload
        LOG.warn("Masking record {} as JSON failed ({}); quarantining it masked as text",
            record.sequenceNumber(), e.getClass().getName());
        quarantined.add(quarantine(streamName, shardId, record, MaskedBatch.Reason.MASKING_FAILED, total,
            credentials, credentialIds));
        continue;
      }
      if (masked.id() == null) {
        quarantined.add(quarantine(streamName, shardId, record, MaskedBatch.Reason.NO_RECORD_ID, total,
            credentials, credentialIds));
        continue;
      }
      if (!seen.add(masked.id())) {
        duplicates++;
        continue;
      }
      if (alreadyArchived.test(masked.id())) {
        archivedBefore++;
        continue;
      }
      total.addAll(masked.counts());
      if (masked.counts().hasCredential()) {
        credentialIds.add(masked.id());
        addCredentials(credentials, masked.counts());
      }
      if (first == null) {
        first = record;
      }
      lines.add(new ArchiveObject.Line(masked.id(), masked.json()));
    }
    return new MaskedBatch(lines, first, duplicates, archivedBefore, total, credentials, credentialIds, quarantined);
  }

  private MaskedBatch.Quarantined quarantine(String streamName, String shardId, InputRecord record,
      MaskedBatch.Reason reason, MaskCounts total, MaskCounts credentials, List<String> credentialIds) {
    MaskCounts counts = new MaskCounts();
    String payload;
    try {
      payload = masker.engine().mask(new String(record.data(), StandardCharsets.UTF_8), counts);
    } catch (HashKeyUnavailableException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      LOG.warn("Masking record {} as text failed too ({}); its payload is withheld from the quarantine",
          record.sequenceNumber(), e.getClass().getName());
      payload = null;
      counts = new MaskCounts();
    }
    total.addAll(counts);
    if (counts.hasCredential()) {
      addCredentials(credentials, counts);
      // a quarantined record has no trusted id: name it by its stream coordinates
      credentialIds.add(shardId + "." + record.sequenceNumber());
    }
    ObjectNode body = Json.MAPPER.createObjectNode()
        .put("stage", "mask")
        .put("reason", reason.name())
        .put("streamName", streamName)
        .put("shardId", shardId)
        .put("sequenceNumber", record.sequenceNumber())
        .put("approximateArrivalTimestamp", record.approximateArrival().toString())
        .put("payloadBytes", record.data().length);
    if (payload == null) {
      body.putNull("maskedPayload");
    } else {
      body.put("maskedPayload", payload);
    }
    body.set("masking", Json.MAPPER.valueToTree(counts.asMap()));
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = layout.quarantineKey(shardId, record.sequenceNumber(), record.approximateArrival());
    return new MaskedBatch.Quarantined(record.sequenceNumber(), key, reason, bytes);
  }

  private static void addCredentials(MaskCounts credentials, MaskCounts counts) {
    for (DetectorType t : DetectorType.values()) {
      if (t.credential()) {
        credentials.add(t, counts.get(t));
      }
    }
  }
}
