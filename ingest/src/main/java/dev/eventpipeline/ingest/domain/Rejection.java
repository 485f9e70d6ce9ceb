package dev.eventpipeline.ingest.domain;

/**
 * A part of a raw record that could not be forwarded and must be quarantined.
 *
 * @param scope how much of the raw record this covers (the whole record, one KPL user record, one line or event)
 * @param detail a short, payload-free explanation (safe to log and to put in S3 metadata)
 * @param bytes the bytes to keep: the raw record, the user record's data, or the item's source text
 */
public record Rejection(RejectReason reason, String detail, Scope scope, long subSequenceNumber, int lineIndex,
    byte[] bytes) {

  /** The granularity of a rejection. */
  public enum Scope { RECORD, USER_RECORD, ITEM }

  public static Rejection ofRecord(RejectReason reason, String detail, byte[] bytes) {
    return new Rejection(reason, detail, Scope.RECORD, 0, 0, bytes);
  }
}
