package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.ingest.domain.format.RejectReason;

/**
 * A part of a raw record that could not be forwarded and must be quarantined.
 *
 * @param scope how much of the raw record this covers (the whole record, one KPL user record, one line or event)
 * @param detail a short, payload-free explanation (safe to log and to put in S3 metadata)
 * @param bytes the bytes this rejection covers: the raw record, the user record's data, or the item's source
 *     text. They are never stored as they are: the quarantine document holds them masked, and a raw copy
 *     goes only to the opt-in raw bucket.
 * @param inflated for a compressed record rejected after (part of) it inflated: what inflated (at most
 *     {@link Inflate#PREFIX_KEPT_BYTES}); the quarantine masks this text instead of compressed bytes.
 *     Null otherwise.
 * @param inflatedWhole whether {@code inflated} is the whole inflated payload (false: a prefix, cut by an
 *     error or by a cap)
 */
public record Rejection(RejectReason reason, String detail, Scope scope, long subSequenceNumber, int lineIndex,
    byte[] bytes, byte[] inflated, boolean inflatedWhole) {

  /** The granularity of a rejection. */
  public enum Scope { RECORD, USER_RECORD, ITEM }

  /** A rejection of raw (uncompressed) bytes. */
  public Rejection(RejectReason reason, String detail, Scope scope, long subSequenceNumber, int lineIndex,
      byte[] bytes) {
    this(reason, detail, scope, subSequenceNumber, lineIndex, bytes, null, false);
  }

  public static Rejection ofRecord(RejectReason reason, String detail, byte[] bytes) {
    return new Rejection(reason, detail, Scope.RECORD, 0, 0, bytes);
  }

  /** A whole compressed record rejected after {@code inflated} came out of it (whole or a prefix). */
  public static Rejection ofCompressedRecord(RejectReason reason, String detail, byte[] bytes, byte[] inflated,
      boolean inflatedWhole) {
    return new Rejection(reason, detail, Scope.RECORD, 0, 0, bytes, inflated, inflatedWhole);
  }
}
